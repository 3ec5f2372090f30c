"""Op-table rows for the searching functions (argmax, argmin, count_nonzero, nonzero,
searchsorted, where), the sorting functions (sort, argsort) and the set functions."""

import numpy as np

from gradflow import dtypes
from gradflow import numpy as gnp
from gradflow.ops import sorting as srt
from gradflow.testing.op_info import ALL_REAL, UNARY_SHAPES, OpInfo, Sample, make

WITH_BOOL = ALL_REAL + (dtypes.bool,)
SORT_SHAPES = ((5,), (0,), (3, 4), (2, 0, 3), (2, 3, 4))


def _index(ref):
    """A reference whose index outputs (NumPy's intp, or Python ints) are int64, the
    default index dtype."""

    def as_index(o):
        if isinstance(o, np.ndarray) and o.dtype != np.intp:
            return o
        return np.asarray(o).astype(np.int64)

    def run(*args, **kwargs):
        out = ref(*args, **kwargs)
        if isinstance(out, tuple):
            return tuple(as_index(o) for o in out)
        return as_index(out)

    return run


# -- argmax, argmin, count_nonzero, nonzero ------------------------------------------------
def arg_extremum_samples(rng, dtype):
    out = []
    for shape in UNARY_SHAPES:
        options = [{}, {"keepdims": True}]
        if shape:
            options += [{"axis": 0}, {"axis": -1, "keepdims": True}]
        for kwargs in options:
            axis = kwargs.get("axis")
            if 0 in (shape if axis is None else (shape[axis],)) and shape:
                continue
            out.append(Sample((make(rng, shape, dtype),), kwargs))
    if dtype.kind == "f":
        out.append(Sample((np.array([1.0, np.nan, 3.0, np.nan], dtype=dtype),)))
    return out


def count_samples(rng, dtype):
    out = []
    for shape in UNARY_SHAPES:
        options = [{}, {"keepdims": True}]
        if len(shape) >= 2:
            options += [{"axis": 0}, {"axis": (0, -1), "keepdims": True}]
        out += [Sample((make(rng, shape, dtype, -1.0, 1.0),), kw) for kw in options]
    return out


def nonzero_samples(rng, dtype):
    shapes = ((5,), (0,), (3, 4), (2, 0, 3), (2, 3, 4))
    out = [Sample((make(rng, s, dtype, -1.0, 1.0),)) for s in shapes]
    zeros = np.zeros((2, 3), dtype=dtype)
    out.append(Sample((zeros,)))
    if dtype.kind != "b":  # integer samples in [-1, 1] hold zeros; floats get some too
        out[2].args[0].reshape(-1)[::3] = 0
    return out


# -- searchsorted --------------------------------------------------------------------------
def searchsorted_samples(rng, dtype):
    out = []
    for n, shape in ((6, (4,)), (6, ()), (5, (2, 3)), (0, (3,)), (4, (0,))):
        x1 = np.sort(make(rng, (n,), dtype, -3.0, 3.0))
        for side in ("left", "right"):
            out.append(Sample((x1, make(rng, shape, dtype, -4.0, 4.0)), {"side": side}))
    return out


def sorter_samples(rng, dtype):
    x1 = make(rng, (7,), dtype, -3.0, 3.0)
    return [
        Sample((x1, make(rng, (5,), dtype, -4.0, 4.0), np.argsort(x1, kind="stable")),
               {"side": side})
        for side in ("left", "right")
    ]  # fmt: skip


def _searchsorted_with_sorter(x1, x2, sorter, side="left"):
    return gnp.searchsorted(x1, x2, side=side, sorter=sorter)


def _searchsorted_with_sorter_ref(x1, x2, sorter, side="left"):
    return np.searchsorted(x1, x2, side=side, sorter=sorter).astype(np.int64)


# -- where -------------------------------------------------------------------------------
WHERE_SHAPES = (
    ((), (), ()),
    ((5,), (5,), (5,)),
    ((3, 4), (3, 1), (4,)),
    ((3, 1), (1, 4), ()),
    ((2, 3, 4), (3, 4), (2, 1, 4)),
    ((0, 3), (1, 3), (3,)),
)


def where_samples(rng, dtype):
    return [
        Sample((make(rng, c, dtypes.bool), make(rng, a, dtype), make(rng, b, dtype)))
        for c, a, b in WHERE_SHAPES
    ]


def where_scalar_samples(rng, dtype):
    """A Python scalar on either side: weakly typed, it takes the tensor's dtype."""
    c, x = make(rng, (3, 4), dtypes.bool), make(rng, (3, 4), dtype)
    return [Sample((c, x, 0)), Sample((c, 2, x))]


def _where_ref(c, x1, x2):
    dtype = next(a.dtype for a in (x1, x2) if isinstance(a, np.ndarray))
    return np.where(c, x1, x2).astype(dtype)


