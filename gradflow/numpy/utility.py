"""Array API utility functions: all, any, diff."""

from __future__ import annotations

import builtins

from gradflow import dtypes
from gradflow.core.spec import format_spec, normalize_axes, normalize_axis
from gradflow.errors import ArgumentError, ShapeError
from gradflow.numpy._args import promote, tensor
from gradflow.ops import cumulative as scan
from gradflow.ops import elementwise as ew
from gradflow.ops import reduce as red
from gradflow.ops import shape as shape_ops

__all__ = ["all", "any", "diff"]


def _truth(x):
    return x if x.dtype == dtypes.bool else ew.not_equal(x, ew.zeros_like(x))


def all(x, /, *, axis=None, keepdims: bool = False):  # noqa: A001 - the Array API name
    """Whether every element along `axis` (all axes by default) is true (nonzero).

    Args:
        x: a tensor of any dtype; NaN counts as true.
        axis: an int, a tuple of ints, or None for all axes.
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        A bool tensor; True over an empty axis.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.all(gf.constant([[1, 0], [2, 3]]), axis=1).tolist()
    [False, True]
    """
    x = tensor(x, "all")
    axes = normalize_axes(axis, x.ndim, "all")
    return red.all(_truth(x), axes=axes, keepdims=bool(keepdims))


def any(x, /, *, axis=None, keepdims: bool = False):  # noqa: A001 - the Array API name
    """Whether some element along `axis` (all axes by default) is true (nonzero).

    Args:
        x: a tensor of any dtype; NaN counts as true.
        axis: an int, a tuple of ints, or None for all axes.
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        A bool tensor; False over an empty axis.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.any(gf.constant([[1, 0], [0, 0]]), axis=1).tolist()
    [True, False]
    """
    x = tensor(x, "any")
    axes = normalize_axes(axis, x.ndim, "any")
    return red.any(_truth(x), axes=axes, keepdims=bool(keepdims))


def _edge(value, x, axis: int, what: str):
    """prepend/append as a tensor of x's shape except along `axis` (scalars fill size 1)."""
    if value.ndim == 0:
        shape = x.shape[:axis] + (1,) + x.shape[axis + 1 :]
        return shape_ops.broadcast_to(value, shape=shape)
    if value.ndim != x.ndim or builtins.any(
        a != b for i, (a, b) in enumerate(zip(value.shape, x.shape)) if i != axis
    ):
        raise ShapeError(
            f"diff: {what} must have x's shape except along axis {axis}, got "
            f"{format_spec(value.spec)} for x {format_spec(x.spec)}"
        )
    return value


def diff(x, /, *, axis: int = -1, n: int = 1, prepend=None, append=None):
    """The n-th discrete difference along `axis`: out[i] = x[i+1] - x[i], n times.

    Args:
        x: a numeric tensor of rank >= 1.
        axis: the axis to difference along (default: the last).
        n: how many times to difference (>= 0); each time the axis shrinks by one,
            down to 0.
        prepend: values put before x along `axis` first (a scalar, or a tensor of x's
            shape except along `axis`); promoted with x.
        append: values put after x along `axis` first, like `prepend`.

    Returns:
        The differences, in the promoted dtype.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.diff(gf.constant([1.0, 4.0, 9.0, 16.0])).tolist()
    [3.0, 5.0, 7.0]
    >>> gf.numpy.diff(gf.constant([1, 4, 9]), n=2).tolist()
    [2]
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ArgumentError(f"diff: n must be a non-negative int, got {n!r}")
    x = tensor(x, "diff")
    if x.ndim == 0:
        raise ShapeError(
            f"diff: x must have at least one dimension, got {format_spec(x.spec)}; "
            "reshape it to (1,) first"
        )
    axis = normalize_axis(axis, x.ndim, "diff")
    edges = [e for e in (prepend, append) if e is not None]
    if edges:
        x, *values = promote("diff", x, *edges)
        values = iter(values)
        parts = []
        if prepend is not None:
            parts.append(_edge(next(values), x, axis, "prepend"))
        parts.append(x)
        if append is not None:
            parts.append(_edge(next(values), x, axis, "append"))
        x = shape_ops.concat(*parts, axis=axis)
    for _ in range(n):
        x = scan.diff(x, axis=axis, adjoint=False)
    return x
