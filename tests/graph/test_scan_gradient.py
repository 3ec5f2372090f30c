"""The gradient of gf.scan from residuals (graph/passes/scan_residuals.py): the forward
scan saves what the reverse step reads, the reverse step runs no forward node, sums of
per-step products are contracted after the loop, and every gradient (first and second
order, eager and traced) equals the one of the rule that recomputes the body."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import config
from gradflow import numpy as gnp
from gradflow.graph import function
from gradflow.ops import control_flow as cf

T, B, F, U = 6, 3, 4, 5


def _weights(seed=0):
    rng = np.random.default_rng(seed)
    return [
        gf.Variable(rng.standard_normal(shape) * 0.4)
        for shape in ((F, 4 * U), (U, 4 * U), (4 * U,))
    ]


def _xs(seed=1, steps=T):
    return gf.constant(np.random.default_rng(seed).standard_normal((steps, B, F)))


def _lstm(xs, kernel, recurrent, bias, reverse=False):
    """An LSTM over time-major xs with an int step counter; loss on the ys and state."""

    def step(carry, x):
        h, c, i = carry
        z = x @ kernel + h @ recurrent + bias
        gi, gf_, gc, go = (z[:, k * U : (k + 1) * U] for k in range(4))
        c = gf.nn.sigmoid(gf_) * c + gf.nn.sigmoid(gi) * gnp.tanh(gc)
        h = gf.nn.sigmoid(go) * gnp.tanh(c)
        return (h, c, i + 1), h * h

    zeros = gnp.zeros((xs.shape[1], U), dtype=xs.dtype)
    (h, c, _), ys = gf.scan(step, (zeros, zeros, gf.constant(0)), xs, reverse=reverse)
    return gnp.sum(h * c) + gnp.sum(ys)


def _grads(xs, weights, reverse=False):
    with gf.GradientTape() as tape:
        tape.watch(xs)
        loss = _lstm(xs, *weights, reverse=reverse)
    return tape.gradient(loss, [xs, *weights])


@pytest.fixture
def recomputing(monkeypatch):
    """Take scan gradients with the rule that replays the body (no residuals)."""

    def use():
        monkeypatch.setattr(cf, "scan_with_residuals", lambda *args: None)

    return use


def _scan_nodes(graph):
    return [node for node in graph.nodes if node.prim.name == "scan"]


@pytest.mark.parametrize("traced", [False, True], ids=["eager", "traced"])
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_gradients_equal_the_recomputing_rule(traced, reverse, recomputing):
    xs, weights = _xs(), _weights()
    run = function(_grads) if traced else _grads
    got = [g.numpy() for g in run(xs, weights, reverse)]
    recomputing()
    want = [g.numpy() for g in (function(_grads) if traced else _grads)(xs, weights, reverse)]
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


def test_forward_saves_residuals_and_the_reverse_step_replays_nothing():
    xs, weights = _xs(), _weights()
    graph = function(_grads).get_concrete_function(xs, weights).graph
    forward, backward = _scan_nodes(graph)
    assert forward.attrs["n_res"] > 0 and forward.attrs["save_carries"]
    reverse_step = backward.attrs["body"]
    assert reverse_step is forward.attrs["vjp"][0]
    names = [node.prim.name for node in reverse_step.nodes]
    assert "sigmoid" not in names and "tanh" not in names  # no forward node again
    # the gates' gradients, one scatter_slice each and summed, are one concat
    assert "scatter_slice" not in names and names.count("concat") == 1
    # the forward body is the user's step plus the values it saves, nothing more
    assert [n.prim.name for n in forward.attrs["body"].nodes].count("matmul") == 2


@pytest.mark.skipif(config.backend_name() == "xla", reason="XLA accumulates in the loop")
def test_weight_gradients_are_one_product_after_the_loop():
    xs, weights = _xs(), _weights()
    graph = function(_grads).get_concrete_function(xs, weights).graph
    forward, backward = _scan_nodes(graph)
    plan = forward.attrs["vjp"][1]
    assert plan == (("matmul", 0, "x", 0), ("matmul", 0, "carry", 0), ("sum", 0))
    names = [node.prim.name for node in backward.attrs["body"].nodes]
    assert names.count("matmul") == 2  # dz @ recurrent.T and dz @ kernel.T, per step
    after = [node.prim.name for node in graph.nodes[graph.nodes.index(backward) :]]
    assert after.count("matmul") == 2 and "sum" in after


def test_dynamic_length_contracts_per_step_products():
    xs, weights = _xs(), _weights()
    spec = gf.TensorSpec((None, B, F), xs.dtype)
    run = function(lambda x: _grads(x, weights), input_signature=[spec])
    for steps in (T, 2):
        x = _xs(seed=steps, steps=steps)
        for a, b in zip(run(x), _grads(x, weights)):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-9, atol=1e-12)


def _second_order(xs, weights):
    """d/dw of |d loss/d xs|^2: the reverse scan differentiated again."""
    with gf.GradientTape() as outer:
        with gf.GradientTape() as inner:
            inner.watch(xs)
            loss = _lstm(xs, *weights)
        dx = inner.gradient(loss, xs)
        norm = gnp.sum(dx * dx)
    return outer.gradient(norm, weights)


@pytest.mark.parametrize("traced", [False, True], ids=["eager", "traced"])
def test_second_order_gradients_equal_the_recomputing_rule(traced, recomputing):
    xs, weights = _xs(steps=3), _weights()
    got = [g.numpy() for g in (function(_second_order) if traced else _second_order)(xs, weights)]
    recomputing()
    want = [g.numpy() for g in (function(_second_order) if traced else _second_order)(xs, weights)]
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-12)


def test_unconnected_and_integer_inputs_get_the_usual_gradients():
    w = gf.Variable(np.full((2,), 0.5))
    unused = gf.Variable(np.ones((2,)))
    xs = gf.constant(np.arange(8.0).reshape(4, 2))
    counts = gf.constant(np.arange(4, dtype=np.int32))

    def f():
        def step(c, x):
            x, n = x
            return c * w + x, gnp.astype(n, c.dtype) * c + 0.0 * unused

        c, ys = gf.scan(step, gnp.ones((2,), dtype=xs.dtype), (xs, counts))
        return gnp.sum(c) + gnp.sum(ys)

    with gf.GradientTape() as tape:
        loss = f()
    dw, du = tape.gradient(loss, [w, unused])
    eps, base = 1e-6, w.numpy().copy()
    for i in range(2):
        w.assign(base + eps * np.eye(2)[i])
        up = float(f())
        w.assign(base - eps * np.eye(2)[i])
        down = float(f())
        np.testing.assert_allclose(dw.numpy()[i], (up - down) / (2 * eps), rtol=1e-6)
    w.assign(base)
    np.testing.assert_array_equal(du.numpy(), np.zeros(2))


def test_stacked_outputs_are_not_overwritten_while_held():
    """The scan reuses its last run's stacked arrays only once nobody holds them."""

    def f(xs):
        return gf.scan(lambda c, x: (c + x, c * x), gnp.zeros((2,), dtype=xs.dtype), xs)

    run = function(f)
    first = run(gf.constant(np.ones((5, 2))))
    kept = [t.numpy().copy() for t in first]
    second = run(gf.constant(np.full((5, 2), 3.0)))
    eager = f(gf.constant(np.full((5, 2), 2.0)))
    for tensor, copy in zip(first, kept):
        np.testing.assert_array_equal(tensor.numpy(), copy)
    assert not np.shares_memory(first[1].numpy(), second[1].numpy())
    np.testing.assert_array_equal(eager[1].numpy()[2], [8.0, 8.0])  # c_2 * x = 4 * 2
