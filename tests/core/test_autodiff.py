"""gf.grad, gf.value_and_grad and gf.custom_gradient."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp


def test_grad_of_scalar_function():
    assert float(gf.grad(lambda x: x * x * x)(gf.constant(2.0))) == 12.0


def test_grad_argnums_tuple_and_python_inputs():
    f = lambda x, y: gnp.sum(x * y)  # noqa: E731
    gx, gy = gf.grad(f, argnums=(0, 1))(gf.constant([1.0, 2.0]), np.array([3.0, 4.0], np.float32))
    np.testing.assert_allclose(gx.numpy(), [3.0, 4.0])
    np.testing.assert_allclose(gy.numpy(), [1.0, 2.0])


def test_grad_of_nested_structure_argument():
    params = {"w": gf.constant([1.0, 2.0]), "b": gf.constant(0.5)}
    grads = gf.grad(lambda p: gnp.sum(p["w"] * p["w"]) + p["b"])(params)
    np.testing.assert_allclose(grads["w"].numpy(), [2.0, 4.0])
    assert float(grads["b"]) == 1.0


def test_value_and_grad_with_aux():
    def f(x):
        return x * x, {"doubled": x * 2.0}

    (value, aux), g = gf.value_and_grad(f, has_aux=True)(gf.constant(3.0))
    assert float(value) == 9.0 and float(aux["doubled"]) == 6.0 and float(g) == 6.0


def test_grad_of_grad():
    d2 = gf.grad(gf.grad(lambda x: x * x * x))
    assert float(d2(gf.constant(2.0))) == 12.0


def test_grad_needs_scalar_output():
    with pytest.raises(gf.GradientError, match="scalar"):
        gf.grad(lambda x: x * 2.0)(gf.constant([1.0, 2.0]))


def test_grad_argnums_out_of_range():
    with pytest.raises(gf.ArgumentError, match="argnums"):
        gf.grad(lambda x: x, argnums=3)(gf.constant(1.0))


def test_unconnected_argument_gets_zeros():
    g = gf.grad(lambda x, y: x * 2.0, argnums=1)(gf.constant(1.0), gf.constant(5.0))
    assert float(g) == 0.0


def test_custom_gradient_replaces_the_rule():
    @gf.custom_gradient
    def log1pexp(x):
        e = gnp.exp(x)

        def grad(dy):
            return dy * (1.0 - 1.0 / (1.0 + e))

        return gnp.log(1.0 + e), grad

    x = gf.constant(100.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert float(tape.gradient(y, x)) == 1.0  # the naive rule gives nan here


def test_custom_gradient_with_variables():
    v = gf.Variable(3.0)

    @gf.custom_gradient
    def scaled(x):
        def grad(dy, variables):
            return dy * v, [dy * x * 100.0]

        return x * v, grad

    x = gf.constant(2.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = scaled(x)
    gx, gv = tape.gradient(y, [x, v])
    assert float(gx) == 3.0 and float(gv) == 200.0


def test_custom_gradient_wrong_count_is_an_error():
    @gf.custom_gradient
    def f(x, y):
        return x * y, lambda dy: dy

    a, b = gf.constant(1.0), gf.constant(2.0)
    with gf.GradientTape() as tape:
        tape.watch([a, b])
        out = f(a, b)
    with pytest.raises(gf.GradientError, match="2 tensor inputs"):
        tape.gradient(out, [a, b])


def test_custom_gradient_outside_a_tape_just_runs():
    @gf.custom_gradient
    def f(x):
        return x * 2.0, lambda dy: dy

    assert float(f(gf.constant(1.5))) == 3.0
