"""Loop-invariant code motion for loop bodies (graph/passes/loop_invariants.py): golden
text of the split, equal results on random inputs, and scans that run the hoisted part
once."""

import numpy as np

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.graph.interpret import Program
from gradflow.graph.passes.loop_invariants import split_loop_invariants
from gradflow.graph.trace import trace
from gradflow.ops import control_flow as cf


def _body(h, x, w, b):
    """One RNN step: the transposed weight and the broadcast bias do not change."""
    return (gnp.tanh(h @ w.T + x + gnp.broadcast_to(b, (2, 3))),)


SPECS = [
    gf.TensorSpec((2, 3), np.float32),
    gf.TensorSpec((2, 3), np.float32),
    gf.TensorSpec((3, 3), np.float32),
    gf.TensorSpec((3,), np.float32),
]


def _lines(graph):
    return [line.strip() for line in str(graph).splitlines()]


def test_split_moves_the_invariant_nodes_into_pre():
    body = trace(_body, SPECS, lambda s: (s, {}), "body")
    pre, step = split_loop_invariants(body, 2)
    assert _lines(pre) == [
        "graph body_invariants(%2: float32[3,3], %3: float32[3]) {",
        "%4 = permute_dims(%2, axes=(1, 0))",
        "%7 = broadcast_to(%3, shape=(2, 3))",
        "return (%4, %7)",
        "}",
    ]
    assert _lines(step) == [
        "graph body(%0: float32[2,3], %1: float32[2,3], %2: float32[3,3], %3: float32[3], "
        "%4: float32[3,3], %7: float32[2,3]) {",
        "%5 = matmul(%0, %4)",
        "%6 = add(%5, %1)",
        "%8 = add(%6, %7)",
        "%9 = tanh(%8)",
        "return (%9)",
        "}",
    ]


def test_pre_then_step_computes_the_body():
    body = trace(_body, SPECS, lambda s: (s, {}), "body")
    pre, step = split_loop_invariants(body, 2)
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s.shape).astype(np.float32) for s in SPECS]
    hoisted = Program(pre).run(arrays[2:], [])[0]
    got = Program(step).run(arrays + hoisted, [])[0]
    want = Program(body).run(arrays, [])[0]
    np.testing.assert_allclose(got[0], want[0], rtol=1e-6)


def test_nothing_invariant_gives_none():
    def f(h, x):
        return (h * x,)

    body = trace(f, SPECS[:2], lambda s: (s, {}), "body")
    assert split_loop_invariants(body, 2) is None


def test_an_invariant_output_comes_from_pre():
    def f(h, w):
        return h + 1.0, w * 2.0

    body = trace(f, SPECS[:1] + SPECS[2:3], lambda s: (s, {}), "body")
    pre, step = split_loop_invariants(body, 1)
    assert [n.prim.name for n in pre.nodes] == ["multiply"]
    assert step.outputs[1] is pre.outputs[0]
    assert any(v is pre.outputs[0] for v in step.inputs)


def test_scan_runs_the_invariant_part_once_per_call():
    rng = np.random.default_rng(1)
    w = gf.constant(rng.standard_normal((3, 3)).astype(np.float32))
    b = gf.constant(rng.standard_normal((3,)).astype(np.float32))
    xs = gf.constant(rng.standard_normal((7, 2, 3)).astype(np.float32))

    def f(xs):
        def step(h, x):
            (h,) = _body(h, x, w, b)
            return h, h

        return gf.scan(step, gnp.zeros((2, 3)), xs)

    run = gf.function(f)
    h, hs = run(xs)
    (node,) = [n for n in run.get_concrete_function(xs).graph.nodes if n.prim.name == "scan"]
    pre, step = cf._split(node.attrs["body"], 2)
    assert [n.prim.name for n in pre.nodes] == ["permute_dims", "broadcast_to"]
    assert "permute_dims" not in str(step) and "broadcast_to" not in str(step)
    want = np.zeros((2, 3), np.float32)
    for t in range(7):
        want = np.tanh(want @ w.numpy().T + xs.numpy()[t] + b.numpy())
        np.testing.assert_allclose(hs.numpy()[t], want, rtol=1e-5)
    np.testing.assert_allclose(h.numpy(), want, rtol=1e-5)
