"""Linear-algebra primitives: matmul, diagonal, and the LAPACK-backed matrix functions
(det, slogdet, inv, solve, cholesky). The factorizations with several outputs (eigh,
qr, svd) live beside this file in linalg_decomp.py.

All act on the last two axes ("a stack of matrices"). matmul broadcasts its batch
dimensions itself (np.matmul does so without copies); the others take equal batch
dimensions, which the public functions arrange. Gradients are written in gradflow ops
and assume the matrices are invertible (det, inv, solve) or positive definite (cholesky).
"""

from __future__ import annotations

import numpy as np

from gradflow.core.primitive import primitive
from gradflow.core.spec import TensorSpec, broadcast_shapes, spec_of
from gradflow.core.tensor import Tensor
from gradflow.errors import DTypeError, ShapeError
from gradflow.ops._rules import KINDS, require_kind
from gradflow.ops.elementwise import add, multiply, negative, where, zeros_like
from gradflow.ops.shape import broadcast_to, permute_dims, reshape, sum_to_shape

# -- helpers shared with linalg_decomp.py and the public functions ---------------------------


def constant(value, dtype) -> Tensor:
    """A constant tensor (masks, identities, selection matrices) in `dtype`."""
    return Tensor(np.asarray(value, dtype=dtype))


def transpose(x: Tensor) -> Tensor:
    """Swap the last two axes."""
    n = x.ndim
    return permute_dims(x, axes=tuple(range(n - 2)) + (n - 1, n - 2))


def expand(x: Tensor, axis: int) -> Tensor:
    """Insert a size-1 axis at `axis` (negative counts from the end of the result)."""
    axis = axis % (x.ndim + 1)
    return reshape(x, shape=x.shape[:axis] + (1,) + x.shape[axis:])


def broadcast_like(x: Tensor, shape: tuple) -> Tensor:
    return x if x.shape == shape else broadcast_to(x, shape=shape)


def masked(x: Tensor, mask: np.ndarray) -> Tensor:
    """`x` times a constant 0/1 (or weight) matrix over its last two axes."""
    return multiply(x, broadcast_like(constant(mask, x.dtype), x.shape))


def scale(x: Tensor, c: float) -> Tensor:
    return multiply(x, broadcast_like(constant(c, x.dtype), x.shape))


def diag_matrix(d: Tensor) -> Tensor:
    """A stack of diagonal matrices (..., n, n) with `d` (..., n) on the diagonal."""
    n = d.shape[-1]
    shape = d.shape + (n,)
    full = broadcast_like(expand(d, -1), shape)
    eye = broadcast_like(constant(np.eye(n, dtype=bool), bool), shape)
    return where(eye, full, zeros_like(full))


def right_solve_transposed(x: Tensor, r: Tensor) -> Tensor:
    """x @ inv(r).T, computed as solve(r, x.T).T."""
    return transpose(solve(r, transpose(x)))


_NUMERIC = KINDS["numeric"]
_LAPACK_DTYPES = frozenset((np.dtype(np.float32), np.dtype(np.float64)))


def lapack(fn):
    """Run a LAPACK kernel in float32 for float16/bfloat16 inputs (LAPACK has neither)."""

    def kernel(*xs, **attrs):
        dtype = xs[0].dtype
        if dtype in _LAPACK_DTYPES:
            return fn(*xs, **attrs)
        out = fn(*[x.astype(np.float32) for x in xs], **attrs)
        if isinstance(out, tuple):
            return tuple(np.asarray(o).astype(dtype) for o in out)
        return np.asarray(out).astype(dtype)

    kernel.__name__ = fn.__name__
    return kernel


def lapack_xla(rule):
    """An XLA rule run in float32 for float16/bfloat16 inputs, as `lapack` does on NumPy
    (XLA's CPU decompositions have neither); the backend casts results back."""

    def lowered(lax, *xs, **attrs):
        if xs[0].dtype not in _LAPACK_DTYPES:
            xs = [x.astype(np.float32) for x in xs]
        return rule(lax, *xs, **attrs)

    return lowered


def require_matrix(x: TensorSpec, what: str = "x", square: bool = False) -> None:
    """Raise unless `x` is a real floating (stack of) matrix, square if asked."""
    require_kind(x, "real floating", what)
    form = "(..., n, n)" if square else "(..., m, n)"
    if x.ndim < 2:
        raise ShapeError(
            f"{what} must be a matrix or a stack of matrices, shape {form}, got rank {x.ndim}"
        )
    n, m = x.shape[-2:]
    if square and n is not None and m is not None and n != m:
        raise ShapeError(
            f"{what} must be square in its last two dimensions, shape {form}, got {n}x{m}"
        )


def _same_batch(a: tuple, b: tuple) -> bool:
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


# -- matmul ------------------------------------------------------------------------------------


