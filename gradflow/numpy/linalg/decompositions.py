"""linalg factorizations and what is built on them: eigh, eigvalsh, qr, svd, svdvals,
pinv, matrix_rank."""

from __future__ import annotations

from typing import NamedTuple

from gradflow import dtypes
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError
from gradflow.numpy._args import cast, is_python_scalar, tensor, to_float
from gradflow.numpy.linalg.matrices import matrix_arg
from gradflow.ops import elementwise as ew
from gradflow.ops import linalg as la
from gradflow.ops import linalg_decomp as ld
from gradflow.ops import reduce as red


class EighResult(NamedTuple):
    """The result of `eigh`: x = eigenvectors @ diag(eigenvalues) @ eigenvectors.T."""

    eigenvalues: Tensor
    eigenvectors: Tensor


class QRResult(NamedTuple):
    """The result of `qr`: x = Q @ R."""

    Q: Tensor
    R: Tensor


class SVDResult(NamedTuple):
    """The result of `svd`: x = U @ diag(S) @ Vh."""

    U: Tensor
    S: Tensor
    Vh: Tensor


def eigh(x, /) -> EighResult:
    """Eigenvalues (ascending) and eigenvectors of a symmetric (stack of) matrix.

    Only the lower triangle of `x` is read. Gradients assume distinct eigenvalues and
    treat `x` as symmetric.

    Args:
        x: a floating tensor, shape (..., n, n).

    Returns:
        EighResult(eigenvalues (..., n), eigenvectors (..., n, n), one per column).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.eigh(gf.constant([[2.0, 0.0], [0.0, 1.0]])).eigenvalues.tolist()
    [1.0, 2.0]
    """
    return EighResult(*ld.eigh(to_float(tensor(x, "eigh"))))


def eigvalsh(x, /) -> Tensor:
    """Eigenvalues (ascending) of a symmetric (stack of) matrix.

    Args:
        x: a floating tensor, shape (..., n, n); only its lower triangle is read.

    Returns:
        The eigenvalues, shape (..., n).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.eigvalsh(gf.constant([[2.0, 1.0], [1.0, 2.0]])).tolist()
    [1.0, 3.0]
    """
    return ld.eigvalsh(to_float(tensor(x, "eigvalsh")))


def qr(x, /, *, mode: str = "reduced") -> QRResult:
    """QR factorization: Q with orthonormal columns and upper-triangular R.

    Gradients need a full-rank x, and mode='reduced' unless m <= n.

    Args:
        x: a floating tensor, shape (..., m, n).
        mode: 'reduced' (Q (..., m, k), R (..., k, n), k = min(m, n)) or 'complete'
            (Q (..., m, m), R (..., m, n)).

    Returns:
        QRResult(Q, R).

    Example:
    >>> import gradflow as gf
    >>> q, r = gf.numpy.linalg.qr(gf.constant([[3.0, 0.0], [4.0, 1.0], [0.0, 0.0]]))
    >>> q.shape, r.shape
    ((3, 2), (2, 2))
    """
    return QRResult(*ld.qr(matrix_arg(x, "qr"), mode=mode))


def svd(x, /, *, full_matrices: bool = True) -> SVDResult:
    """Singular value decomposition.

    Gradients assume distinct nonzero singular values, and full_matrices=False for a
    non-square x (the extra singular vectors are not unique).

    Args:
        x: a floating tensor, shape (..., m, n).
        full_matrices: U (..., m, m) and Vh (..., n, n) if True; else (..., m, k) and
            (..., k, n), k = min(m, n).

    Returns:
        SVDResult(U, S, Vh), S (..., k) in descending order.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.svd(gf.constant([[3.0, 0.0], [0.0, -4.0]])).S.tolist()
    [4.0, 3.0]
    """
    return SVDResult(*ld.svd(matrix_arg(x, "svd"), full_matrices=bool(full_matrices)))


def svdvals(x, /) -> Tensor:
    """Singular values, in descending order.

    Args:
        x: a floating tensor, shape (..., m, n).

    Returns:
        The singular values, shape (..., min(m, n)).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.svdvals(gf.constant([[0.0, 2.0], [1.0, 0.0]])).tolist()
    [2.0, 1.0]
    """
    return ld.svdvals(matrix_arg(x, "svdvals"))


def _cutoff(s: Tensor, rtol, m: int, n: int, op: str) -> Tensor:
    """rtol * max(s) per matrix, shape (..., 1); rtol defaults to max(m, n) * eps."""
    largest = red.max(s, axes=(s.ndim - 1,), keepdims=True)
    if rtol is None:
        rtol = max(m, n) * dtypes.finfo_eps(s.dtype)
    if is_python_scalar(rtol):
        return la.scale(largest, float(rtol))
    rtol = cast(to_float(tensor(rtol, op)), s.dtype)
    if rtol.ndim > s.ndim - 1:
        raise ArgumentError(
            f"{op}: rtol of shape {rtol.shape} must broadcast against the batch shape "
            f"{s.shape[:-1]}"
        )
    rtol = la.broadcast_like(la.expand(rtol, -1), largest.shape)
    return ew.multiply(rtol, largest)


def pinv(x, /, *, rtol=None) -> Tensor:
    """Moore-Penrose pseudo-inverse, from the SVD with small singular values dropped.

    Differentiable where the SVD is (distinct nonzero singular values kept).

    Args:
        x: a floating tensor, shape (..., m, n).
        rtol: singular values at most rtol * largest are treated as 0; a float or a
            tensor broadcasting against the batch shape. Default max(m, n) * eps.

    Returns:
        The pseudo-inverses, shape (..., n, m).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.pinv(gf.constant([[2.0, 0.0], [0.0, 0.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.0]]
    """
    x = matrix_arg(x, "pinv")
    m, n = x.shape[-2:]
    if min(m, n) == 0:
        return la.transpose(x)
    u, s, vh = ld.svd(x, full_matrices=False)
    keep = ew.greater(s, la.broadcast_like(_cutoff(s, rtol, m, n, "pinv"), s.shape))
    s_inv = ew.where(
        keep, ew.divide(ew.ones_like(s), ew.where(keep, s, ew.ones_like(s))), ew.zeros_like(s)
    )
    v_scaled = ew.multiply(
        la.transpose(vh), la.broadcast_like(la.expand(s_inv, -2), (s.shape[:-1] + (n, s.shape[-1])))
    )
    return la.matmul(v_scaled, la.transpose(u))


def matrix_rank(x, /, *, rtol=None) -> Tensor:
    """Rank of each matrix: the number of singular values above rtol * largest.

    Args:
        x: a floating tensor, shape (..., m, n).
        rtol: relative tolerance, a float or a tensor broadcasting against the batch
            shape. Default max(m, n) * eps.

    Returns:
        The ranks, shape (...), of the default integer dtype.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linalg.matrix_rank(gf.constant([[1.0, 2.0], [2.0, 4.0]])).item()
    1
    """
    x = matrix_arg(x, "matrix_rank")
    m, n = x.shape[-2:]
    if min(m, n) == 0:
        return ew.full(shape=x.shape[:-2], fill_value=0, dtype=dtypes.DEFAULT_INT)
    s = ld.svdvals(x)
    big = ew.greater(s, la.broadcast_like(_cutoff(s, rtol, m, n, "matrix_rank"), s.shape))
    return red.sum(ew.astype(big, dtype=dtypes.DEFAULT_INT), axes=(s.ndim - 1,), keepdims=False)
