"""Op-table rows for linear algebra: gf.numpy's matmul, matrix_transpose, tensordot,
vecdot and the gf.numpy.linalg extension.

Samples are well conditioned: invertible matrices are diagonally dominant, symmetric
positive-definite ones are A @ A.T + n * I. Ops that read a symmetric input (cholesky,
eigh, eigvalsh) are wrapped to symmetrize their argument, so that the gradient check's
unsymmetric perturbations stay inside the op's domain.
"""

import math

import numpy as np

from gradflow import numpy as gnp
from gradflow.testing.op_info import ALL_REAL, FLOATS, OpInfo, Sample, make

_LAPACK_TOL = {"float32": 1e-4}
_LAPACK_ATOL = {"float32": 1e-5}


def _sym(a):
    return gnp.multiply(gnp.add(a, gnp.matrix_transpose(a)), 0.5)


def _sym_np(a):
    return (a + np.swapaxes(a, -1, -2)) * a.dtype.type(0.5)


def _invertible(rng, shape, dtype):
    """A random matrix plus n on the diagonal: well conditioned, either sign of det."""
    n = shape[-1]
    return (make(rng, shape, np.float64, -1.0, 1.0) + n * np.eye(n)).astype(dtype)


def _spd(rng, shape, dtype):
    """A @ A.T + n * I: symmetric positive definite with well-separated eigenvalues."""
    a = make(rng, shape, np.float64, -1.0, 1.0)
    n = shape[-1]
    return (a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dtype)


def _pairs(*shapes, low=-2.0, high=2.0, **kwargs):
    def samples(rng, dtype):
        return [
            Sample((make(rng, a, dtype, low, high), make(rng, b, dtype, low, high)), dict(kwargs))
            for a, b in shapes
        ]

    return samples


def _with_kwargs(base, *kwarg_sets):
    """`base` samples repeated for each dict of keyword arguments."""

    def samples(rng, dtype):
        out = []
        for kw in kwarg_sets:
            out += [Sample(s.args, {**s.kwargs, **kw}, s.grad) for s in base(rng, dtype)]
        return out

    return samples


def _singles(make_one, shapes, **kwargs):
    def samples(rng, dtype):
        return [Sample((make_one(rng, s, dtype),), dict(kwargs)) for s in shapes]

    return samples


def _uniform(rng, shape, dtype):
    return make(rng, shape, dtype, -2.0, 2.0)


_SQUARE_SHAPES = ((3, 3), (2, 4, 4), (1, 1), (0, 0), (0, 2, 2))
_MATRIX_SHAPES = ((3, 3), (4, 3), (3, 5), (2, 4, 3), (0, 3))

# -- gf.numpy -------------------------------------------------------------------------------

_matmul_samples = _pairs(
    ((3, 4), (4, 5)),
    ((4,), (4,)),
    ((4,), (4, 5)),
    ((3, 4), (4,)),
    ((2, 3, 4), (4, 5)),
    ((3, 4), (2, 4, 5)),
    ((2, 1, 3, 4), (3, 4, 2)),
    ((0, 4), (4, 3)),
    ((3, 0), (0, 2)),
)


def _vecdot_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype)

    return [
        Sample((m((3, 4)), m((4,)))),
        Sample((m((2, 3)), m((2, 3))), {"axis": 0}),
        Sample((m((2, 1, 4)), m((3, 4))), {"axis": -1}),
        Sample((m((5,)), m((5,)))),
        Sample((m((0, 3)), m((0, 3)))),
    ]


def _tensordot_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype)

    return [
        Sample((m((2, 3, 4)), m((3, 4, 5))), {"axes": 2}),
        Sample((m((2, 3)), m((3, 4))), {"axes": 1}),
        Sample((m((2,)), m((3,))), {"axes": 0}),
        Sample((m((3, 2, 4)), m((2, 3, 5))), {"axes": ((1, 0), (0, 1))}),
        Sample((m((3, 4)), m((5, 3))), {"axes": ((-2,), (1,))}),
        Sample((m((0, 3)), m((3, 2))), {"axes": 1}),
    ]


OPS = [
    OpInfo("matmul", gnp.matmul, np.matmul, _matmul_samples, dtypes=ALL_REAL, second_order=True),
    OpInfo(
        "matrix_transpose",
        gnp.matrix_transpose,
        np.matrix_transpose,
        _singles(_uniform, ((3, 4), (2, 3, 4), (0, 3), (1, 1))),
        dtypes=ALL_REAL,
    ),
    OpInfo("tensordot", gnp.tensordot, np.tensordot, _tensordot_samples, dtypes=ALL_REAL),
    OpInfo("vecdot", gnp.vecdot, np.vecdot, _vecdot_samples, dtypes=ALL_REAL),
]

# -- gf.numpy.linalg: square matrices ------------------------------------------------------------


