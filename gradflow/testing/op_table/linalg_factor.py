"""Op-table rows for the factorizations keras.ops.linalg adds beyond the Array API: the
general eigendecomposition (eig) and the pivoted LU decomposition (lu).

The rows call the primitives directly (gf.numpy.linalg has neither). lu's reference is
a plain row-by-row Doolittle elimination, written independently of the vectorized kernel.
"""

import numpy as np

from gradflow import numpy as gnp
from gradflow.ops import linalg_decomp
from gradflow.testing.op_info import OpInfo, Sample, make

_LAPACK_TOL = {"float32": 1e-4}
_LAPACK_ATOL = {"float32": 1e-5}


def _eig_op(a):
    """eig's eigenvalues and the projectors v_i v_i^H: LAPACK builds (NumPy's and XLA's)
    may scale an eigenvector by a different phase, which the projector does not see."""
    w, v = linalg_decomp.eig(a)
    return w, gnp.expand_dims(v, axis=-2) * gnp.expand_dims(gnp.conj(v), axis=-3)


def _eig_ref(a):
    complex_dtype = np.complex128 if a.dtype == np.float64 else np.complex64
    w, v = np.linalg.eig(a)
    projectors = v[..., :, None, :] * np.conj(v)[..., None, :, :]
    return w.astype(complex_dtype), projectors.astype(complex_dtype)


def _lu_one(a):
    """getrf on one matrix: swap in the first row of largest magnitude, then eliminate."""
    a = a.copy()
    m, n = a.shape
    pivots, perm = [], list(range(m))
    for j in range(min(m, n)):
        p = j + int(np.argmax(np.abs(a[j:, j])))
        pivots.append(p)
        a[[j, p]] = a[[p, j]]
        perm[j], perm[p] = perm[p], perm[j]
        if a[j, j] != 0:
            a[j + 1 :, j] /= a[j, j]
        for i in range(j + 1, m):
            a[i, j + 1 :] -= a[i, j] * a[j, j + 1 :]
    return a, np.asarray(pivots, np.int32), np.asarray(perm, np.int32)


def _lu_ref(x):
    batch, (m, n) = x.shape[:-2], x.shape[-2:]
    flat = x.reshape((int(np.prod(batch, dtype=np.int64)), m, n))
    parts = [_lu_one(a) for a in flat]
    k = min(m, n)
    lu = np.stack([p[0] for p in parts]) if parts else flat.copy()
    piv = np.stack([p[1] for p in parts]) if parts else np.zeros((0, k), np.int32)
    perm = np.stack([p[2] for p in parts]) if parts else np.zeros((0, m), np.int32)
    return lu.reshape(x.shape), piv.reshape(batch + (k,)), perm.reshape(batch + (m,))


def _lu_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype, -1.0, 1.0)

    singular = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]], dtype)
    return [
        Sample((m((3, 3)),)),
        Sample((m((2, 4, 4)),)),
        Sample((m((1, 1)),)),
        Sample((m((3, 5)),), grad=False),  # the gradient needs a square matrix
        Sample((m((5, 3)),), grad=False),
        Sample((singular,), grad=False),  # a zero pivot: U is singular
        Sample((m((0, 0)),)),
        Sample((m((0, 3, 3)),)),
    ]


def _eig_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype, -1.0, 1.0)

    rotation = np.array([[0.0, -1.0], [1.0, 0.0]], dtype)  # eigenvalues +-i
    return [
        Sample((m((3, 3)),)),
        Sample((m((2, 4, 4)),)),
        Sample((rotation,)),
        Sample((m((0, 0)),)),
    ]


OPS = [
    OpInfo(
        "linalg_decomp.eig",
        _eig_op,
        _eig_ref,
        _eig_samples,
        grad=False,  # complex outputs: NOT_DIFFERENTIABLE
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
    ),
    OpInfo(
        "linalg_decomp.lu",
        linalg_decomp.lu,
        _lu_ref,
        _lu_samples,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        grad_rtol=1e-4,
    ),
]