def _matmul_infer(a: TensorSpec, b: TensorSpec) -> TensorSpec:
    dtype, sa, sb = a.dtype, a.shape, b.shape
    if dtype != b.dtype:
        raise DTypeError(
            f"operands must have one dtype (the public function promotes them), got "
            f"{dtype.name} and {b.dtype.name}"
        )
    if dtype not in _NUMERIC:
        require_kind(a, "numeric", "operands")
    if len(sa) == 2 and len(sb) == 2 and sa[1] == sb[0] and sa[1] is not None:
        return spec_of((sa[0], sb[1]), dtype)  # the common case, checked in one line
    if not sa or not sb:
        raise ShapeError("operands must have at least one dimension; to scale, use multiply")
    kb_name, kb = ("b.shape[-2]", sb[-2]) if len(sb) >= 2 else ("b.shape[0]", sb[0])
    ka = sa[-1]
    if ka is not None and kb is not None and ka != kb:
        raise ShapeError(
            f"contracting dimensions must match, but a.shape[-1]={ka} and {kb_name}={kb}"
        )
    try:
        batch = broadcast_shapes(sa[:-2], sb[:-2], op="matmul")
    except ShapeError:
        raise ShapeError(
            f"batch dimensions {sa[:-2]} and {sb[:-2]} cannot be broadcast together "
            "(each must be equal or 1)"
        ) from None
    return spec_of(_matmul_shape(sa, sb, batch), dtype)


def _matmul_shape(a: tuple, b: tuple, batch: tuple) -> tuple:
    rows = a[-2:-1] if len(a) >= 2 else ()
    cols = b[-1:] if len(b) >= 2 else ()
    return batch + rows + cols


def _matmul_kernel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.matmul(a, b)
    # np.matmul widens bfloat16 to float32
    return out if out.dtype == a.dtype else out.astype(a.dtype)


def _static(shape: tuple) -> bool:
    return all(d is not None for d in shape)


def _matmul_grad(g, a, b, *, out):
    """a_bar = g @ b.T, b_bar = a.T @ g, each summed over the batch dims it was broadcast on."""
    a2 = reshape(a, shape=(1,) + a.shape) if a.ndim == 1 else a
    b2 = reshape(b, shape=b.shape + (1,)) if b.ndim == 1 else b
    if a.ndim == 1 or b.ndim == 1:
        g = reshape(g, shape=_matmul_shape(a2.shape, b2.shape, _batch_of(out, a, b)))
    ga = sum_to_shape(matmul(g, transpose(b2)), a2.shape)
    if b2.ndim == 2 and a2.ndim > 2 and _static(a2.shape):
        # fold the batch into the rows: one (k, rows) @ (rows, m) product, no (batch, k, m)
        rows = int(np.prod(a2.shape[:-1]))
        a_rows = reshape(a2, shape=(rows, a2.shape[-1]))
        gb = matmul(transpose(a_rows), reshape(g, shape=(rows, g.shape[-1])))
    else:
        gb = sum_to_shape(matmul(transpose(a2), g), b2.shape)
    if a.ndim == 1:
        ga = reshape(ga, shape=a.shape)
    if b.ndim == 1:
        gb = reshape(gb, shape=b.shape)
    return ga, gb


def _batch_of(out, a, b) -> tuple:
    """The broadcast batch shape of a matmul output."""
    return out.shape[: out.ndim - (a.ndim >= 2) - (b.ndim >= 2)]


matmul = primitive(
    "matmul",
    infer=_matmul_infer,
    grad=_matmul_grad,
    numpy=_matmul_kernel,
    xla=lambda lax, a, b: lax.np.matmul(a, b),
)


# -- diagonal ----------------------------------------------------------------------------------


def diagonal_length(n: int | None, m: int | None, offset: int) -> int | None:
    """How many elements the `offset` diagonal of an n x m matrix has."""
    if n is None or m is None:
        return None
    return max(0, min(n + min(offset, 0), m - max(offset, 0)))


def _diagonal_infer(x: TensorSpec, *, offset: int) -> TensorSpec:
    require_kind(x, "numeric")
    if x.ndim < 2:
        raise ShapeError(f"x must be a matrix or a stack of matrices, got rank {x.ndim}")
    k = diagonal_length(x.shape[-2], x.shape[-1], offset)
    return spec_of(x.shape[:-2] + (k,), x.dtype)


def _diagonal_grad(g, x, *, out, offset):
    """x_bar is zero except on the `offset` diagonal, which holds g."""
    n, m = x.shape[-2:]
    k = g.shape[-1]
    first_row = max(-offset, 0)
    if k != n or first_row:
        # spread g over the n rows: g_row[first_row + j] = g[j] (a k x n selection matmul)
        g = matmul(g, constant(np.eye(k, n, first_row), g.dtype))
    full = broadcast_like(expand(g, -1), x.shape)
    mask = broadcast_like(constant(np.eye(n, m, offset, dtype=bool), bool), x.shape)
    return (where(mask, full, zeros_like(full)),)


