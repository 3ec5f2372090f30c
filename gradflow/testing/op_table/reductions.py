"""Op-table rows for the statistical functions (reductions and scans) and the utility
functions all, any, diff."""

import warnings

import numpy as np

from gradflow import dtypes
from gradflow import numpy as gnp
from gradflow.testing.op_info import ALL_REAL, FLOATS, UNARY_SHAPES, OpInfo, Sample, make

REDUCE_SHAPES = UNARY_SHAPES  # (), (0,), (5,), (3, 4), (2, 0, 3), (2, 3, 4)
SCAN_SHAPES = ((5,), (0,), (3, 4), (2, 0, 3), (2, 3, 4))
LOGICAL = (dtypes.bool, dtypes.int32, dtypes.float32)


def _axis_options(ndim: int) -> list[dict]:
    """A few axis/keepdims combinations valid for a rank-`ndim` input."""
    options = [{}, {"keepdims": True}]
    if ndim >= 1:
        options += [{"axis": 0}, {"axis": -1, "keepdims": True}, {"axis": ()}]
    if ndim >= 2:
        options += [{"axis": (0, ndim - 1)}, {"axis": (-1, 0), "keepdims": True}]
    return options


def _reduced(shape: tuple, axis) -> list[int]:
    """The sizes of the axes a reduction over `axis` covers."""
    if axis is None:
        return list(shape)
    axes = (axis,) if isinstance(axis, int) else axis
    return [shape[a] for a in axes]


def reduction_samples(low=-2.0, high=2.0, nonempty=False, grad_if=None, extra=()) -> callable:
    """Samples over REDUCE_SHAPES x _axis_options; `nonempty` skips reductions over a
    size-0 axis; `grad_if(shape, kwargs)` says where the op is differentiable."""

    def samples(rng, dtype):
        out = []
        for shape in REDUCE_SHAPES:
            for options in _axis_options(len(shape)):
                for more in extra or ({},):
                    kwargs = {**options, **more}
                    sizes = _reduced(shape, kwargs.get("axis"))
                    if nonempty and 0 in sizes:
                        continue
                    grad = True if grad_if is None else grad_if(sizes, kwargs)
                    out.append(Sample((make(rng, shape, dtype, low, high),), kwargs, grad=grad))
        return out

    return samples


def _quiet(ref):
    """A reference with NumPy's empty-slice and division warnings silenced."""

    def run(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return ref(*args, **kwargs)

    return run


REDUCE_ZERO_CASES = (((5,), {}), ((3, 4), {"axis": 1}), ((2, 3, 4), {"axis": (0, 2)}))
SCAN_ZERO_CASES = (
    ((5,), {}),
    ((3, 4), {"axis": 1}),
    ((3, 4), {"axis": 0, "include_initial": True}),
)


def _with_zeros(samples_fn, cases):
    """Adds samples with one and with two exact zeros (prod and cumulative_prod: their
    gradients must be exact there)."""

    def samples(rng, dtype):
        out = list(samples_fn(rng, dtype))
        for shape, kwargs in cases:
            one = make(rng, shape, dtype, 0.5, 1.5)
            one.reshape(-1)[1] = 0
            two = make(rng, shape, dtype, -1.5, 1.5)
            two.reshape(-1)[[0, 3]] = 0
            out += [Sample((one,), dict(kwargs)), Sample((two,), dict(kwargs))]
        return out

    return samples


def _sum_ref(x, axis=None, keepdims=False):
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _prod_ref(x, axis=None, keepdims=False):
    return np.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)


def _var_grad_if(sizes, kwargs):
    """var is smooth where N - correction > 0; std also needs N > 1 (sqrt at 0)."""
    return int(np.prod(sizes)) > kwargs.get("correction", 0)


def _std_grad_if(sizes, kwargs):
    return int(np.prod(sizes)) > max(1, kwargs.get("correction", 0))


def _var_ref(x, axis=None, keepdims=False, correction=0.0):
    return np.var(x, axis=axis, keepdims=keepdims, ddof=correction).astype(x.dtype)


def _std_ref(x, axis=None, keepdims=False, correction=0.0):
    return np.std(x, axis=axis, keepdims=keepdims, ddof=correction).astype(x.dtype)


def _mean_ref(x, axis=None, keepdims=False):
    return np.mean(x, axis=axis, keepdims=keepdims).astype(x.dtype)


