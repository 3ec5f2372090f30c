"""Matrix factorization primitives: eigh, eigvalsh, qr, svd, svdvals, eig, lu.

The gradient rules follow the standard results and assume what makes the factors
differentiable: distinct eigenvalues (eigh), distinct nonzero singular values (svd), a
full-rank input (qr). eigvalsh and svdvals are primitives of their own because LAPACK
computes them without the vectors; their gradients compute the vectors.
"""

from __future__ import annotations

import numpy as np

from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError, GradientError
from gradflow.ops.elementwise import (
    add,
    astype,
    divide,
    equal,
    multiply,
    ones_like,
    subtract,
    where,
    zeros_like,
)
from gradflow.ops.linalg import (
    broadcast_like,
    constant,
    diag_matrix,
    expand,
    lapack,
    lapack_xla,
    masked,
    matmul,
    require_matrix,
    right_solve_transposed,
    scale,
    solve,
    transpose,
)


def _inverse_gaps(values):
    """F[..., i, j] = 1 / (values_j - values_i) off the diagonal, 0 on it."""
    n = values.shape[-1]
    shape = values.shape + (n,)
    gaps = subtract(
        broadcast_like(expand(values, -2), shape), broadcast_like(expand(values, -1), shape)
    )
    eye = broadcast_like(constant(np.eye(n, dtype=bool), bool), shape)
    # where(eye, 1, gaps) first: a 1/0 on the diagonal would poison second derivatives
    safe = where(eye, ones_like(gaps), gaps)
    return where(eye, zeros_like(gaps), divide(ones_like(gaps), safe))


def _scale_columns(x, d):
    """x * d[..., None, :]: column j of each matrix times d[..., j]."""
    return multiply(x, broadcast_like(expand(d, -2), x.shape))


def _scale_rows(x, d):
    """x * d[..., :, None]: row i of each matrix times d[..., i]."""
    return multiply(x, broadcast_like(expand(d, -1), x.shape))


# -- eigh, eigvalsh ----------------------------------------------------------------------------


def _eigh_infer(x: TensorSpec) -> tuple:
    require_matrix(x, square=True)
    return spec_of(x.shape[:-1], x.dtype), x


def _eigh_grad(g, x, *, out):
    """A_bar = sym(V (diag(w_bar) + F * (V.T V_bar)) V.T), F_ij = 1/(w_j - w_i) (Giles 2008)."""
    gw, gv = g
    w, v = out
    vt = transpose(v)
    inner = add(multiply(_inverse_gaps(w), matmul(vt, gv)), diag_matrix(gw))
    a_bar = matmul(matmul(v, inner), vt)
    return (scale(add(a_bar, transpose(a_bar)), 0.5),)


eigh = primitive(
    "eigh",
    infer=_eigh_infer,
    grad=_eigh_grad,
    numpy=lapack(lambda x: tuple(np.linalg.eigh(x))),
    xla=lapack_xla(lambda lax, x: tuple(lax.np.linalg.eigh(x))),
    multiple_results=True,
)


def _eigvalsh_grad(g, x, *, out):
    """A_bar = V diag(w_bar) V.T."""
    v = eigh(x)[1]
    return (matmul(_scale_columns(v, g), transpose(v)),)


eigvalsh = primitive(
    "eigvalsh",
    infer=lambda x: _eigh_infer(x)[0],
    grad=_eigvalsh_grad,
    numpy=lapack(np.linalg.eigvalsh),
    xla=lapack_xla(lambda lax, x: lax.np.linalg.eigvalsh(x)),
)


# -- qr ----------------------------------------------------------------------------------------


def _qr_infer(x: TensorSpec, *, mode: str) -> tuple:
    require_matrix(x)
    if mode not in ("reduced", "complete"):
        raise ArgumentError(f"mode must be 'reduced' or 'complete', got {mode!r}")
    batch, (m, n) = x.shape[:-2], x.shape[-2:]
    k = None if m is None or n is None else min(m, n)
    q_cols = m if mode == "complete" else k
    r_rows = m if mode == "complete" else k
    return spec_of(batch + (m, q_cols), x.dtype), spec_of(batch + (r_rows, n), x.dtype)


def _qr_grad_tall(q, r, gq, gr):
    """A = QR with m >= n (R square and invertible); TensorFlow's QrGrad."""
    qdq = matmul(transpose(q), gq)
    rdr = matmul(r, transpose(gr))
    n = r.shape[-1]
    tril = masked(
        add(subtract(qdq, transpose(qdq)), subtract(rdr, transpose(rdr))), np.tril(np.ones((n, n)))
    )
    grad_a = matmul(q, add(gr, right_solve_transposed(tril, r)))
    grad_b = right_solve_transposed(subtract(gq, matmul(q, qdq)), r)
    return add(grad_a, grad_b)


