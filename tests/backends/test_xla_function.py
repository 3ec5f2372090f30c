"""gf.function on XLA: one program per graph, donated variable buffers, training steps."""

import weakref

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.backends.xla.program import XlaProgram

from .conftest import requires_jax

pytestmark = requires_jax


def _counter_step(v):
    @gf.function
    def step(a):
        v.assign_add(a)
        return a * 2.0

    return step


def test_graphs_compile_into_one_xla_program_on_the_xla_backend(xla):
    v = gf.Variable(np.zeros(3, np.float32))
    step = _counter_step(v)
    out = step(gf.constant([1.0, 2.0, 3.0]))
    program = step.get_concrete_function(gf.constant([1.0, 2.0, 3.0]))._program
    assert isinstance(program, XlaProgram)
    assert out.tolist() == [2.0, 4.0, 6.0]
    assert v.numpy().tolist() == [1.0, 2.0, 3.0]


def test_donated_variable_is_updated_in_place(xla):
    v = gf.Variable(np.zeros(3, np.float32))
    step = _counter_step(v)
    for i in range(1, 4):
        old = weakref.ref(v._tensor._value)
        step(gf.constant([1.0, 1.0, 1.0]))
        assert old() is None or old().is_deleted()  # its buffer now holds the new value
        assert v.numpy().tolist() == [float(i)] * 3


def test_a_tensor_read_from_a_variable_survives_donation(xla):
    v = gf.Variable(np.zeros(2, np.float32))
    step = _counter_step(v)
    step(gf.constant([1.0, 1.0]))
    before = v.value()
    step(gf.constant([1.0, 1.0]))
    assert before.tolist() == [1.0, 1.0]
    assert v.numpy().tolist() == [2.0, 2.0]


def test_a_variable_passed_as_argument_survives_donation(xla):
    v = gf.Variable(np.ones(2, np.float32))

    @gf.function
    def double(x):
        v.assign(x * 2.0)
        return x

    x = v.value()
    out = double(x)
    assert x.tolist() == [1.0, 1.0] and out.tolist() == [1.0, 1.0]
    assert v.numpy().tolist() == [2.0, 2.0]


def test_jit_compile_on_the_numpy_backend_returns_numpy_arrays():
    v = gf.Variable(np.zeros(2, np.float32))

    @gf.function(jit_compile=True)
    def step(a):
        v.assign_add(a)
        return gnp.sum(v.value())

    assert float(step(gf.constant([1.0, 2.0]))) == 3.0
    assert float(step(gf.constant([1.0, 2.0]))) == 6.0
    assert type(v._tensor._value) is np.ndarray
    assert v.numpy().tolist() == [2.0, 4.0]
    assert step.trace_count == 1


def test_data_dependent_shapes_cannot_compile_and_say_so():
    @gf.function(jit_compile=True)
    def f(x):
        return gnp.nonzero(x)[0]

    with pytest.raises(gf.BackendError, match="nonzero: the output's shape depends on"):
        f(gf.constant([0, 1, 2]))


def test_control_flow_lowers_into_the_program():
    @gf.function(jit_compile=True)
    def f(x):
        y = gf.cond(gnp.sum(x) > 0, lambda: x * 2.0, lambda: -x)
        total, _ = gf.scan(lambda c, xi: (c + xi, c), gf.constant(0.0), y)
        return total

    assert float(f(gf.constant([1.0, 2.0]))) == 6.0
    assert float(f(gf.constant([-1.0, -2.0]))) == 3.0


def _mlp(seed):
    rng = np.random.default_rng(seed)
    params = [
        gf.Variable(rng.standard_normal((6, 8)).astype(np.float32) * 0.3),
        gf.Variable(np.zeros(8, np.float32)),
        gf.Variable(rng.standard_normal((8, 3)).astype(np.float32) * 0.3),
        gf.Variable(np.zeros(3, np.float32)),
    ]
    m = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    s = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    t = gf.Variable(0.0, trainable=False)

    def step(x, y):
        with gf.GradientTape() as tape:
            h = gf.nn.relu(x @ params[0] + params[1])
            logits = h @ params[2] + params[3]
            loss = gnp.mean(gf.nn.sparse_categorical_crossentropy(y, logits, from_logits=True))
        grads = tape.gradient(loss, params)
        t.assign_add(1.0)
        correction = gnp.sqrt(1.0 - 0.999**t) / (1.0 - 0.9**t)
        for p, g, mi, si in zip(params, grads, m, s):
            mi.assign(0.9 * mi + 0.1 * g)
            si.assign(0.999 * si + 0.001 * g * g)
            p.assign_sub(0.01 * correction * mi / (gnp.sqrt(si) + 1e-7))
        return loss

    return params, step


def _train(step_fn, steps=4):
    rng = np.random.default_rng(3)
    x = gf.constant(rng.standard_normal((16, 6)).astype(np.float32))
    y = gf.constant(rng.integers(0, 3, 16).astype(np.int32))
    return [float(step_fn(x, y)) for _ in range(steps)]


def test_training_step_under_jit_compile_matches_the_numpy_executor():
    params_ref, step_ref = _mlp(0)
    params_jit, step_jit = _mlp(0)
    jitted = gf.function(step_jit, jit_compile=True)
    losses_ref = _train(gf.function(step_ref))
    losses_jit = _train(jitted)
    np.testing.assert_allclose(losses_jit, losses_ref, rtol=1e-5)
    assert losses_jit[-1] < losses_jit[0]
    for a, b in zip(params_jit, params_ref):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)
    assert jitted.trace_count == 1


def test_training_step_on_the_xla_backend_matches_eager_xla(xla):
    params_graph, step_graph = _mlp(1)
    params_eager, step_eager = _mlp(1)
    losses_graph = _train(gf.function(step_graph))
    losses_eager = _train(step_eager)
    np.testing.assert_allclose(losses_graph, losses_eager, rtol=1e-5)
    for a, b in zip(params_graph, params_eager):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6)


def test_unknown_dimensions_compile_per_concrete_shape(xla):
    @gf.function(input_signature=[gf.TensorSpec((None, 2), gf.float32)])
    def f(x):
        return gnp.sum(x * x, axis=0)

    assert f(gf.constant(np.full((3, 2), 2.0, np.float32))).tolist() == [12.0, 12.0]
    assert f(gf.constant(np.full((5, 2), 2.0, np.float32))).tolist() == [20.0, 20.0]
    assert f.trace_count == 1


def test_seeded_random_draws_inside_a_compiled_step_advance_the_generator(xla):
    seed = gf.random.SeedGenerator(3)

    @gf.function
    def draw():
        return gf.random.uniform((4,), seed=seed)

    first, second = draw().numpy(), draw().numpy()
    assert first.shape == (4,) and not np.array_equal(first, second)
    assert np.all((first >= 0) & (first < 1))