def _solve_samples(rng, dtype):
    def a(shape):
        return _invertible(rng, shape, dtype)

    def b(shape):
        return make(rng, shape, dtype)

    return [
        Sample((a((3, 3)), b((3,)))),
        Sample((a((3, 3)), b((3, 2)))),
        Sample((a((2, 3, 3)), b((3,)))),
        Sample((a((2, 3, 3)), b((2, 3, 4)))),
        Sample((a((3, 3)), b((2, 3, 1)))),
        Sample((a((1, 3, 3)), b((2, 3, 2)))),
        Sample((a((0, 0)), b((0,)))),
        Sample((a((0, 3, 3)), b((0, 3, 2)))),
    ]


def _matrix_power_samples(rng, dtype):
    ints = np.dtype(dtype).kind in "iu"
    powers = (0, 1, 2, 3, 5) if ints else (0, 1, 2, 3, 5, -1, -2)
    out = []
    for n in powers:
        for shape in ((3, 3), (2, 2, 2)):
            x = make(rng, shape, dtype, -1, 1) if ints else _invertible(rng, shape, dtype) / 3
            out.append(Sample((x, n)))
    out.append(Sample((make(rng, (0, 2, 2), dtype), 3)))
    return out


def _trace_ref(x, offset=0, dtype=None):
    return np.asarray(np.trace(x, offset, axis1=-2, axis2=-1, dtype=dtype or x.dtype))


def _trace_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype)

    return [
        Sample((m((3, 3)),)),
        Sample((m((3, 4)),), {"offset": 1}),
        Sample((m((4, 3)),), {"offset": -2}),
        Sample((m((2, 3, 3)),)),
        Sample((m((3, 3)),), {"offset": 5}),
        Sample((m((0, 3, 3)),)),
        Sample((m((2, 3)),), {"dtype": np.float64}),
    ]


def _diagonal_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype)

    return [
        Sample((m((3, 4)),)),
        Sample((m((3, 4)),), {"offset": 1}),
        Sample((m((4, 3)),), {"offset": -2}),
        Sample((m((2, 3, 3)),)),
        Sample((m((3, 3)),), {"offset": 4}),
        Sample((m((0, 3)),)),
    ]


def _cross_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype)

    return [
        Sample((m((3,)), m((3,)))),
        Sample((m((4, 3)), m((3,)))),
        Sample((m((3, 2)), m((3, 2))), {"axis": 0}),
        Sample((m((2, 3, 4)), m((2, 3, 4))), {"axis": -2}),
        Sample((m((0, 3)), m((0, 3)))),
    ]


OPS += [
    OpInfo(
        "linalg.cholesky",
        lambda a, **kw: gnp.linalg.cholesky(_sym(a), **kw),
        lambda a, **kw: np.linalg.cholesky(_sym_np(a), **kw),
        _with_kwargs(
            _singles(_spd, ((3, 3), (2, 4, 4), (1, 1), (0, 0), (0, 2, 2))), {}, {"upper": True}
        ),
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
    ),
    OpInfo("linalg.cross", gnp.linalg.cross, np.cross, _cross_samples, dtypes=ALL_REAL),
    OpInfo(
        "linalg.det",
        gnp.linalg.det,
        np.linalg.det,
        _singles(_invertible, _SQUARE_SHAPES),
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        second_order=True,
    ),
    OpInfo(
        "linalg.diagonal",
        gnp.linalg.diagonal,
        np.linalg.diagonal,
        _diagonal_samples,
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "linalg.inv",
        gnp.linalg.inv,
        np.linalg.inv,
        _singles(_invertible, _SQUARE_SHAPES),
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        second_order=True,
    ),
    OpInfo(
        "linalg.matrix_power",
        gnp.linalg.matrix_power,
        np.linalg.matrix_power,
        _matrix_power_samples,
        dtypes=ALL_REAL,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
    ),
    OpInfo(
        "linalg.outer",
        gnp.linalg.outer,
        np.outer,
        _pairs(((3,), (4,)), ((0,), (3,)), ((1,), (1,))),
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "linalg.slogdet",
        gnp.linalg.slogdet,
        np.linalg.slogdet,
        _singles(_invertible, _SQUARE_SHAPES),
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
    ),
    OpInfo(
        "linalg.solve",
        gnp.linalg.solve,
        np.linalg.solve,
        _solve_samples,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        second_order=True,
    ),
    OpInfo("linalg.trace", gnp.linalg.trace, _trace_ref, _trace_samples, dtypes=ALL_REAL),
]

# -- gf.numpy.linalg: factorizations ------------------------------------------------------------

_SPD_SHAPES = ((3, 3), (2, 4, 4), (1, 1), (0, 0), (0, 2, 2))


def _qr_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype, -1.0, 1.0)

    return [
        Sample((m((4, 3)),)),
        Sample((m((3, 3)),)),
        Sample((m((3, 5)),)),
        Sample((m((2, 4, 3)),)),
        Sample((m((3, 5)),), {"mode": "complete"}),
        Sample((m((4, 3)),), {"mode": "complete"}, grad=False),  # Q's extra column isn't unique
        Sample((m((0, 3)),)),
    ]


