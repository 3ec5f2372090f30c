"""linalg functions of square matrices and vectors: cholesky, det, slogdet, inv, solve,
matrix_power, diagonal, trace, outer, cross."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from gradflow.core.spec import broadcast_shapes, format_spec, normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, ShapeError
from gradflow.numpy._args import broadcast, promote, tensor, to_float
from gradflow.ops import elementwise as ew
from gradflow.ops import linalg as la
from gradflow.ops import shape as shape_ops


class SlogdetResult(NamedTuple):
    """The result of `slogdet`: det = sign * exp(logabsdet)."""

    sign: Tensor
    logabsdet: Tensor


def matrix_arg(x, op: str, square: bool = False) -> Tensor:
    """`x` as a floating tensor of rank >= 2 (square in its last two axes if asked)."""
    x = to_float(tensor(x, op))
    if x.ndim < 2 or (square and x.shape[-1] != x.shape[-2]):
        form = "(..., n, n)" if square else "(..., m, n)"
        raise ShapeError(
            f"{op}: x must be a matrix or a stack of matrices, shape {form}, got "
            f"{format_spec(x.spec)}"
        )
    return x


def cholesky(x, /, *, upper: bool = False) -> Tensor:
    """Cholesky factor of a symmetric positive-definite (stack of) matrix.

    Only the lower triangle of `x` is read. The gradient treats `x` as symmetric.

    Args:
        x: a floating tensor, shape (..., n, n).
        upper: return the upper factor U (x = U.T @ U) instead of the lower L (x = L @ L.T).

    Returns:
        The triangular factor, shape (..., n, n).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.cholesky(gf.constant([[4.0, 2.0], [2.0, 5.0]])).tolist()
    [[2.0, 0.0], [1.0, 2.0]]
    """
    lower = la.cholesky(to_float(tensor(x, "cholesky")))
    return la.transpose(lower) if upper else lower


def det(x, /) -> Tensor:
    """Determinant of a (stack of) square matrix.

    Args:
        x: a floating tensor, shape (..., n, n).

    Returns:
        The determinants, shape (...).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.det(gf.constant([[1.0, 2.0], [3.0, 4.0]])).item()
    -2.0
    """
    return la.det(to_float(tensor(x, "det")))


def slogdet(x, /) -> SlogdetResult:
    """Sign and natural log of the absolute value of the determinant.

    Args:
        x: a floating tensor, shape (..., n, n).

    Returns:
        SlogdetResult(sign, logabsdet), each of shape (...); the gradient flows
        through logabsdet.

    Example:
    >>> import gradflow as gf
    >>> r = gf.numpy.linalg.slogdet(gf.constant([[-2.0, 0.0], [0.0, 1.0]]))
    >>> r.sign.item(), round(r.logabsdet.item(), 4)
    (-1.0, 0.6931)
    """
    return SlogdetResult(*la.slogdet(to_float(tensor(x, "slogdet"))))


def inv(x, /) -> Tensor:
    """Inverse of a (stack of) square matrix.

    Args:
        x: a floating tensor, shape (..., n, n), invertible.

    Returns:
        The inverses, shape (..., n, n).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.inv(gf.constant([[2.0, 0.0], [0.0, 4.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    return la.inv(to_float(tensor(x, "inv")))


def solve(x1, x2, /) -> Tensor:
    """Solve x1 @ x = x2 for x.

    As the 2023.12 standard says, `x2` is a vector only when it is 1-d (shape (n,),
    broadcast over x1's batch); otherwise it is a stack of matrices (..., n, k) whose
    batch dimensions broadcast with x1's.

    Args:
        x1: the coefficient matrices, shape (..., n, n), invertible.
        x2: the right-hand sides, shape (n,) or (..., n, k).

    Returns:
        x, shape (..., n) for a vector x2, else the broadcast (..., n, k).

    Example:
    >>> import gradflow as gf
    >>> a = gf.constant([[2.0, 0.0], [0.0, 4.0]])
    >>> gf.numpy.linalg.solve(a, gf.constant([2.0, 2.0])).tolist()
    [1.0, 0.5]
    """
    x1, x2 = promote("solve", x1, x2)
    a, b = to_float(x1), to_float(x2)
    if a.ndim < 2 or b.ndim == 0:
        raise ShapeError(
            f"solve: x1 must be (a stack of) square matrices (..., n, n) and x2 a vector (n,) "
            f"or matrices (..., n, k), got x1: {format_spec(a.spec)}, x2: {format_spec(b.spec)}"
        )
    if b.ndim == 1:
        n = b.shape[0]
        if n != a.shape[-1]:
            raise ShapeError(
                f"solve: x2 needs one entry per unknown, but x1.shape[-1]={a.shape[-1]} and "
                f"x2.shape[0]={n} (x1: {format_spec(a.spec)}, x2: {format_spec(b.spec)})"
            )
        column = shape_ops.reshape(b, shape=(n, 1))
        column = la.broadcast_like(column, a.shape[:-2] + (n, 1))
        return shape_ops.reshape(la.solve(a, column), shape=a.shape[:-2] + (n,))
    batch = broadcast_shapes(a.shape[:-2], b.shape[:-2], op="solve")
    a = la.broadcast_like(a, batch + a.shape[-2:])
    b = la.broadcast_like(b, batch + b.shape[-2:])
    return la.solve(a, b)


def matrix_power(x, n: int, /) -> Tensor:
    """A square matrix raised to an integer power (n < 0 uses the inverse).

    Args:
        x: a tensor, shape (..., m, m); integer matrices stay integer for n >= 0.
        n: the exponent.

    Returns:
        x @ x @ ... (n times), shape (..., m, m); the identity for n = 0.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.matrix_power(gf.constant([[1, 1], [0, 1]]), 3).tolist()
    [[1, 3], [0, 1]]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise ArgumentError(f"matrix_power: n must be an int, got {n!r}")
    x = tensor(x, "matrix_power")
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ShapeError(
            f"matrix_power: x must be a (stack of) square matrix (..., m, m), got "
            f"{format_spec(x.spec)}"
        )
    n = int(n)
    if n == 0:
        eye = la.constant(np.eye(x.shape[-1]), x.dtype)
        return la.broadcast_like(eye, x.shape)
    if n < 0:
        x, n = la.inv(to_float(x)), -n
    result = None
    while n:  # binary powering: O(log n) products
        if n & 1:
            result = x if result is None else la.matmul(result, x)
        n >>= 1
        if n:
            x = la.matmul(x, x)
    return result


def diagonal(x, /, *, offset: int = 0) -> Tensor:
    """The `offset` diagonal of each matrix in a stack.

    Args:
        x: a tensor of rank >= 2, shape (..., m, n).
        offset: 0 for the main diagonal, > 0 above it, < 0 below it.

    Returns:
        The diagonals, shape (..., k).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.diagonal(gf.constant([[1, 2], [3, 4]]), offset=1).tolist()
    [2]
    """
    return la.diagonal(tensor(x, "diagonal"), offset=int(offset))


def trace(x, /, *, offset: int = 0, dtype=None) -> Tensor:
    """Sum of the `offset` diagonal of each matrix in a stack.

    Args:
        x: a numeric tensor of rank >= 2, shape (..., m, n).
        offset: which diagonal (0 main, > 0 above, < 0 below).
        dtype: the accumulation and result dtype; by default as `sum` (small integers
            widen to the default integer).

    Returns:
        The traces, shape (...).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.trace(gf.constant([[1.0, 2.0], [3.0, 4.0]])).item()
    5.0
    """
    from gradflow.numpy.statistical import sum as array_sum

    return array_sum(diagonal(x, offset=offset), axis=-1, dtype=dtype)


def outer(x1, x2, /) -> Tensor:
    """Outer product of two vectors.

    Args:
        x1: a 1-d numeric tensor, shape (n,).
        x2: a 1-d numeric tensor, shape (m,).

    Returns:
        out[i, j] = x1[i] * x2[j], shape (n, m).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.outer(gf.constant([1, 2]), gf.constant([1, 10])).tolist()
    [[1, 10], [2, 20]]
    """
    x1, x2 = promote("outer", x1, x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ShapeError(
            f"outer: x1 and x2 must be 1-d, got x1: {format_spec(x1.spec)}, "
            f"x2: {format_spec(x2.spec)}"
        )
    shape = x1.shape + x2.shape
    col = la.broadcast_like(shape_ops.reshape(x1, shape=x1.shape + (1,)), shape)
    row = la.broadcast_like(shape_ops.reshape(x2, shape=(1,) + x2.shape), shape)
    return ew.multiply(col, row)


# (v @ _NEXT)[i] = v[(i + 1) % 3]; exact, since each output is one product with 1
_NEXT = np.roll(np.eye(3), -1, axis=1)


def cross(x1, x2, /, *, axis: int = -1) -> Tensor:
    """Cross product of 3-vectors along `axis`, broadcasting the other dimensions.

    Args:
        x1: a numeric tensor with size 3 along `axis`.
        x2: a numeric tensor with size 3 along `axis`, broadcast-compatible with x1.
        axis: the axis of the vectors, in the broadcast shape.

    Returns:
        out[i] = x1[i+1] * x2[i+2] - x1[i+2] * x2[i+1] (indices mod 3).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.cross(gf.constant([1.0, 0.0, 0.0]), gf.constant([0.0, 1.0, 0.0])).tolist()
    [0.0, 0.0, 1.0]
    """
    x1, x2 = broadcast("cross", *promote("cross", x1, x2))
    if x1.ndim == 0:
        raise ShapeError("cross: x1 and x2 must have at least one dimension, got 0-d tensors")
    ax = normalize_axis(axis, x1.ndim, "cross")
    if x1.shape[ax] != 3:
        raise ShapeError(
            f"cross: the vectors along axis {axis} must have 3 elements, got {x1.shape[ax]} "
            f"(broadcast shape {x1.shape})"
        )
    last = x1.ndim - 1
    order = tuple(i for i in range(x1.ndim) if i != ax) + (ax,)
    if ax != last:
        x1 = shape_ops.permute_dims(x1, axes=order)
        x2 = shape_ops.permute_dims(x2, axes=order)
    p1 = la.constant(_NEXT, x1.dtype)
    p2 = la.constant(_NEXT @ _NEXT, x1.dtype)
    out = ew.subtract(
        ew.multiply(la.matmul(x1, p1), la.matmul(x2, p2)),
        ew.multiply(la.matmul(x1, p2), la.matmul(x2, p1)),
    )
    if ax != last:
        out = shape_ops.permute_dims(out, axes=tuple(int(i) for i in np.argsort(order)))
    return out
