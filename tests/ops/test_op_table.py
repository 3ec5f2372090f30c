"""The generic op tests, driven by the op table (gradflow/testing/op_info.py).

The reference, gradient and second-derivative checks run on every backend: all of them
on numpy; on xla (when jax is installed) a representative set of rows by default and
the whole table with `pytest -m slow`, since each new shape compiles an XLA program.
"""

import contextlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.backends.xla.runtime import available as jax_available
from gradflow.core import primitive
from gradflow.testing.op_info import all_ops, to_gradflow, tolerances

OPS = all_ops()
REFERENCE_CASES = [(info, np.dtype(d)) for info in OPS for d in info.dtypes]
GRAD_OPS = [info for info in OPS if info.grad]
SECOND_ORDER_OPS = [info for info in OPS if info.second_order]

# Rows the default run checks on the xla backend too: one or two per family, with the
# ones whose lowering is unusual (indexing, control flow, data-dependent shapes, random).
XLA_DEFAULT_ROWS = frozenset(
    {"add", "exp", "where", "sum", "matmul", "getitem_boolean", "nonzero", "cond", "nn.softmax"}
)
XLA_DEFAULT_GRAD_ROWS = frozenset({"exp", "matmul", "nn.softmax"})
# Differences XLA is allowed: results that are correct but not unique.
XLA_SIGN_AMBIGUOUS = {
    "linalg.svd": "singular vectors are unique only up to sign; LAPACK and XLA pick differently",
}
_NEEDS_JAX = pytest.mark.skipif(not jax_available(), reason="the xla extra (jax) is not installed")


def _on_backends(cases, name_of, id_of, xla_default=XLA_DEFAULT_ROWS):
    """pytest params: every case on numpy, and on xla (the `xla_default` rows unmarked,
    the rest marked slow)."""
    params = []
    for case in cases:
        params.append(pytest.param("numpy", *case, id=f"numpy-{id_of(*case)}"))
        marks = [_NEEDS_JAX] if name_of(*case) in xla_default else [_NEEDS_JAX, pytest.mark.slow]
        params.append(pytest.param("xla", *case, id=f"xla-{id_of(*case)}", marks=marks))
    return params


@contextlib.contextmanager
def _backend(name: str):
    saved = gf.config.get_backend()
    gf.config.set_backend(name)
    try:
        yield
    finally:
        gf.config.set_backend(saved)


# Primitives no row reaches yet, each with the reason. Keep this list short and honest.
KNOWN_GAPS: dict[str, str] = {
    "while_loop": "eagerly, while_loop is a Python loop; only the gf.function rows run the "
    "primitive, through the graph executor, which this coverage check does not observe",
}


def _samples(info, dtype, seed=0):
    return info.samples(np.random.default_rng(seed), np.dtype(dtype))


