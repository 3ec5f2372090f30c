"""Array API sorting functions: argsort, sort.

NaN sorts as the largest value: last in ascending order, first in descending order.
"""

from __future__ import annotations

from gradflow.core.spec import normalize_axis
from gradflow.numpy._args import tensor
from gradflow.ops import sorting as srt

__all__ = ["argsort", "sort"]


def argsort(x, /, *, axis: int = -1, descending: bool = False, stable: bool = True):
    """The indices that sort x along `axis`.

    Args:
        x: a real numeric tensor of rank >= 1.
        axis: the axis to sort along (default: the last).
        descending: sort from largest to smallest.
        stable: keep equal elements in their original relative order (in both
            directions); False allows a faster, unstable sort.

    Returns:
        An int64 tensor of x's shape.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.argsort(gf.constant([3.0, 1.0, 2.0])).tolist()
    [1, 2, 0]
    >>> gf.numpy.argsort(gf.constant([1, 2, 1]), descending=True).tolist()
    [1, 0, 2]
    """
    x = tensor(x, "argsort")
    axis = normalize_axis(axis, x.ndim, "argsort")
    return srt.argsort(x, axis=axis, descending=bool(descending), stable=bool(stable))


def sort(x, /, *, axis: int = -1, descending: bool = False, stable: bool = True):
    """A sorted copy of x along `axis`.

    Args:
        x: a real numeric tensor of rank >= 1.
        axis: the axis to sort along (default: the last).
        descending: sort from largest to smallest.
        stable: accepted for the Array API; sorted values do not depend on it.

    Returns:
        The sorted tensor. The gradient goes back to each element's original place.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.sort(gf.constant([[3.0, 1.0, 2.0]]), descending=True).tolist()
    [[3.0, 2.0, 1.0]]
    """
    x = tensor(x, "sort")
    axis = normalize_axis(axis, x.ndim, "sort")
    return srt.sort(x, axis=axis, descending=bool(descending))
