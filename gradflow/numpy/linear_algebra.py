"""Array API linear algebra functions: matmul, matrix_transpose, tensordot, vecdot.

The rest of the standard's linear algebra is the `linalg` extension (gf.numpy.linalg).
"""

from __future__ import annotations

from gradflow.core.spec import format_spec, normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, ShapeError
from gradflow.numpy._args import broadcast, promote, tensor
from gradflow.ops import elementwise as ew
from gradflow.ops import linalg as la
from gradflow.ops import reduce as red
from gradflow.ops import shape as shape_ops

__all__ = ["matmul", "matrix_transpose", "tensordot", "vecdot"]


def matmul(x1, x2, /) -> Tensor:
    """Matrix product, with NumPy's rules for 1-d operands and batch broadcasting.

    A 1-d `x1` is a row vector and a 1-d `x2` a column vector (the added axis is removed
    from the result); the dimensions before the last two broadcast.

    Args:
        x1: a numeric tensor of rank >= 1, shape (..., n, k) or (k,).
        x2: a numeric tensor of rank >= 1, shape (..., k, m) or (k,).

    Returns:
        The product, shape (..., n, m) (without n or m for 1-d operands), in the
        promoted dtype.

    Example:
    >>> import gradflow as gf
    >>> a = gf.constant([[1.0, 2.0], [3.0, 4.0]])
    >>> gf.numpy.matmul(a, gf.constant([1.0, 1.0])).tolist()
    [3.0, 7.0]
    """
    # the hot path of training: two tensors of one dtype go straight to the primitive
    if type(x1) is Tensor and type(x2) is Tensor and x1.dtype == x2.dtype:
        return la.matmul(x1, x2)
    x1, x2 = promote("matmul", x1, x2)
    return la.matmul(x1, x2)


def matrix_transpose(x, /) -> Tensor:
    """Transpose the last two axes of a (stack of) matrix.

    Args:
        x: a tensor of rank >= 2.

    Returns:
        `x` with its last two axes swapped.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.matrix_transpose(gf.constant([[1, 2, 3]])).shape
    (3, 1)
    """
    x = tensor(x, "matrix_transpose")
    if x.ndim < 2:
        raise ShapeError(
            f"matrix_transpose: x must have at least 2 dimensions, got rank {x.ndim} "
            f"({format_spec(x.spec)}); use reshape or permute_dims for vectors"
        )
    return la.transpose(x)


def _tensordot_axes(x1: Tensor, x2: Tensor, axes) -> tuple[tuple, tuple]:
    if isinstance(axes, int):
        if not 0 <= axes <= min(x1.ndim, x2.ndim):
            raise ArgumentError(
                f"tensordot: axes={axes} must be between 0 and the smaller rank "
                f"{min(x1.ndim, x2.ndim)} ({format_spec(x1.spec)}, {format_spec(x2.spec)})"
            )
        return tuple(range(x1.ndim - axes, x1.ndim)), tuple(range(axes))
    try:
        a1, a2 = axes
        a1 = tuple(normalize_axis(a, x1.ndim, "tensordot") for a in a1)
        a2 = tuple(normalize_axis(a, x2.ndim, "tensordot") for a in a2)
    except (TypeError, ValueError) as e:
        if isinstance(e, ArgumentError):
            raise
        raise ArgumentError(
            f"tensordot: axes must be an int or a pair of sequences of axes, got {axes!r}"
        ) from None
    if len(a1) != len(a2) or len(set(a1)) != len(a1) or len(set(a2)) != len(a2):
        raise ArgumentError(
            f"tensordot: axes {axes!r} must pair distinct axes of x1 with as many distinct "
            "axes of x2"
        )
    return a1, a2


def tensordot(x1, x2, /, *, axes=2) -> Tensor:
    """Sum of products over the given axes of `x1` and `x2`.

    Args:
        x1: a numeric tensor.
        x2: a numeric tensor.
        axes: an int N (the last N axes of x1 with the first N of x2) or a pair of
            sequences of axes, contracted pairwise.

    Returns:
        A tensor with the free axes of x1 followed by the free axes of x2.

    Example:
    >>> import gradflow as gf, numpy as np
    >>> a = gf.constant(np.ones((2, 3, 4)))
    >>> gf.numpy.tensordot(a, gf.constant(np.ones((3, 4, 5))), axes=2).shape
    (2, 5)
    """
    x1, x2 = promote("tensordot", x1, x2)
    a1, a2 = _tensordot_axes(x1, x2, axes)
    for i, j in zip(a1, a2):
        if x1.shape[i] != x2.shape[j]:
            raise ShapeError(
                f"tensordot: contracted dimensions must match, but x1.shape[{i}]="
                f"{x1.shape[i]} and x2.shape[{j}]={x2.shape[j]} (x1: {format_spec(x1.spec)}, "
                f"x2: {format_spec(x2.spec)})"
            )
    free1 = tuple(i for i in range(x1.ndim) if i not in a1)
    free2 = tuple(i for i in range(x2.ndim) if i not in a2)
    size = _prod(x1.shape[i] for i in a1)
    left = _as_matrix(x1, free1 + a1, _prod(x1.shape[i] for i in free1), size)
    right = _as_matrix(x2, a2 + free2, size, _prod(x2.shape[i] for i in free2))
    out_shape = tuple(x1.shape[i] for i in free1) + tuple(x2.shape[i] for i in free2)
    return shape_ops.reshape(la.matmul(left, right), shape=out_shape)


def _prod(dims) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


def _as_matrix(x: Tensor, order: tuple, rows: int, cols: int) -> Tensor:
    if order != tuple(range(x.ndim)):
        x = shape_ops.permute_dims(x, axes=order)
    return shape_ops.reshape(x, shape=(rows, cols))


def vecdot(x1, x2, /, *, axis: int = -1) -> Tensor:
    """Dot product of vectors along `axis`, broadcasting the other dimensions.

    Args:
        x1: a numeric tensor.
        x2: a numeric tensor, broadcast-compatible with x1.
        axis: the axis of the vectors (counted in the broadcast shape); both operands
            must have the same size along it.

    Returns:
        The dot products, the broadcast shape without `axis`.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.vecdot(gf.constant([[1.0, 2.0], [3.0, 4.0]]), gf.constant([1.0, 1.0])).tolist()
    [3.0, 7.0]
    """
    x1, x2 = promote("vecdot", x1, x2)
    ndim = max(x1.ndim, x2.ndim)
    if ndim == 0:
        raise ShapeError("vecdot: operands must have at least one dimension, got two 0-d tensors")
    ax = normalize_axis(axis, ndim, "vecdot")
    back = ax - ndim  # the same axis counted from the end, valid for both operands
    n1 = x1.shape[back] if -back <= x1.ndim else 1
    n2 = x2.shape[back] if -back <= x2.ndim else 1
    if n1 != n2:
        raise ShapeError(
            f"vecdot: the vectors must have one length along axis {axis}, but x1 has {n1} "
            f"and x2 has {n2} (x1: {format_spec(x1.spec)}, x2: {format_spec(x2.spec)})"
        )
    x1, x2 = broadcast("vecdot", x1, x2)
    return red.sum(ew.multiply(x1, x2), axes=(ax,), keepdims=False)