diagonal = primitive(
    "diagonal",
    infer=_diagonal_infer,
    grad=_diagonal_grad,
    # a copy, not NumPy's read-only view, so the result owns its buffer
    numpy=lambda x, *, offset: np.diagonal(x, offset, -2, -1).copy(),
    xla=lambda lax, x, *, offset: lax.np.diagonal(x, offset, -2, -1),
)


# -- det, slogdet, inv -------------------------------------------------------------------------


def _square_infer(x: TensorSpec) -> TensorSpec:
    require_matrix(x, square=True)
    return x


def _scalar_per_matrix(x: TensorSpec) -> TensorSpec:
    require_matrix(x, square=True)
    return spec_of(x.shape[:-2], x.dtype)


def _det_grad(g, x, *, out):
    """d det(A)/dA = det(A) * inv(A).T."""
    c = broadcast_like(expand(expand(multiply(g, out), -1), -1), x.shape)
    return (multiply(c, transpose(inv(x))),)


det = primitive(
    "det",
    infer=_scalar_per_matrix,
    grad=_det_grad,
    numpy=lapack(np.linalg.det),
    xla=lapack_xla(lambda lax, x: lax.np.linalg.det(x)),
)


def _slogdet_infer(x: TensorSpec) -> tuple:
    spec = _scalar_per_matrix(x)
    return spec, spec


def _slogdet_grad(g, x, *, out):
    """d log|det A|/dA = inv(A).T; the sign is piecewise constant."""
    c = broadcast_like(expand(expand(g[1], -1), -1), x.shape)
    return (multiply(c, transpose(inv(x))),)


slogdet = primitive(
    "slogdet",
    infer=_slogdet_infer,
    grad=_slogdet_grad,
    numpy=lapack(lambda x: tuple(np.linalg.slogdet(x))),
    xla=lapack_xla(lambda lax, x: tuple(lax.np.linalg.slogdet(x))),
    multiple_results=True,
)

inv = primitive(
    "inv",
    infer=_square_infer,
    # d inv(A) = -inv(A) dA inv(A)  =>  A_bar = -inv(A).T @ g @ inv(A).T
    grad=lambda g, x, *, out: (negative(matmul(matmul(transpose(out), g), transpose(out))),),
    numpy=lapack(np.linalg.inv),
    xla=lapack_xla(lambda lax, x: lax.np.linalg.inv(x)),
)


# -- solve -------------------------------------------------------------------------------------


def _solve_infer(a: TensorSpec, b: TensorSpec) -> TensorSpec:
    require_matrix(a, "a", square=True)
    if b.dtype != a.dtype:
        raise DTypeError(
            f"a and b must have one dtype (the public function promotes them), got "
            f"{a.dtype.name} and {b.dtype.name}"
        )
    if b.ndim != a.ndim:
        raise ShapeError(
            "b must be a stack of matrices (..., n, k) of a's rank (the public function "
            "turns a vector b into a column and broadcasts the batch dimensions)"
        )
    n, rows = a.shape[-1], b.shape[-2]
    if n is not None and rows is not None and n != rows:
        raise ShapeError(f"b needs one row per unknown, but a.shape[-1]={n} and b.shape[-2]={rows}")
    if not _same_batch(a.shape[:-2], b.shape[:-2]):
        raise ShapeError(
            f"a and b must have equal batch dimensions (the public function broadcasts "
            f"them), got {a.shape[:-2]} and {b.shape[:-2]}"
        )
    return b


def _solve_grad(g, a, b, *, out):
    """x = inv(a) b: b_bar = inv(a).T g, a_bar = -b_bar x.T."""
    gb = solve(transpose(a), g)
    return negative(matmul(gb, transpose(out))), gb


solve = primitive(
    "solve",
    infer=_solve_infer,
    grad=_solve_grad,
    numpy=lapack(np.linalg.solve),
    xla=lapack_xla(lambda lax, a, b: lax.np.linalg.solve(a, b)),
)


# -- cholesky ----------------------------------------------------------------------------------


def _cholesky_grad(g, x, *, out):
    """A_bar = sym(inv(L).T Phi(L.T tril(L_bar)) inv(L)), Phi: lower triangle, half diagonal.

    (Murray 2016.) Only the lower triangle of L varies, so the upper part of L_bar is
    dropped first; the result is symmetrized because A is taken to be symmetric.
    """
    n = x.shape[-1]
    lower = np.tril(np.ones((n, n)))
    p = masked(matmul(transpose(out), masked(g, lower)), lower - 0.5 * np.eye(n))
    lt = transpose(out)
    s = transpose(solve(lt, transpose(solve(lt, p))))
    return (scale(add(s, transpose(s)), 0.5),)


cholesky = primitive(
    "cholesky",
    infer=_square_infer,
    grad=_cholesky_grad,
    numpy=lapack(np.linalg.cholesky),
    xla=lapack_xla(lambda lax, x: lax.np.linalg.cholesky(x)),
)