def _qr_grad(g, x, *, out, mode):
    """Reduced QR of a full-rank matrix; a wide one splits as A = [X | Y], R = [U | V]."""
    m, n = x.shape[-2:]
    if mode == "complete" and m > n:
        raise GradientError(
            f"qr: the gradient of mode='complete' needs m <= n (the extra columns of Q are "
            f"not unique), got a {m}x{n} matrix; use mode='reduced'"
        )
    (gq, gr), (q, r) = g, out
    if m >= n:
        return (_qr_grad_tall(q, r, gq, gr),)
    first = constant(np.eye(n, m), x.dtype)  # x @ first = x[..., :m]
    rest = constant(np.eye(n, n - m, -m), x.dtype)  # x @ rest = x[..., m:]
    y, u = matmul(x, rest), matmul(r, first)
    gu, gv = matmul(gr, first), matmul(gr, rest)
    gx = _qr_grad_tall(q, u, add(gq, matmul(y, transpose(gv))), gu)
    gy = matmul(q, gv)
    return (add(matmul(gx, transpose(first)), matmul(gy, transpose(rest))),)


qr = primitive(
    "qr",
    infer=_qr_infer,
    grad=_qr_grad,
    numpy=lapack(lambda x, *, mode: tuple(np.linalg.qr(x, mode=mode))),
    xla=lapack_xla(lambda lax, x, *, mode: tuple(lax.np.linalg.qr(x, mode=mode))),
    multiple_results=True,
)


# -- svd, svdvals ------------------------------------------------------------------------------


def _svdvals_infer(x: TensorSpec) -> TensorSpec:
    require_matrix(x)
    m, n = x.shape[-2:]
    return spec_of(x.shape[:-2] + (None if m is None or n is None else min(m, n),), x.dtype)


def _svd_infer(x: TensorSpec, *, full_matrices: bool) -> tuple:
    s = _svdvals_infer(x)
    batch, (m, n), k = x.shape[:-2], x.shape[-2:], s.shape[-1]
    u_cols, vh_rows = (m, n) if full_matrices else (k, k)
    return spec_of(batch + (m, u_cols), x.dtype), s, spec_of(batch + (vh_rows, n), x.dtype)


def _svd_grad(g, x, *, out, full_matrices):
    """Townsend 2016, with F_ij = 1/(s_j**2 - s_i**2):

    A_bar = U [(F*(U.T U_bar - U_bar.T U)) S + diag(S_bar) + S (F*(V.T V_bar - V_bar.T V))] V.T
            + (I - U U.T) U_bar S^-1 V.T + U S^-1 V_bar.T (I - V V.T).
    """
    m, n = x.shape[-2:]
    if full_matrices and m != n:
        raise GradientError(
            f"svd: the gradient with full_matrices=True needs a square matrix (the extra "
            f"singular vectors of a {m}x{n} matrix are not unique); use full_matrices=False"
        )
    (gu, gs, gvh), (u, s, vh) = g, out
    v, gv = transpose(vh), transpose(gvh)
    f = _inverse_gaps(multiply(s, s))
    ut_gu, vt_gv = matmul(transpose(u), gu), matmul(vh, gv)
    j = multiply(f, subtract(ut_gu, transpose(ut_gu)))
    k = multiply(f, subtract(vt_gv, transpose(vt_gv)))
    inner = add(add(_scale_columns(j, s), diag_matrix(gs)), _scale_rows(k, s))
    a_bar = matmul(matmul(u, inner), vh)
    inv_s = divide(ones_like(s), s)
    if m > n:
        gu_perp = subtract(gu, matmul(u, ut_gu))
        a_bar = add(a_bar, matmul(_scale_columns(gu_perp, inv_s), vh))
    if n > m:
        gv_perp = subtract(gv, matmul(v, vt_gv))
        a_bar = add(a_bar, matmul(_scale_columns(u, inv_s), transpose(gv_perp)))
    return (a_bar,)


svd = primitive(
    "svd",
    infer=_svd_infer,
    grad=_svd_grad,
    numpy=lapack(lambda x, *, full_matrices: tuple(np.linalg.svd(x, full_matrices))),
    xla=lapack_xla(lambda lax, x, *, full_matrices: tuple(lax.np.linalg.svd(x, full_matrices))),
    multiple_results=True,
)


def _svdvals_grad(g, x, *, out):
    """A_bar = U diag(S_bar) Vh."""
    u, _, vh = svd(x, full_matrices=False)
    return (matmul(_scale_columns(u, g), vh),)


svdvals = primitive(
    "svdvals",
    infer=_svdvals_infer,
    grad=_svdvals_grad,
    numpy=lapack(lambda x: np.linalg.svd(x, compute_uv=False)),
    xla=lapack_xla(lambda lax, x: lax.np.linalg.svd(x, compute_uv=False)),
)


# -- eig ---------------------------------------------------------------------------------------


