"""keras.ops.linalg: decompositions, solves, inverses and norms (plus `jvp`).

Example:
>>> from gradflow.keras.ops import linalg
>>> linalg.det([[2.0, 0.0], [0.0, 3.0]]).tolist()
6.0
"""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op, register
from gradflow.ops import linalg_decomp as _decomp

gnp = gf.numpy
la = gf.numpy.linalg
_tensor, _to_float = _dtypes.tensor, _dtypes.to_float


@keras_op
def cholesky(x, upper=False):
    """The Cholesky factor of symmetric positive definite `x` (lower, or upper).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.cholesky([[4.0, 0.0], [0.0, 9.0]]).tolist()
    [[2.0, 0.0], [0.0, 3.0]]
    """
    return la.cholesky(_to_float(x), upper=upper)


@keras_op
def cholesky_inverse(x, upper=False):
    """The inverse of A from its Cholesky factor `x` (A = L L^T, or U^T U when `upper`)."""
    factor = _to_float(x)
    a = (
        gnp.matmul(gnp.matrix_transpose(factor), factor)
        if upper
        else gnp.matmul(factor, gnp.matrix_transpose(factor))
    )
    return la.inv(a)


@keras_op
def det(x):
    """The determinant of square matrices `x`."""
    return la.det(_to_float(x))


@keras_op
def inv(x):
    """The inverse of square matrices `x`."""
    return la.inv(_to_float(x))


@keras_op
def eigh(x):
    """The eigenvalues (ascending) and eigenvectors of symmetric `x`."""
    result = la.eigh(_to_float(x))
    return result[0], result[1]


def _check_matrix(x, square=False):
    if x.ndim < 2:
        raise ValueError(f"Expected input to have rank >= 2. Received input with shape {x.shape}.")
    if square and x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"Expected a square matrix. Received non-square input with shape {x.shape}"
        )


@keras_op
def eig(x):
    """The eigenvalues and eigenvectors of general square matrices `x`, as complex tensors
    (complex64 for float32 input; unit-norm eigenvectors in the columns, as LAPACK gives).

    Example:
    >>> from gradflow.keras import ops
    >>> w, v = ops.eig([[2.0, 0.0], [0.0, 3.0]])
    >>> w.tolist()
    [(2+0j), (3+0j)]
    """
    x = _to_float(x)
    _check_matrix(x, square=True)
    w, v = _decomp.eig(x)
    return w, v


@keras_op
def lu_factor(x):
    """The pivoted LU decomposition of `x`: the packed factors (L's strict lower triangle,
    its unit diagonal implied, and U) and the int32 row swaps made (row i with piv[i]).

    Example:
    >>> from gradflow.keras import ops
    >>> lu, piv = ops.lu_factor([[1.0, 2.0], [3.0, 4.0]])
    >>> lu.tolist(), piv.tolist()
    ([[3.0, 4.0], [0.3333333432674408, 0.6666666269302368]], [1, 1])
    """
    x = _to_float(x)
    _check_matrix(x)
    lu, pivots, _ = _decomp.lu(x)
    return lu, pivots


@keras_op
def qr(x, mode="reduced"):
    """The QR decomposition of `x` ('reduced' or 'complete')."""
    if mode not in ("reduced", "complete"):
        raise ValueError(
            f"`mode` argument value not supported. Expected one of {{'reduced', 'complete'}}. "
            f"Received: mode={mode}"
        )
    result = la.qr(_to_float(x), mode=mode)
    return result[0], result[1]


@keras_op
def svd(x, full_matrices=True, compute_uv=True):
    """The singular value decomposition u, s, vh of `x` (only s unless `compute_uv`)."""
    x = _to_float(x)
    if not compute_uv:
        return la.svdvals(x)
    result = la.svd(x, full_matrices=full_matrices)
    return result[0], result[1], result[2]


@keras_op
def solve(a, b):
    """The solution x of a @ x = b."""
    a, b = _dtypes.promote(a, b)
    return la.solve(_to_float(a), _to_float(b))