# -- sort, argsort -------------------------------------------------------------------------
def sort_samples(rng, dtype):
    out = []
    for shape in SORT_SHAPES:
        axes = (0,) if len(shape) == 1 else (-1, 0)
        for axis in axes:
            for descending in (False, True):
                kwargs = {"axis": axis, "descending": descending}
                out.append(Sample((make(rng, shape, dtype, -3.0, 3.0),), kwargs))
    ties = np.array([[1.0, 2.0, 1.0, 0.0], [3.0, 3.0, -1.0, 3.0]], dtype=dtype)
    out += [Sample((ties,), {"descending": d}, grad=False) for d in (False, True)]
    if dtype.kind == "f":
        nan = np.array([2.0, np.nan, -1.0, np.nan, 0.0], dtype=dtype)
        out += [Sample((nan,), {"descending": d}, grad=False) for d in (False, True)]
    return out


def _sort_ref(x, axis=-1, descending=False):
    out = np.sort(x, axis=axis)
    return np.flip(out, axis) if descending else out


def argsort_samples(rng, dtype):
    """Integer samples in [-2, 2] are full of ties: stable order is checked. Unstable
    sorting is checked on tie-free float samples only."""
    out = []
    for shape in SORT_SHAPES:
        for descending in (False, True):
            kwargs = {"axis": 0 if len(shape) == 1 else 1, "descending": descending}
            out.append(Sample((make(rng, shape, dtype),), kwargs))
            if dtype.kind == "f":
                x = make(rng, shape, dtype)
                out.append(Sample((x,), {**kwargs, "stable": False}))
    return out


def _argsort_ref(x, axis=-1, descending=False, stable=True):
    # an independent descending stable order: ascending order of -x (no NaN in samples)
    key = -x if descending else x
    return np.argsort(key, axis=axis, kind="stable").astype(np.int64)


def permute_samples(rng, dtype):
    out = []
    for shape, axis in (((5,), 0), ((3, 4), 1), ((3, 4), 0), ((2, 0, 3), 2), ((2, 3, 4), 1)):
        perm = np.argsort(rng.random(shape), axis=axis)
        out.append(Sample((make(rng, shape, dtype), perm), {"axis": axis}))
    return out


def _permute(x, perm, axis):
    """The primitive that carries sort's gradient (and searchsorted's sorter)."""
    return srt.permute_along_axis(x, perm, axis=axis)


# -- set functions -------------------------------------------------------------------------
def unique_samples(rng, dtype):
    out = [Sample((make(rng, s, dtype, -3.0, 3.0),)) for s in UNARY_SHAPES]
    if dtype.kind == "f":
        repeated = np.array([[1.5, -2.0, 1.5], [np.nan, 0.0, np.nan]], dtype=dtype)
        out.append(Sample((repeated,)))
    return out


def _unique_values_ref(x):
    # np.unique_values may return hash order; gradflow sorts, as np.unique does
    return np.unique(x.reshape(-1), equal_nan=False)


OPS = [
    OpInfo("argmax", gnp.argmax, _index(np.argmax), arg_extremum_samples, dtypes=ALL_REAL,
           grad=False),
    OpInfo("argmin", gnp.argmin, _index(np.argmin), arg_extremum_samples, dtypes=ALL_REAL,
           grad=False),
    OpInfo("count_nonzero", gnp.count_nonzero, _index(np.count_nonzero), count_samples,
           dtypes=WITH_BOOL, grad=False),
    OpInfo("nonzero", gnp.nonzero, _index(np.nonzero), nonzero_samples, dtypes=WITH_BOOL,
           grad=False),
    OpInfo("searchsorted", gnp.searchsorted, _index(np.searchsorted), searchsorted_samples,
           dtypes=ALL_REAL, grad=False),
    OpInfo("searchsorted_sorter", _searchsorted_with_sorter, _searchsorted_with_sorter_ref,
           sorter_samples, dtypes=ALL_REAL, grad=False),
    OpInfo("where", gnp.where, _where_ref, where_samples, dtypes=ALL_REAL, second_order=True),
    OpInfo("where_scalars", gnp.where, _where_ref, where_scalar_samples, dtypes=ALL_REAL),
    OpInfo("sort", gnp.sort, _sort_ref, sort_samples, dtypes=ALL_REAL, second_order=True),
    OpInfo("permute_along_axis", _permute, lambda x, p, axis: np.take_along_axis(x, p, axis),
           permute_samples, dtypes=ALL_REAL, second_order=True),
    OpInfo("argsort", gnp.argsort, _argsort_ref, argsort_samples, dtypes=ALL_REAL, grad=False),
    OpInfo("unique_all", gnp.unique_all, _index(np.unique_all), unique_samples,
           dtypes=WITH_BOOL, grad=False),
    OpInfo("unique_counts", gnp.unique_counts, _index(np.unique_counts), unique_samples,
           dtypes=WITH_BOOL, grad=False),
    OpInfo("unique_inverse", gnp.unique_inverse, _index(np.unique_inverse), unique_samples,
           dtypes=WITH_BOOL, grad=False),
    OpInfo("unique_values", gnp.unique_values, _unique_values_ref, unique_samples,
           dtypes=WITH_BOOL, grad=False),
]  # fmt: skip