def _eig_infer(x: TensorSpec) -> tuple:
    require_matrix(x, square=True)
    complex_dtype = np.dtype(np.complex128 if x.dtype == np.float64 else np.complex64)
    return spec_of(x.shape[:-1], complex_dtype), spec_of(x.shape, complex_dtype)


def _eig_numpy(x: np.ndarray) -> tuple:
    complex_dtype = np.complex128 if x.dtype == np.float64 else np.complex64
    compute = x if x.dtype in (np.float32, np.float64) else x.astype(np.float32)
    # np.linalg.eig returns real arrays when every eigenvalue is real; the rule says complex
    w, v = np.linalg.eig(compute)
    return w.astype(complex_dtype), v.astype(complex_dtype)


def _eig_xla(lax, x):
    # jax.numpy.linalg.eig runs on CPU only (XLA has no GPU/TPU nonsymmetric eigensolver)
    if x.dtype not in (np.float32, np.float64):
        x = x.astype(np.float32)
    return tuple(lax.np.linalg.eig(x))


# Not differentiable: the outputs are complex (the tape differentiates real floats only)
# and each eigenvector is defined only up to a complex phase.
eig = primitive(
    "eig",
    infer=_eig_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_eig_numpy,
    xla=_eig_xla,
    multiple_results=True,
)


# -- lu ----------------------------------------------------------------------------------------


def _lu_infer(x: TensorSpec) -> tuple:
    require_matrix(x)
    batch, (m, n) = x.shape[:-2], x.shape[-2:]
    k = None if m is None or n is None else min(m, n)
    int32 = np.dtype(np.int32)
    return x, spec_of(batch + (k,), int32), spec_of(batch + (m,), int32)


def _lu_numpy(x: np.ndarray) -> tuple:
    """Doolittle elimination with partial pivoting (LAPACK getrf's choices: the first
    row of largest magnitude), vectorized over the batch."""
    batch, (m, n) = x.shape[:-2], x.shape[-2:]
    count, k = int(np.prod(batch, dtype=np.int64)), min(m, n)
    a = x.astype(np.float32 if x.dtype not in (np.float32, np.float64) else x.dtype)
    a = a.reshape((count, m, n)).copy()
    pivots = np.zeros((count, k), np.int32)
    perm = np.tile(np.arange(m, dtype=np.int32), (count, 1))
    rows = np.arange(count)
    for j in range(k):
        p = j + np.argmax(np.abs(a[:, j:, j]), axis=1)
        pivots[:, j] = p
        a[rows, j], a[rows, p] = a[rows, p].copy(), a[rows, j].copy()
        perm[rows, j], perm[rows, p] = perm[rows, p], perm[rows, j].copy()
        pivot = a[:, j, j : j + 1]
        # a zero pivot leaves its column unscaled, as getrf does (the matrix is singular)
        safe = np.where(pivot == 0, 1, pivot)
        a[:, j + 1 :, j] = a[:, j + 1 :, j] / safe
        a[:, j + 1 :, j + 1 :] -= a[:, j + 1 :, j, None] * a[:, j, None, j + 1 :]
    return (
        a.reshape(x.shape).astype(x.dtype),
        pivots.reshape(batch + (k,)),
        perm.reshape(batch + (m,)),
    )


def _lu_xla(lax, x):
    if x.dtype not in (np.float32, np.float64):
        return tuple(lax.linalg.lu(x.astype(np.float32)))
    return tuple(lax.linalg.lu(x))


def _lu_grad(g, x, *, out):
    """P A = L U, M = P A: M_bar = L^-T (tril_-1(L^T L_bar) + triu(U_bar U^T)) U^-T,
    A_bar = P^T M_bar (square, invertible A; the integer outputs carry no gradient)."""
    m, n = x.shape[-2:]
    if m != n:
        raise GradientError(
            f"lu: the gradient needs a square matrix (the factors of a {m}x{n} matrix are "
            "not square), got a non-square input"
        )
    (glu, _, _), (lu, _, perm) = g, out
    strict_lower, upper = np.tril(np.ones((n, n)), -1), np.triu(np.ones((n, n)))
    eye = broadcast_like(constant(np.eye(n), x.dtype), x.shape)
    lower, up = add(masked(lu, strict_lower), eye), masked(lu, upper)
    inner = add(
        masked(matmul(transpose(lower), masked(glu, strict_lower)), strict_lower),
        masked(matmul(masked(glu, upper), transpose(up)), upper),
    )
    m_bar = right_solve_transposed(solve(transpose(lower), inner), up)
    columns = broadcast_like(constant(np.arange(n, dtype=np.int32), np.int32), x.shape)
    permutation = astype(equal(broadcast_like(expand(perm, -1), x.shape), columns), dtype=x.dtype)
    return (matmul(transpose(permutation), m_bar),)


lu = primitive(
    "lu",
    infer=_lu_infer,
    grad=_lu_grad,
    numpy=_lu_numpy,
    xla=_lu_xla,
    multiple_results=True,
)
