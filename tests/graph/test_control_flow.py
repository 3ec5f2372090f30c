"""gf.cond, gf.while_loop and gf.scan: eager and traced agree, bodies are one node,
gradients flow (and train), and mistakes get clear errors."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.control_flow import cond, scan, while_loop
from gradflow.graph import function


def _rnn(w, u, xs):
    h0 = gnp.zeros((xs.shape[1], w.shape[0]), dtype=xs.dtype)
    h, hs = scan(lambda h, x: (gnp.tanh(h @ w + x @ u), h), h0, xs)
    return h, hs


def test_eager_and_traced_agree():
    rng = np.random.default_rng(0)
    w = gf.constant(rng.standard_normal((4, 4)) * 0.5)
    u = gf.constant(rng.standard_normal((3, 4)))
    xs = gf.constant(rng.standard_normal((6, 2, 3)))
    for got, want in zip(function(_rnn)(w, u, xs), _rnn(w, u, xs)):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-12)

    def branchy(x):
        return cond(gnp.sum(x) > 0.0, lambda: {"a": x * 2.0, "b": x}, lambda: {"a": -x, "b": x})

    for sign in (1.0, -1.0):
        x = gf.constant([sign, 2.0 * sign])
        got, want = function(branchy)(x), branchy(x)
        np.testing.assert_allclose(got["a"].numpy(), want["a"].numpy())


def test_long_scan_is_one_node():
    xs = gf.constant(np.ones((200, 2, 3)))
    w, u = gf.constant(np.eye(4) * 0.5), gf.constant(np.ones((3, 4)) * 0.1)
    concrete = function(_rnn).get_concrete_function(w, u, xs)
    assert str(concrete.graph).count("scan(") == 1
    assert len(concrete.graph.nodes) < 10
    body = next(n for n in concrete.graph.nodes if n.prim.name == "scan").attrs["body"]
    assert len(body.nodes) < 10


def test_rnn_trains_with_a_tape_inside_a_function():
    rng = np.random.default_rng(1)
    w = gf.Variable(rng.standard_normal((4, 4)) * 0.3)
    u = gf.Variable(rng.standard_normal((3, 4)) * 0.3)
    xs = gf.constant(rng.standard_normal((20, 5, 3)))
    target = gf.constant(rng.uniform(-0.5, 0.5, (5, 4)))

    @function
    def train_step(xs, target):
        with gf.GradientTape() as tape:
            h, _ = _rnn(w, u, xs)
            loss = gnp.mean((h - target) ** 2.0)
        gw, gu = tape.gradient(loss, [w, u])
        w.assign_sub(0.2 * gw)
        u.assign_sub(0.2 * gu)
        return loss

    losses = [float(train_step(xs, target)) for _ in range(30)]
    assert losses[-1] < 0.5 * losses[0]
    assert train_step.trace_count == 1


def test_scan_gradient_inside_function_matches_eager():
    rng = np.random.default_rng(2)
    w, u = gf.constant(rng.standard_normal((4, 4)) * 0.5), gf.constant(rng.standard_normal((3, 4)))
    xs = gf.constant(rng.standard_normal((7, 2, 3)))

    def grads(w, u, xs):
        with gf.GradientTape() as tape:
            tape.watch([w, u, xs])
            h, hs = _rnn(w, u, xs)
            loss = gnp.sum(h**2.0) + gnp.sum(gnp.sin(hs))
        return tape.gradient(loss, [w, u, xs])

    for got, want in zip(function(grads)(w, u, xs), grads(w, u, xs)):
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-10)


def test_cond_picks_the_branch_at_run_time():
    @function
    def f(x):
        return cond(x > 0.0, lambda: x * 10.0, lambda: x - 1.0)

    assert float(f(gf.constant(2.0))) == 20.0
    assert float(f(gf.constant(-2.0))) == -3.0
    assert f.trace_count == 1
    assert str(f.get_concrete_function(gf.constant(1.0)).graph).count("cond(") == 1


def test_cond_gradient_in_both_modes():
    def g(x):
        with gf.GradientTape() as tape:
            tape.watch(x)
            y = cond(gnp.sum(x) > 0.0, lambda: gnp.sum(x * x), lambda: gnp.sum(x) * 3.0)
        return tape.gradient(y, x)

    traced = function(g)
    for x, want in (([1.0, 2.0], [2.0, 4.0]), ([-1.0, -2.0], [3.0, 3.0])):
        x = gf.constant(x)
        np.testing.assert_allclose(g(x).numpy(), want)
        np.testing.assert_allclose(traced(x).numpy(), want)
    assert traced.trace_count == 1


def test_python_bool_pred_calls_one_branch():
    calls = []
    out = cond(True, lambda: calls.append("t") or gf.constant(1.0), lambda: calls.append("f"))
    assert float(out) == 1.0 and calls == ["t"]


def test_while_loop_counts_to_a_run_time_value():
    @function
    def count(n):
        return while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), (0, 0))

    for n, total in ((5, 10), (0, 0), (7, 21)):
        i, s = count(gf.constant(n))
        assert (int(i), int(s)) == (n, total)
    assert count.trace_count == 1
    i, s = while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s + i), (0, 0))
    assert (int(i), int(s)) == (5, 10)


def test_while_loop_maximum_iterations_and_single_var():
    x = while_loop(lambda v: v < 100.0, lambda v: v * 2.0, gf.constant(1.0), maximum_iterations=3)
    assert float(x) == 8.0
    traced = function(lambda v: while_loop(lambda v: v < 100.0, lambda v: v * 2.0, v, 3))
    assert float(traced(gf.constant(1.0))) == 8.0


def test_while_loop_gradient_eager_but_not_traced():
    x = gf.constant(1.5)
    with gf.GradientTape() as tape:
        tape.watch(x)
        _, y = while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), (0, gf.constant(1.0)))
    assert float(tape.gradient(y, x)) == pytest.approx(3 * 1.5**2)

    @function
    def traced(x):
        with gf.GradientTape() as tape:
            tape.watch(x)
            y = while_loop(lambda v: v < 10.0, lambda v: v * x, [x])[0]
        return tape.gradient(y, x)

    with pytest.raises(gf.GradientError, match="while_loop.*gf.scan"):
        traced(x)


def test_variables_read_in_bodies_get_gradients():
    w = gf.Variable([0.5, 2.0])

    def loss():
        c, _ = scan(lambda c, x: (c * w + x, None), gf.constant([1.0, 1.0]), gnp.ones((3, 2)))
        return gnp.sum(c)

    def grad():
        with gf.GradientTape() as tape:
            y = loss()
        return tape.gradient(y, w)

    want = 3 * w.numpy() ** 2 + 2 * w.numpy() + 1  # d/dw (w^3 + w^2 + w + 1)
    np.testing.assert_allclose(grad().numpy(), want)
    np.testing.assert_allclose(function(grad)().numpy(), want)


def test_nested_scan_captures_through_levels():
    a = gf.constant(2.0)

    def f(xs):
        def outer(c, row):
            inner, _ = scan(lambda d, x: (d + x * a * c, None), gf.constant(0.0), row)
            return c + inner, inner

        return scan(outer, gf.constant(1.0), xs)

    xs = gf.constant(np.arange(6.0, dtype=np.float32).reshape(3, 2))
    for got, want in zip(function(f)(xs), f(xs)):
        np.testing.assert_allclose(got.numpy(), want.numpy())


def test_reverse_scan_and_length_without_xs():
    c, ys = scan(
        lambda c, x: (c + x, c), gf.constant(0.0), gf.constant([1.0, 2.0, 3.0]), reverse=True
    )
    assert float(c) == 6.0 and ys.tolist() == [5.0, 3.0, 0.0]
    c, ys = scan(lambda c, _: (c * 2.0, c), gf.constant(1.0), length=4)
    assert float(c) == 16.0 and ys.tolist() == [1.0, 2.0, 4.0, 8.0]


def test_mismatched_branches_name_the_output():
    x = gf.constant([1.0, 2.0])
    p = gf.constant(True)
    with pytest.raises(gf.ShapeError, match=r"cond: .*float32\[2\].*float32\[1\].*output\['b'\]"):
        cond(p, lambda: {"a": x, "b": x}, lambda: {"a": x, "b": x[:1]})
    with pytest.raises(gf.DTypeError, match=r"cond: .*float32\[2\].*int32\[2\].*output\[1\]"):
        function(lambda x: cond(x[0] > 0.0, lambda: (x, x), lambda: (x, gnp.astype(x, "int32"))))(x)
    with pytest.raises(gf.ArgumentError, match="cond: .*same structure"):
        cond(p, lambda: x, lambda: (x, x))
    with pytest.raises(gf.DTypeError, match="cond: pred must be a boolean scalar"):
        cond(x[0], lambda: x, lambda: x)


def test_loop_shape_invariants():
    grow = lambda v: gnp.concat([v, v])  # noqa: E731
    with pytest.raises(gf.ShapeError, match=r"while_loop: loop variable\[0\] is float32\[2\]"):
        while_loop(lambda v: gnp.sum(v) < 10.0, grow, [gf.constant([1.0, 2.0])])
    with pytest.raises(gf.ShapeError, match="while_loop: .*shapes and dtypes"):
        function(lambda x: while_loop(lambda v: gnp.sum(v) < 10.0, grow, [x]))(gnp.ones(2))
    with pytest.raises(gf.DTypeError, match="scan: .*float64"):
        scan(lambda c, x: (gnp.astype(c, "float64"), x), gf.constant(0.0), gnp.ones(3))
    with pytest.raises(gf.ShapeError, match="scan: every leaf of xs"):
        scan(lambda c, x: (c, x), gf.constant(0.0), (gnp.ones(3), gnp.ones(4)))


def test_assigning_a_variable_in_a_body_is_an_error():
    v = gf.Variable(0.0)

    def body(c, x):
        v.assign(c)
        return c + x, None

    with pytest.raises(gf.ArgumentError, match="scan: cannot assign to variable"):
        scan(body, gf.constant(0.0), gnp.ones(3))


def test_gradient_reaches_tensors_closed_over_by_nested_bodies():
    x = gf.constant(np.array([0.3, -0.5]))

    def f(x):
        with gf.GradientTape() as tape:
            tape.watch(x)

            def body(v, k):
                return cond(k > 1, lambda: v * x, lambda: v + x), None

            v, _ = scan(body, gf.constant(np.ones(2)), gnp.arange(4, dtype="int32"))
            y = gnp.sum(v * v)
        return tape.gradient(y, x)

    a, b = 0.3, -0.5  # v = (1 + 2x) * x * x per element; y = sum(v**2)
    want = [2 * ((1 + 2 * t) * t * t) * (6 * t * t + 2 * t) for t in (a, b)]
    np.testing.assert_allclose(f(x).numpy(), want, rtol=1e-10)
    np.testing.assert_allclose(function(f)(x).numpy(), want, rtol=1e-10)