def scan_samples(low=-2.0, high=2.0) -> callable:
    def samples(rng, dtype):
        out = []
        for shape in SCAN_SHAPES:
            axes = [0] if len(shape) == 1 else [0, -1, 1]
            for axis in axes:
                for initial in (False, True):
                    kwargs = {"axis": axis, "include_initial": initial}
                    if len(shape) == 1 and axis == 0 and not initial:
                        kwargs = {}  # axis is optional for one-dimensional input
                    out.append(Sample((make(rng, shape, dtype, low, high),), kwargs))
        return out

    return samples


def _scan_ref(fn):
    def ref(x, axis=None, include_initial=False):
        return fn(x, axis=axis, include_initial=include_initial, dtype=x.dtype)

    return ref


def diff_samples(rng, dtype):
    cases = [
        ((5,), {}),
        ((5,), {"n": 2}),
        ((5,), {"n": 0}),
        ((3,), {"n": 4}),
        ((0,), {}),
        ((3, 4), {"axis": 0}),
        ((3, 4), {"n": 3}),
        ((2, 0, 3), {"axis": 1}),
        ((2, 3, 4), {"axis": 1, "n": 2}),
        ((4,), {"prepend": 1, "append": 2}),
    ]
    return [Sample((make(rng, s, dtype),), kw) for s, kw in cases]


def _diff_ref(x, axis=-1, n=1, prepend=np._NoValue, append=np._NoValue):
    return np.diff(x, n=n, axis=axis, prepend=prepend, append=append).astype(x.dtype)


def diff_edge_samples(rng, dtype):
    """diff with tensor prepend/append (differentiated too)."""
    return [
        Sample((make(rng, (3, 4), dtype), make(rng, (3, 1), dtype), make(rng, (3, 2), dtype))),
        Sample((make(rng, (2, 3), dtype), make(rng, (1, 3), dtype), make(rng, (1, 3), dtype)),
               {"axis": 0, "n": 2}),
    ]  # fmt: skip


def _diff_edges(x, before, after, **kwargs):
    return gnp.diff(x, prepend=before, append=after, **kwargs)


def _diff_edges_ref(x, before, after, axis=-1, n=1):
    return np.diff(x, n=n, axis=axis, prepend=before, append=after)


def logical_samples(rng, dtype):
    out = reduction_samples(low=0.0, high=1.0)(rng, dtype)
    nan = np.array([0.0, np.nan, 1.0], dtype=dtype) if dtype.kind == "f" else None
    if nan is not None:
        out.append(Sample((nan,)))
    return out


OPS = [
    OpInfo("sum", gnp.sum, _sum_ref, reduction_samples(), dtypes=ALL_REAL, second_order=True),
    OpInfo("prod", gnp.prod, _prod_ref,
           _with_zeros(reduction_samples(-1.5, 1.5), REDUCE_ZERO_CASES), dtypes=ALL_REAL,
           second_order=True),
    OpInfo("max", gnp.max, np.max, reduction_samples(nonempty=True), dtypes=ALL_REAL),
    OpInfo("min", gnp.min, np.min, reduction_samples(nonempty=True), dtypes=ALL_REAL),
    OpInfo("mean", gnp.mean, _quiet(_mean_ref), reduction_samples(), second_order=True),
    OpInfo("var", gnp.var, _quiet(_var_ref),
           reduction_samples(grad_if=_var_grad_if, extra=({}, {"correction": 1})),
           second_order=True),
    OpInfo("std", gnp.std, _quiet(_std_ref),
           reduction_samples(grad_if=_std_grad_if, extra=({}, {"correction": 1})),
           second_order=True, rtol={"float32": 1e-5}, atol={"float32": 1e-5}),
    OpInfo("cumulative_sum", gnp.cumulative_sum, _scan_ref(np.cumulative_sum), scan_samples(),
           dtypes=ALL_REAL, second_order=True),
    OpInfo("cumulative_prod", gnp.cumulative_prod, _scan_ref(np.cumulative_prod),
           _with_zeros(scan_samples(-1.5, 1.5), SCAN_ZERO_CASES), dtypes=ALL_REAL),
    OpInfo("all", gnp.all, np.all, logical_samples, dtypes=LOGICAL, grad=False),
    OpInfo("any", gnp.any, np.any, logical_samples, dtypes=LOGICAL, grad=False),
    OpInfo("diff", gnp.diff, _diff_ref, diff_samples, dtypes=ALL_REAL, second_order=True),
    OpInfo("diff_prepend_append", _diff_edges, _diff_edges_ref, diff_edge_samples,
           dtypes=FLOATS),
]  # fmt: skip