def _svd_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype, -1.0, 1.0)

    return [
        Sample((m((3, 3)),)),
        Sample((m((4, 3)),), {"full_matrices": False}),
        Sample((m((3, 5)),), {"full_matrices": False}),
        Sample((m((2, 4, 3)),), {"full_matrices": False}),
        Sample((m((4, 3)),), grad=False),  # the extra columns of U are not unique
        Sample((m((0, 3)),), {"full_matrices": False}),
        Sample((m((0, 3)),), grad=False),
    ]


def _pinv_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype, -1.0, 1.0)

    rank_one = make(rng, (4, 1), np.float64) @ make(rng, (1, 3), np.float64)
    return [
        Sample((m((3, 3)),)),
        Sample((m((4, 3)),)),
        Sample((m((3, 5)),)),
        Sample((m((2, 4, 3)),)),
        Sample((m((3, 3)),), {"rtol": 1e-3}),
        Sample((rank_one.astype(dtype),), grad=False),
        Sample((m((0, 3)),)),
    ]


def _matrix_rank_ref(x, rtol=None):
    return np.asarray(np.linalg.matrix_rank(x, rtol=rtol)).astype(np.int32)


def _matrix_rank_samples(rng, dtype):
    rank_one = make(rng, (2, 4, 1), np.float64) @ make(rng, (2, 1, 3), np.float64)
    return [
        Sample((make(rng, (3, 3), dtype),)),
        Sample((make(rng, (4, 3), dtype),)),
        Sample((rank_one.astype(dtype),)),
        Sample((np.diag([1.0, 1e-2, 1e-6]).astype(dtype),), {"rtol": 1e-3}),
        Sample((make(rng, (0, 3), dtype),)),
    ]


OPS += [
    OpInfo(
        "linalg.eigh",
        lambda a: gnp.linalg.eigh(_sym(a)),
        lambda a: np.linalg.eigh(_sym_np(a)),
        _singles(_spd, _SPD_SHAPES),
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        grad_rtol=1e-4,
    ),
    OpInfo(
        "linalg.eigvalsh",
        lambda a: gnp.linalg.eigvalsh(_sym(a)),
        lambda a: np.linalg.eigvalsh(_sym_np(a)),
        _singles(_spd, _SPD_SHAPES),
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
    ),
    OpInfo(
        "linalg.matrix_rank",
        gnp.linalg.matrix_rank,
        _matrix_rank_ref,
        _matrix_rank_samples,
        grad=False,
    ),
    OpInfo(
        "linalg.pinv",
        gnp.linalg.pinv,
        lambda a, rtol=None: np.linalg.pinv(a, rtol=rtol),
        _pinv_samples,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        grad_rtol=1e-4,
    ),
    OpInfo(
        "linalg.qr",
        gnp.linalg.qr,
        np.linalg.qr,
        _qr_samples,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        grad_rtol=1e-4,
    ),
    OpInfo(
        "linalg.svd",
        gnp.linalg.svd,
        np.linalg.svd,
        _svd_samples,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        grad_rtol=1e-4,
    ),
    OpInfo(
        "linalg.svdvals",
        gnp.linalg.svdvals,
        np.linalg.svdvals,
        _singles(_uniform, _MATRIX_SHAPES),
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
    ),
]

# -- gf.numpy.linalg: norms ------------------------------------------------------------------


def _vector_norm_samples(rng, dtype):
    def m(shape):
        return make(rng, shape, dtype)

    out = [Sample((m((3, 4)),), {"ord": o}) for o in (2, 1, math.inf, -math.inf, 0, 3, 0.5, -1)]
    out += [
        Sample((m((3, 4)),), {"axis": 1}),
        Sample((m((2, 3, 4)),), {"axis": (0, 2), "keepdims": True}),
        Sample((m((2, 3)),), {"axis": -1, "ord": 1, "keepdims": True}),
        Sample((m(()),)),
        Sample((m((0, 3)),)),
        Sample((m((0, 3)),), {"axis": 0, "ord": 1}),
    ]
    return out


_MATRIX_NORM_ORDS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def _matrix_norm_samples(rng, dtype):
    out = [Sample((make(rng, (3, 4), dtype),), {"ord": o}) for o in _MATRIX_NORM_ORDS]
    out += [
        Sample((make(rng, (2, 3, 3), dtype),), {"ord": 2, "keepdims": True}),
        Sample((make(rng, (2, 4, 3), dtype),), {"keepdims": True}),
        Sample((make(rng, (0, 3), dtype),)),
        Sample((make(rng, (0, 2, 2), dtype),), {"ord": "nuc"}),
    ]
    return out


OPS += [
    OpInfo(
        "linalg.matrix_norm",
        gnp.linalg.matrix_norm,
        np.linalg.matrix_norm,
        _matrix_norm_samples,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
        grad_rtol=1e-4,
    ),
    OpInfo(
        "linalg.vector_norm",
        gnp.linalg.vector_norm,
        np.linalg.vector_norm,
        _vector_norm_samples,
        dtypes=FLOATS,
        rtol=_LAPACK_TOL,
        atol=_LAPACK_ATOL,
    ),
]
