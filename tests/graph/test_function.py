"""gf.function: tracing, the signature cache, state, and graph text/JSON."""

import warnings

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.graph import RetracingWarning, from_json, function, to_json
from gradflow.graph.interpret import Program


def test_traces_once_per_signature_and_side_effects_run_at_trace_time():
    calls = []

    @function
    def f(x):
        calls.append(1)
        return x * 2.0

    np.testing.assert_allclose(f(gf.constant([1.0, 2.0])).numpy(), [2.0, 4.0])
    np.testing.assert_allclose(f(gf.constant([3.0, 4.0])).numpy(), [6.0, 8.0])
    assert f.trace_count == 1 and len(calls) == 1
    f(gf.constant([1.0, 2.0, 3.0]))
    assert f.trace_count == 2


def test_python_values_are_part_of_the_key():
    @function
    def f(x, n):
        return x * float(n)

    assert float(f(gf.constant(2.0), 3)) == 6.0
    assert float(f(gf.constant(2.0), 4)) == 8.0
    assert f.trace_count == 2


def test_input_signature_with_unknown_dims_traces_once():
    @function(input_signature=[gf.TensorSpec((None, 3), gf.float32)])
    def f(x):
        return gnp.sum(x * x, axis=1)

    for n in (1, 5, 7):
        assert f(gf.constant(np.ones((n, 3), np.float32))).shape == (n,)
    assert f.trace_count == 1
    with pytest.raises(gf.ShapeError, match="input_signature"):
        f(gf.constant(np.ones((2, 4), np.float32)))
    with pytest.raises(gf.DTypeError, match="input_signature"):
        f(gf.constant(np.ones((2, 3), np.float64)))


def test_variables_read_and_assigned_in_order():
    v = gf.Variable(1.0)

    @function
    def step():
        before = v * 1.0
        v.assign_add(2.0)
        after = v * 1.0
        return before, after

    before, after = step()
    assert (float(before), float(after), float(v.numpy())) == (1.0, 3.0, 3.0)
    before, after = step()
    assert (float(before), float(after), float(v.numpy())) == (3.0, 5.0, 5.0)
    assert step.trace_count == 1


def test_gradient_tape_inside_a_function_trains():
    w = gf.Variable(np.zeros(3, np.float32))
    x = gf.constant(np.eye(3, dtype=np.float32))
    y = gf.constant([1.0, 2.0, 3.0])

    @function
    def train_step(x, y):
        with gf.GradientTape() as tape:
            loss = gnp.sum((x @ w - y) ** 2.0)
        w.assign_sub(0.1 * tape.gradient(loss, w))
        return loss

    losses = [float(train_step(x, y)) for _ in range(50)]
    assert losses[-1] < 1e-3 < losses[0]
    np.testing.assert_allclose(w.numpy(), [1.0, 2.0, 3.0], atol=0.05)
    assert train_step.trace_count == 1


def test_nested_functions_inline():
    @function
    def inner(x):
        return x + 1.0

    @function
    def outer(x):
        return inner(x) * 2.0

    assert float(outer(gf.constant(1.0))) == 4.0
    assert inner.trace_count == 0


