"""Array API searching functions: argmax, argmin, count_nonzero, nonzero, searchsorted,
where."""

from __future__ import annotations

from gradflow import dtypes
from gradflow.core.spec import format_spec, normalize_axes, normalize_axis
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.numpy._args import broadcast, promote, tensor
from gradflow.ops import elementwise as ew
from gradflow.ops import reduce as red
from gradflow.ops import searching as srch
from gradflow.ops import sorting as srt

__all__ = ["argmax", "argmin", "count_nonzero", "nonzero", "searchsorted", "where"]


def _arg_extremum(op: str, prim, x, axis, keepdims):
    x = tensor(x, op)
    if axis is not None:
        axis = normalize_axis(axis, x.ndim, op)
    return prim(x, axis=axis, keepdims=bool(keepdims))


def argmax(x, /, *, axis=None, keepdims: bool = False):
    """Index of the first maximum along `axis` (of the flattened x when axis is None).

    Args:
        x: a real numeric tensor with no empty axis to search.
        axis: an int, or None to search the flattened tensor.
        keepdims: keep the searched axis (all axes, for None) as size 1.

    Returns:
        An int64 tensor of indices. A NaN counts as the maximum (its first index).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.argmax(gf.constant([[1.0, 5.0], [7.0, 2.0]]), axis=1).tolist()
    [1, 0]
    """
    return _arg_extremum("argmax", srch.argmax, x, axis, keepdims)


def argmin(x, /, *, axis=None, keepdims: bool = False):
    """Index of the first minimum along `axis` (of the flattened x when axis is None).

    Args:
        x: a real numeric tensor with no empty axis to search.
        axis: an int, or None to search the flattened tensor.
        keepdims: keep the searched axis (all axes, for None) as size 1.

    Returns:
        An int64 tensor of indices. A NaN counts as the minimum (its first index).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.argmin(gf.constant([[1.0, 5.0], [7.0, 2.0]])).tolist()
    0
    """
    return _arg_extremum("argmin", srch.argmin, x, axis, keepdims)


def _truth(x):
    """x as a bool tensor: nonzero (and NaN) is True."""
    return x if x.dtype == dtypes.bool else ew.not_equal(x, ew.zeros_like(x))


def count_nonzero(x, /, *, axis=None, keepdims: bool = False):
    """How many elements along `axis` (all axes by default) are nonzero.

    Args:
        x: a tensor of any dtype (NaN counts as nonzero).
        axis: an int, a tuple of ints, or None for all axes.
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        An int64 tensor of counts.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.count_nonzero(gf.constant([[0.0, 1.0], [2.0, 3.0]]), axis=1).tolist()
    [1, 2]
    """
    x = tensor(x, "count_nonzero")
    axes = normalize_axes(axis, x.ndim, "count_nonzero")
    counts = ew.astype(_truth(x), dtype=dtypes.DEFAULT_INDEX)
    return red.sum(counts, axes=axes, keepdims=bool(keepdims))


def nonzero(x, /):
    """The indices of the nonzero elements, one int64 vector per axis, in row-major order.

    Args:
        x: a tensor of rank >= 1 (NaN counts as nonzero).

    Returns:
        A tuple of `x.ndim` int64 tensors of one length: element k is at
        `x[out[0][k], out[1][k], ...]`.

    Example:
    >>> import gradflow as gf
    >>> rows, cols = gf.numpy.nonzero(gf.constant([[0, 3], [4, 0]]))
    >>> rows.tolist(), cols.tolist()
    ([0, 1], [1, 0])
    """
    return srch.nonzero(tensor(x, "nonzero"))


def searchsorted(x1, x2, /, *, side: str = "left", sorter=None):
    """Where to insert each x2 value into the sorted x1 to keep it sorted.

    Args:
        x1: a one-dimensional real tensor, ascending (or put in order by `sorter`).
        x2: the values to look up (any shape); promoted with x1.
        side: 'left' gives the first suitable index, 'right' the last (ties with x1).
        sorter: an int tensor of the indices that sort x1 (what argsort returns).

    Returns:
        An int64 tensor of x2's shape.

    Example:
    >>> import gradflow as gf
    >>> gnp = gf.numpy
    >>> gnp.searchsorted(gnp.asarray([1.0, 2.0, 3.0]), gnp.asarray([2.0, 9.0])).tolist()
    [1, 3]
    """
    if side not in ("left", "right"):
        raise ArgumentError(f"searchsorted: side must be 'left' or 'right', got {side!r}")
    x1, x2 = promote("searchsorted", x1, x2)
    if sorter is not None:
        sorter = tensor(sorter, "searchsorted")
        if not dtypes.is_integer(sorter.dtype):
            raise DTypeError(
                f"searchsorted: sorter must hold integer indices, got {format_spec(sorter.spec)}"
            )
        if x1.ndim == 1 and sorter.shape != x1.shape:
            raise ShapeError(
                f"searchsorted: sorter must index every element of x1 once, but sorter is "
                f"{format_spec(sorter.spec)} and x1 is {format_spec(x1.spec)}"
            )
        if x1.ndim == 1:
            x1 = srt.permute_along_axis(x1, sorter, axis=0)
    return srch.searchsorted(x1, x2, side=side)


def where(condition, x1, x2, /):
    """Elements of x1 where `condition` is True, else of x2 (all three broadcast).

    Args:
        condition: a bool tensor (other dtypes: nonzero is True).
        x1: a tensor or Python scalar, chosen where condition holds.
        x2: a tensor or Python scalar, chosen elsewhere; promoted with x1.

    Returns:
        A tensor of the promoted dtype and the broadcast shape. The gradient flows to
        x1 where the condition holds and to x2 elsewhere.

    Example:
    >>> import gradflow as gf
    >>> x = gf.constant([-1.0, 2.0])
    >>> gf.numpy.where(x > 0, x, 0.0).tolist()
    [0.0, 2.0]
    """
    condition = _truth(tensor(condition, "where"))
    x1, x2 = promote("where", x1, x2)
    condition, x1, x2 = broadcast("where", condition, x1, x2)
    return ew.where(condition, x1, x2)