@keras_op
def solve_triangular(a, b, lower=False):
    """The solution x of a @ x = b for triangular `a` (its other triangle is ignored)."""
    a, b = _dtypes.promote(a, b)
    a, b = _to_float(a), _to_float(b)
    a = gnp.tril(a) if lower else gnp.triu(a)
    return la.solve(a, b)


@keras_op
def lstsq(a, b, rcond=None):
    """The least-squares solution x minimizing ||a @ x - b|| (through the pseudo-inverse;
    singular values below rcond * largest are dropped)."""
    a, b = _dtypes.promote(a, b)
    a, b = _to_float(a), _to_float(b)
    if rcond is None:
        rcond = float(np.finfo(a.dtype).eps) * max(a.shape[-2:])
    return gnp.matmul(la.pinv(a, rtol=rcond), b)


@keras_op
def pinv(x, rcond=None):
    """The Moore-Penrose pseudo-inverse of `x`."""
    x = _to_float(x)
    return la.pinv(x) if rcond is None else la.pinv(x, rtol=rcond)


@keras_op
def matrix_rank(x, tol=None):
    """The number of singular values of `x` above `tol` (by default
    max(M, N) * eps * the largest), as int32."""
    x = _to_float(x)
    s = la.svdvals(x)
    if tol is None:
        tol = gnp.max(s, axis=-1, keepdims=True) * (
            max(x.shape[-2:]) * float(np.finfo(x.dtype).eps)
        )
    return gnp.sum(gnp.astype(s > tol, "int32"), axis=-1)


@keras_op
def norm(x, ord=None, axis=None, keepdims=False):
    """A vector norm (1-d or one `axis`) or matrix norm (2-d or two axes) of `x`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.norm([3.0, 4.0]).tolist()
    5.0
    """
    x = _to_float(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    elif isinstance(axis, int):
        axis = (axis,)
    axis = tuple(a % x.ndim for a in axis)
    if len(axis) == 1:
        vector_ord = 2 if ord is None else ord
        return la.vector_norm(x, axis=axis, keepdims=keepdims, ord=vector_ord)
    if len(axis) != 2:
        raise ValueError(f"Invalid axis: {axis}. `axis` must be an int or a pair of ints.")
    if ord is None and x.ndim > 2 and axis == tuple(range(x.ndim)):
        return la.vector_norm(x, axis=axis, keepdims=keepdims, ord=2)
    moved = gnp.moveaxis(x, axis, (-2, -1))
    out = la.matrix_norm(moved, keepdims=keepdims, ord="fro" if ord is None else ord)
    if keepdims:
        out = gnp.moveaxis(out, (-2, -1), axis)
    return out


def jvp(fun, primals, tangents, has_aux=False):
    """The Jacobian-vector product of `fun` at `primals` along `tangents` (by reverse mode
    twice: the VJP is linear in its cotangent, so differentiating it gives the JVP).

    Returns:
        (outputs, tangent of outputs), plus the auxiliary output when `has_aux`.

    Example:
    >>> from gradflow.keras import ops
    >>> out, tangent = ops.linalg.jvp(lambda x: x * x, (gf.constant(3.0),), (gf.constant(1.0),))
    >>> float(out), float(tangent)
    (9.0, 6.0)
    """
    primals = [_tensor(p) for p in primals]
    tangents = [_tensor(t, p.dtype) for t, p in zip(tangents, primals)]
    with gf.GradientTape(persistent=True) as outer:
        with gf.GradientTape(persistent=True) as inner:
            for p in primals:
                inner.watch(p)
            result = fun(*primals)
            out, aux = result if has_aux else (result, None)
        cotangent = gnp.zeros_like(out)
        outer.watch(cotangent)
        grads = inner.gradient(out, primals, output_gradients=cotangent)
        total = sum(gnp.sum(g * t) for g, t in zip(grads, tangents) if g is not None)
    tangent_out = outer.gradient(total, cotangent)
    if tangent_out is None:
        tangent_out = gnp.zeros_like(out)
    return (out, tangent_out, aux) if has_aux else (out, tangent_out)


register("jvp", __name__)

__all__ = exported(__name__)
