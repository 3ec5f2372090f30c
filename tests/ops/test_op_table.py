"""The generic op tests, driven by the op table (gradflow/testing/op_info.py)."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.core import primitive
from gradflow.testing.op_info import all_ops, to_gradflow, tolerances

OPS = all_ops()
REFERENCE_CASES = [(info, np.dtype(d)) for info in OPS for d in info.dtypes]
GRAD_OPS = [info for info in OPS if info.grad]
SECOND_ORDER_OPS = [info for info in OPS if info.second_order]

# Primitives no row reaches yet, each with the reason. Keep this list short and honest.
KNOWN_GAPS: dict[str, str] = {
    "while_loop": "eagerly, while_loop is a Python loop; only the gf.function rows run the "
    "primitive, through the graph executor, which this coverage check does not observe",
}


def _samples(info, dtype, seed=0):
    return info.samples(np.random.default_rng(seed), np.dtype(dtype))


def _flat_outputs(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _compare(info, dtype, got, want, sample):
    rtol, atol = tolerances(info, dtype)
    got_arr = np.asarray(got)
    want_arr = np.asarray(want)
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
    "info,dtype", REFERENCE_CASES, ids=[f"{i.name}-{d.name}" for i, d in REFERENCE_CASES]
)
def test_matches_numpy_reference(info, dtype):
    for sample in _samples(info, dtype):
        with np.errstate(all="ignore"):
            want = info.ref(*sample.args, **sample.kwargs)
        got = info.op(*[to_gradflow(a) for a in sample.args], **sample.kwargs)
        gots, wants = _flat_outputs(got), _flat_outputs(want)
        assert len(gots) == len(wants), (
            f"{info.name}: {len(gots)} outputs, reference has {len(wants)}"
        )
        for g, w in zip(gots, wants):
            _compare(info, dtype, g, w, sample)


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


@pytest.mark.parametrize("info", GRAD_OPS, ids=[i.name for i in GRAD_OPS])
def test_gradient_matches_finite_differences(info):
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


@pytest.mark.parametrize("info", SECOND_ORDER_OPS, ids=[i.name for i in SECOND_ORDER_OPS])
def test_second_derivative_matches_finite_differences(info):
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
