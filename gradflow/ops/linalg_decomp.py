"""Matrix factorization primitives: eigh, eigvalsh, qr, svd, svdvals.

The gradient rules follow the standard results and assume what makes the factors
differentiable: distinct eigenvalues (eigh), distinct nonzero singular values (svd), a
full-rank input (qr). eigvalsh and svdvals are primitives of their own because LAPACK
computes them without the vectors; their gradients compute the vectors.
"""

from __future__ import annotations

import numpy as np

from gradflow.core.primitive import primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError, GradientError
from gradflow.ops.elementwise import add, divide, multiply, ones_like, subtract, where, zeros_like
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