def _flat_outputs(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _compare(info, dtype, got, want, sample, backend="numpy"):
    rtol, atol = tolerances(info, dtype)
    got_arr = np.asarray(got)
    want_arr = np.asarray(want)
    if backend != "numpy" and got_arr.dtype.kind in "fc" and np.dtype(dtype).kind not in "fc":
        # integer inputs computed in float32: XLA's functions may differ by an ulp
        rtol, atol = (max(r, t) for r, t in zip((rtol, atol), tolerances(info, got_arr.dtype)))
    if backend != "numpy" and info.name in XLA_SIGN_AMBIGUOUS:
        got_arr, want_arr = np.abs(got_arr), np.abs(want_arr)
    assert got_arr.shape == want_arr.shape, (
        f"{info.name}{sample}: shape {got_arr.shape} != {want_arr.shape}"
    )
    if info.check_dtype:
        assert got_arr.dtype == want_arr.dtype, (
            f"{info.name}{sample}: dtype {got_arr.dtype} != {want_arr.dtype}"
        )
    if info.nondeterministic:
        return
    if got_arr.dtype.kind in "biu" and want_arr.dtype.kind in "biu":
        np.testing.assert_array_equal(got_arr, want_arr, err_msg=f"{info.name}{sample}")
    else:
        np.testing.assert_allclose(
            got_arr.astype(np.complex128 if got_arr.dtype.kind == "c" else np.float64),
            want_arr.astype(np.complex128 if want_arr.dtype.kind == "c" else np.float64),
            rtol=rtol,
            atol=atol,
            equal_nan=True,
            err_msg=f"{info.name}{sample}",
        )


@pytest.mark.parametrize(
    "backend,info,dtype",
    _on_backends(REFERENCE_CASES, lambda i, d: i.name, lambda i, d: f"{i.name}-{d.name}"),
)
def test_matches_numpy_reference(backend, info, dtype):
    with _backend(backend):
        for sample in _samples(info, dtype):
            with np.errstate(all="ignore"):
                want = info.ref(*sample.args, **sample.kwargs)
            got = info.op(*[to_gradflow(a) for a in sample.args], **sample.kwargs)
            gots, wants = _flat_outputs(got), _flat_outputs(want)
            assert len(gots) == len(wants), (
                f"{info.name}: {len(gots)} outputs, reference has {len(wants)}"
            )
            for g, w in zip(gots, wants):
                _compare(info, dtype, g, w, sample, backend)


def _grad_arg_indices(info, sample):
    if info.grad_args is not None:
        return list(info.grad_args)
    return [
        i for i, a in enumerate(sample.args) if isinstance(a, np.ndarray) and a.dtype.kind == "f"
    ]


def _loss_and_grads(info, sample, arrays, cotangents=None, rng=None, grad_idx=()):
    """L = sum_k <v_k, out_k>, and dL/d(args[grad_idx]) from the tape."""
    args = [to_gradflow(a) for a in arrays]
    with gf.GradientTape() as tape:
        for i in grad_idx:
            tape.watch(args[i])
        outs = [o for o in _flat_outputs(info.op(*args, **sample.kwargs)) if o.dtype.kind == "f"]
        if cotangents is None:
            cotangents = [np.asarray(rng.standard_normal(o.shape)) for o in outs]
        loss = gf.constant(0.0, dtype=gf.float64)
        for o, v in zip(outs, cotangents):
            loss = loss + gf.numpy.sum(gf.numpy.astype(o, gf.float64) * gf.constant(v))
    grads = tape.gradient(loss, [args[i] for i in grad_idx], unconnected_gradients="zero")
    return float(loss), [g.numpy() for g in grads], cotangents


def _grad_samples(info):
    return [s for s in _samples(info, np.float64) if s.grad]


@pytest.mark.parametrize(
    "backend,info",
    _on_backends(
        [(i,) for i in GRAD_OPS], lambda i: i.name, lambda i: i.name, XLA_DEFAULT_GRAD_ROWS
    ),
)
def test_gradient_matches_finite_differences(backend, info):
    with _backend(backend):
        _check_gradient(info)


def _check_gradient(info):
    rng = np.random.default_rng(1)
    for sample in _grad_samples(info):
        idx = _grad_arg_indices(info, sample)
        arrays = list(sample.args)
        _, grads, cot = _loss_and_grads(info, sample, arrays, rng=rng, grad_idx=idx)
        for i, g in zip(idx, grads):
            assert g.shape == arrays[i].shape, f"{info.name}{sample}: grad shape of arg {i}"
            if arrays[i].size == 0:
                continue
            for _ in range(2):
                u = rng.standard_normal(arrays[i].shape)
                plus, minus = list(arrays), list(arrays)
                plus[i] = np.asarray(arrays[i] + info.eps * u)
                minus[i] = np.asarray(arrays[i] - info.eps * u)
                fp = _loss_and_grads(info, sample, plus, cot, grad_idx=())[0]
                fm = _loss_and_grads(info, sample, minus, cot, grad_idx=())[0]
                numeric = (fp - fm) / (2 * info.eps)
                analytic = float(np.sum(g * u))
                np.testing.assert_allclose(
                    analytic,
                    numeric,
                    rtol=info.grad_rtol,
                    atol=info.grad_atol,
                    err_msg=f"{info.name}{sample}: gradient of argument {i}",
                )


def _hvp_scalar(info, sample, arrays, cot, w, idx, outer_idx):
    """h = sum_i <dL/dx_i, w_i>, and dh/d(args[outer_idx]) through nested tapes."""
    args = [to_gradflow(a) for a in arrays]
    with gf.GradientTape() as outer:
        for i in outer_idx:
            outer.watch(args[i])
        with gf.GradientTape() as inner:
            for i in idx:
                inner.watch(args[i])
            outs = [
                o for o in _flat_outputs(info.op(*args, **sample.kwargs)) if o.dtype.kind == "f"
            ]
            loss = gf.constant(0.0, dtype=gf.float64)
            for o, v in zip(outs, cot):
                loss = loss + gf.numpy.sum(gf.numpy.astype(o, gf.float64) * gf.constant(v))
        grads = inner.gradient(loss, [args[i] for i in idx], unconnected_gradients="zero")
        h = gf.constant(0.0, dtype=gf.float64)
        for g, wi in zip(grads, w):
            h = h + gf.numpy.sum(g * gf.constant(wi))
    second = outer.gradient(h, [args[i] for i in outer_idx], unconnected_gradients="zero")
    return float(h), [s.numpy() for s in second]


@pytest.mark.parametrize(
    "backend,info",
    _on_backends([(i,) for i in SECOND_ORDER_OPS], lambda i: i.name, lambda i: i.name, frozenset()),
)
def test_second_derivative_matches_finite_differences(backend, info):
    with _backend(backend):
        _check_second_derivative(info)


def _check_second_derivative(info):
    rng = np.random.default_rng(2)
    for sample in _grad_samples(info):
        idx = _grad_arg_indices(info, sample)
        arrays = list(sample.args)
        if not idx or any(arrays[i].size == 0 for i in idx):
            continue
        outs = _flat_outputs(info.op(*[to_gradflow(a) for a in arrays], **sample.kwargs))
        cot = [np.asarray(rng.standard_normal(o.shape)) for o in outs if o.dtype.kind == "f"]
        w = [np.asarray(rng.standard_normal(arrays[i].shape)) for i in idx]
        _, second = _hvp_scalar(info, sample, arrays, cot, w, idx, idx)
        for i, s in zip(idx, second):
            u = rng.standard_normal(arrays[i].shape)
            plus, minus = list(arrays), list(arrays)
            plus[i] = np.asarray(arrays[i] + info.eps * u)
            minus[i] = np.asarray(arrays[i] - info.eps * u)
            hp = _hvp_scalar(info, sample, plus, cot, w, idx, ())[0]
            hm = _hvp_scalar(info, sample, minus, cot, w, idx, ())[0]
            np.testing.assert_allclose(
                float(np.sum(s * u)),
                (hp - hm) / (2 * info.eps),
                rtol=max(info.grad_rtol, 1e-4),
                atol=max(info.grad_atol, 1e-5),
                err_msg=f"{info.name}{sample}: second derivative w.r.t. argument {i}",
            )


def _first_dtype_samples(info):
    dtype = np.dtype(info.dtypes[0])
    return dtype, _samples(info, dtype)


def _as_function(info, sample, **options):
    """gf.function of the op on a sample: its arrays become arguments, the rest is
    closed over."""
    positions = [i for i, a in enumerate(sample.args) if isinstance(a, np.ndarray)]

    def call(*tensors):
        args = list(sample.args)
        for i, t in zip(positions, tensors):
            args[i] = t
        return info.op(*args, **sample.kwargs)

    tensors = [to_gradflow(sample.args[i]) for i in positions]
    return gf.function(call, **options), tensors


def _data_dependent(function, tensors) -> bool:
    graph = function.get_concrete_function(*tensors).graph
    return any(None in v.shape for v in graph.outputs)


MODES_DEFAULT_ROWS = frozenset({"add", "sum", "matmul", "getitem_basic", "cond", "nonzero"})
# Rows (some of) whose samples cannot be traced into a graph at all, with the reason.
NOT_TRACEABLE = {
    "from_dlpack": "it takes a foreign array, which a traced function cannot receive",
    "getitem_boolean": "a boolean mask gives a data-dependent shape; tracing refuses it",
    "repeat": "repeats given as a tensor are read as Python ints",
}


@pytest.mark.parametrize(
    "info",
    [
        pytest.param(i, id=i.name, marks=[] if i.name in MODES_DEFAULT_ROWS else [pytest.mark.slow])
        for i in OPS
    ],
)
@_NEEDS_JAX
def test_eager_graph_and_xla_compiled_agree(info):
    """Every op gives the same values eagerly, as a gf.function on the NumPy executor, and
    compiled by XLA (gf.function(jit_compile=True)); ops whose output shape depends on
    the values cannot compile, and say so."""
    dtype, samples = _first_dtype_samples(info)
    for sample in samples:
        eager = _flat_outputs(info.op(*[to_gradflow(a) for a in sample.args], **sample.kwargs))
        graph_fn, tensors = _as_function(info, sample)
        jit_fn, _ = _as_function(info, sample, jit_compile=True)
        try:
            graph = _flat_outputs(graph_fn(*tensors))
        except (gf.GraphError, gf.ShapeError, gf.ArgumentError):
            if info.name in NOT_TRACEABLE:
                continue
            raise
        if _data_dependent(graph_fn, tensors):
            with pytest.raises(gf.BackendError, match="shape depends on the input values"):
                jit_fn(*tensors)
            compiled = graph
        else:
            compiled = _flat_outputs(jit_fn(*tensors))
        assert len(eager) == len(graph) == len(compiled), f"{info.name}{sample}: output count"
        for e, g, c in zip(eager, graph, compiled):
            _compare(info, dtype, g, e, sample)
            _compare(info, dtype, c, e, sample, "xla")


def test_every_primitive_is_reached_by_the_op_table():
    reached, differentiated = set(), set()

    def observe(prim, args, attrs, result, out_spec):
        reached.add(prim.name)

    primitive.OBSERVERS.append(observe)
    try:
        for info in OPS:
            for dtype in info.dtypes:
                for sample in _samples(info, dtype):
                    info.op(*[to_gradflow(a) for a in sample.args], **sample.kwargs)
            if not info.grad:
                continue
            for sample in _grad_samples(info):
                idx = _grad_arg_indices(info, sample)
                args = [to_gradflow(a) for a in sample.args]
                with gf.GradientTape() as tape:
                    for i in idx:
                        tape.watch(args[i])
                    info.op(*args, **sample.kwargs)
                differentiated.update(e.prim.name for e in tape._entries)
    finally:
        primitive.OBSERVERS.remove(observe)
    registry = primitive.REGISTRY
    unreached = sorted(n for n in registry if n not in reached and n not in KNOWN_GAPS)
    assert not unreached, f"primitives no op-table row runs: {unreached}"
    untested_grads = sorted(
        n
        for n, p in registry.items()
        if p.grad is not primitive.NOT_DIFFERENTIABLE
        and n not in differentiated
        and n not in KNOWN_GAPS
    )
    assert not untested_grads, (
        f"differentiable primitives no gradient check reaches: {untested_grads}"
    )


def test_every_primitive_declares_all_its_rules():
    for name, prim in primitive.REGISTRY.items():
        assert callable(prim.infer), f"{name}: no shape/dtype rule"
        assert prim.grad is primitive.NOT_DIFFERENTIABLE or callable(prim.grad), (
            f"{name}: no gradient rule"
        )
        assert callable(prim.impls.get("numpy")), f"{name}: no NumPy kernel"
        assert callable(prim.xla) or name in KNOWN_GAPS, f"{name}: no XLA rule"
