"""linalg norms: vector_norm and matrix_norm, composites of reductions (and svdvals)."""

from __future__ import annotations

import math

from gradflow.core.spec import format_spec, normalize_axes
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError
from gradflow.numpy._args import tensor, to_float
from gradflow.numpy.linalg.matrices import matrix_arg
from gradflow.ops import elementwise as ew
from gradflow.ops import linalg as la
from gradflow.ops import linalg_decomp as ld
from gradflow.ops import reduce as red
from gradflow.ops import shape as shape_ops


def _is_number(ord) -> bool:
    return isinstance(ord, (int, float)) and not isinstance(ord, bool)


def _sum_of_squares_root(x: Tensor, axes: tuple, keepdims: bool) -> Tensor:
    return ew.sqrt(red.sum(ew.multiply(x, x), axes=axes, keepdims=keepdims))


def vector_norm(x, /, *, axis=None, keepdims: bool = False, ord=2) -> Tensor:
    """The vector p-norm over `axis` (all elements by default).

    Args:
        x: a floating tensor (integers are promoted to the default float).
        axis: None (all axes, as one flattened vector), an int, or a tuple of ints.
        keepdims: keep the reduced axes as size-1 dimensions.
        ord: p, any real number; inf is max |x|, -inf min |x|, 0 the count of nonzeros.

    Returns:
        The norms, in x's floating dtype.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.vector_norm(gf.constant([3.0, -4.0])).item()
    5.0
    """
    x = to_float(tensor(x, "vector_norm"))
    if not _is_number(ord):
        raise ArgumentError(f"vector_norm: ord must be a real number (or +-inf), got {ord!r}")
    axes = normalize_axes(axis, x.ndim, "vector_norm")
    keepdims = bool(keepdims)
    if ord == 2:
        return _sum_of_squares_root(x, axes, keepdims)
    magnitude = ew.abs(x)
    if ord == 1:
        return red.sum(magnitude, axes=axes, keepdims=keepdims)
    if ord == math.inf:
        return red.max(magnitude, axes=axes, keepdims=keepdims)
    if ord == -math.inf:
        return red.min(magnitude, axes=axes, keepdims=keepdims)
    if ord == 0:
        nonzero = ew.not_equal(x, ew.zeros_like(x))
        return red.sum(ew.astype(nonzero, dtype=x.dtype), axes=axes, keepdims=keepdims)
    powered = ew.power(magnitude, la.broadcast_like(la.constant(ord, x.dtype), x.shape))
    total = red.sum(powered, axes=axes, keepdims=keepdims)
    return ew.power(total, la.broadcast_like(la.constant(1.0 / ord, x.dtype), total.shape))


def matrix_norm(x, /, *, keepdims: bool = False, ord="fro") -> Tensor:
    """A matrix norm of each matrix in a stack.

    Args:
        x: a floating tensor, shape (..., m, n).
        keepdims: keep the last two axes as size-1 dimensions.
        ord: 'fro' (Frobenius), 'nuc' (sum of singular values), 2 / -2 (largest /
            smallest singular value), 1 / -1 (max / min column sum of |x|), inf / -inf
            (max / min row sum of |x|).

    Returns:
        The norms, shape (...) (or (..., 1, 1) with keepdims).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.matrix_norm(gf.constant([[1.0, -2.0], [3.0, 4.0]]), ord=1).item()
    6.0
    """
    x = matrix_arg(x, "matrix_norm")
    rows, cols = x.ndim - 2, x.ndim - 1
    if ord == "fro":
        out = _sum_of_squares_root(x, (rows, cols), False)
    elif ord == "nuc":
        out = red.sum(ld.svdvals(x), axes=(rows,), keepdims=False)
    elif _is_number(ord) and ord in (2, -2):
        reduce = red.max if ord == 2 else red.min
        out = reduce(ld.svdvals(x), axes=(rows,), keepdims=False)
    elif _is_number(ord) and ord in (1, -1, math.inf, -math.inf):
        # 1: sum over rows (a column sum) then the extreme over columns; inf: the reverse
        summed = red.sum(ew.abs(x), axes=(rows if abs(ord) == 1 else cols,), keepdims=False)
        reduce = red.max if ord > 0 else red.min
        out = reduce(summed, axes=(rows,), keepdims=False)
    else:
        raise ArgumentError(
            f"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or -inf, got {ord!r} "
            f"(x: {format_spec(x.spec)})"
        )
    if keepdims:
        out = shape_ops.reshape(out, shape=out.shape + (1, 1))
    return out