def test_reading_a_symbolic_value_is_a_clear_error():
    @function
    def f(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(gf.errors.GraphError, match="gf.cond"):
        f(gf.constant(1.0))


def test_shape_errors_while_tracing_name_the_source_line():
    @function
    def f(x):
        return x + gf.constant([1.0, 2.0, 3.0])

    with pytest.raises(gf.ShapeError, match=r"test_function.py:\d+"):
        f(gf.constant([1.0, 2.0]))


def test_retracing_warning_names_what_changed():
    @function
    def f(x, n):
        return x * 1.0

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(6):
            f(gf.constant(1.0), n)
    messages = [str(w.message) for w in caught if issubclass(w.category, RetracingWarning)]
    assert messages and "the Python int 4" in messages[0]


def test_graph_prints_and_round_trips_through_json():
    v = gf.Variable([1.0, 2.0], name="v")

    @function
    def f(x):
        v.assign(v * x)
        return gnp.sum(x * 3.0)

    graph = f.get_concrete_function(gf.constant([1.0, 1.0])).graph
    text = str(graph)
    assert "graph f(%0: float32[2])" in text and "assign 'v'" in text and "multiply" in text
    loaded = from_json(to_json(graph), variables=[v])
    assert str(loaded).count("\n") == text.count("\n")
    outputs, updates = Program(loaded).run([np.array([2.0, 3.0], np.float32)], [v.numpy()])
    assert float(outputs[0]) == 15.0
    np.testing.assert_allclose(updates[0][1], [2.0, 6.0])


def test_functions_as_methods():
    class Model:
        def __init__(self):
            self.w = gf.Variable(2.0)

        @function
        def __call__(self, x):
            return x * self.w

    m = Model()
    assert float(m(gf.constant(3.0))) == 6.0


def test_an_outer_tape_differentiates_through_a_function_call():
    w = gf.Variable(2.0)
    calls = []

    @function
    def f(x):
        calls.append(1)  # a Python side effect: trace time only
        return gf.numpy.sin(x) * w + x * x

    x = gf.constant(0.5)
    f(x)
    with gf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = f(x)
    dx, dw = tape.gradient(y, [x, w])
    np.testing.assert_allclose(float(dx), np.cos(0.5) * 2.0 + 1.0, rtol=1e-6)
    np.testing.assert_allclose(float(dw), np.sin(0.5), rtol=1e-6)
    assert len(calls) == 1 and f.trace_count == 1


def test_an_outer_tape_sees_variable_updates_and_control_flow_in_a_function():
    w = gf.Variable(1.0)

    @function
    def f(x):
        w.assign(w * 3.0)
        return gf.scan(lambda c, t: (c * t, c), x, gf.numpy.stack([x, x]))[0]

    x = gf.constant(2.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)  # x * x * x
    np.testing.assert_allclose(float(tape.gradient(y, x)), 3 * 2.0**2, rtol=1e-6)
    assert float(w.numpy()) == 3.0


def test_a_tape_that_watches_nothing_the_function_uses_runs_the_graph():
    w = gf.Variable(2.0)
    f = function(lambda x: x * w)
    with gf.GradientTape(watch_accessed_variables=False):
        assert float(f(gf.constant(1.0))) == 2.0


def test_random_ops_in_a_function_are_fresh_each_call_and_reproducible():
    f = function(lambda: gf.random.normal((4,)))
    gf.random.set_seed(3)
    first, second = f().numpy(), f().numpy()
    assert not np.array_equal(first, second)
    gf.random.set_seed(3)
    np.testing.assert_array_equal(f().numpy(), first)
    assert f.trace_count == 1


def test_unknown_dimensions_broadcast_reduce_and_differentiate():
    @function(input_signature=[gf.TensorSpec((None, 4), gf.float32)])
    def f(x):
        bias = gf.constant(np.arange(4, dtype=np.float32))
        with gf.GradientTape() as tape:
            tape.watch(x)
            y = gf.numpy.where(x > 0, x, 0.0) * 0.5 + bias
            loss = gf.numpy.sum(gf.numpy.mean(y * y, axis=1))
        return loss, tape.gradient(loss, x)

    for rows in (3, 5):
        x = np.linspace(-1, 1, rows * 4, dtype=np.float32).reshape(rows, 4)
        loss, grad = f(gf.constant(x))
        y = np.where(x > 0, x, 0) * 0.5 + np.arange(4)
        np.testing.assert_allclose(float(loss), (y * y).mean(axis=1).sum(), rtol=1e-5)
        np.testing.assert_allclose(grad.numpy(), np.where(x > 0, 0.5, 0) * 2 * y / 4, rtol=1e-5)
    assert f.trace_count == 1


def test_mean_and_variance_over_an_unknown_dimension():
    @function(input_signature=[gf.TensorSpec((None, 3), gf.float32)])
    def stats(x):
        return gf.numpy.mean(x, axis=0), gf.numpy.var(x, axis=0, correction=1)

    x = np.random.default_rng(0).normal(size=(7, 3)).astype(np.float32)
    mean, var = stats(gf.constant(x))
    np.testing.assert_allclose(mean.numpy(), x.mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(var.numpy(), x.var(axis=0, ddof=1), rtol=1e-5)
