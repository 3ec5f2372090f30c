"""Op-table rows for the creation functions (and the primitives arange, eye, linspace,
tril, triu, full, zeros_like, ones_like)."""

import numpy as np

from gradflow import numpy as gnp
from gradflow.testing.op_info import ALL_REAL, FLOATS, OpInfo, Sample, make

SHAPES = ((), (0,), (3,), (2, 3), (2, 0, 3))
MATRICES = ((3, 4), (4, 3), (2, 3, 3), (0, 3), (3, 0))


def _shape_samples(**kwargs):
    def samples(rng, dtype):
        return [Sample((s,), dict(kwargs, dtype=dtype)) for s in SHAPES]

    return samples


def _like_samples(*extra, **kwargs):
    def samples(rng, dtype):
        return [Sample((make(rng, s, dtype), *extra), dict(kwargs)) for s in SHAPES]

    return samples


def _arange_samples(rng, dtype):
    if dtype.kind == "f":
        args = ((0.0, 1.0, 0.1), (-2.5, 3.0, 0.75), (5.0, 1.0, -1.5), (1.0, 1.0, 1.0))
    else:
        args = ((0, 7, 1), (-3, 10, 4), (10, 1, -3), (5, 0, 1))
    return [Sample((a,), {"stop": b, "step": c, "dtype": dtype}) for a, b, c in args]


def _arange_ref(start, stop, step, dtype):
    return np.arange(start, stop, step, dtype=np.float64 if dtype.kind == "f" else dtype).astype(
        dtype
    )


def _linspace_samples(rng, dtype):
    cases = ((0.0, 1.0, 5, True), (-2.0, 3.0, 7, False), (2.0, -1.0, 4, True), (0.0, 1.0, 0, True))
    if dtype.kind == "f":
        cases += ((1.5, 1.5, 1, True),)
    return [Sample((a, b), {"num": n, "endpoint": e, "dtype": dtype}) for a, b, n, e in cases]


def _eye_samples(rng, dtype):
    return [
        Sample((n, m), {"k": k, "dtype": dtype})
        for n, m, k in ((3, None, 0), (2, 4, 1), (4, 2, -1), (0, 3, 0), (3, 3, 5))
    ]


def _eye_ref(n, m, k, dtype):
    return np.eye(n, m, k, dtype=dtype)


def _triangle_samples(rng, dtype):
    return [Sample((make(rng, s, dtype),), {"k": k}) for s in MATRICES for k in (0, 1, -1)]


def _meshgrid_samples(rng, dtype):
    a, b, c = (make(rng, (n,), dtype) for n in (3, 2, 4))
    return [
        Sample((a, b), {"indexing": "xy"}),
        Sample((a, b, c), {"indexing": "xy"}),
        Sample((a, b, c), {"indexing": "ij"}),
        Sample((a,), {"indexing": "xy"}),
        Sample((a, make(rng, (0,), dtype)), {"indexing": "ij"}),
    ]


OPS = [
    OpInfo("arange", gnp.arange, _arange_ref, _arange_samples, dtypes=ALL_REAL, grad=False),
    OpInfo(
        "empty",
        gnp.empty,
        np.empty,
        _shape_samples(),
        dtypes=ALL_REAL,
        grad=False,
        nondeterministic=True,
    ),
    OpInfo(
        "empty_like",
        gnp.empty_like,
        np.empty_like,
        _like_samples(),
        dtypes=ALL_REAL,
        grad=False,
        nondeterministic=True,
    ),
    OpInfo("eye", gnp.eye, _eye_ref, _eye_samples, dtypes=ALL_REAL, grad=False),
    OpInfo(
        "from_dlpack", gnp.from_dlpack, np.asarray, _like_samples(), dtypes=ALL_REAL, grad=False
    ),
    OpInfo(
        "full",
        lambda s, dtype: gnp.full(s, 3, dtype=dtype),
        lambda s, dtype: np.full(s, 3, dtype=dtype),
        _shape_samples(),
        dtypes=ALL_REAL,
        grad=False,
    ),
    OpInfo(
        "full_like",
        gnp.full_like,
        np.full_like,
        _like_samples(-2),
        dtypes=ALL_REAL,
        grad=False,
    ),
    OpInfo(
        "linspace",
        gnp.linspace,
        lambda a, b, **kw: np.linspace(a, b, **kw),
        _linspace_samples,
        dtypes=ALL_REAL,
        grad=False,
    ),
    OpInfo(
        "meshgrid", gnp.meshgrid, np.meshgrid, _meshgrid_samples, dtypes=ALL_REAL, second_order=True
    ),
    OpInfo("ones", gnp.ones, np.ones, _shape_samples(), dtypes=ALL_REAL, grad=False),
    OpInfo("ones_like", gnp.ones_like, np.ones_like, _like_samples(), dtypes=ALL_REAL, grad=False),
    OpInfo("tril", gnp.tril, np.tril, _triangle_samples, dtypes=ALL_REAL, second_order=True),
    OpInfo("triu", gnp.triu, np.triu, _triangle_samples, dtypes=ALL_REAL, second_order=True),
    OpInfo("zeros", gnp.zeros, np.zeros, _shape_samples(), dtypes=ALL_REAL, grad=False),
    OpInfo(
        "zeros_like", gnp.zeros_like, np.zeros_like, _like_samples(), dtypes=ALL_REAL, grad=False
    ),
    OpInfo(
        "zeros_like_dtype",
        lambda x: gnp.zeros_like(x, dtype="int64"),
        lambda x: np.zeros_like(x, dtype=np.int64),
        _like_samples(),
        dtypes=FLOATS,
        grad=False,
    ),
]
