"""gf.nn activations, softmax, one_hot and dropout: special values, gradients at kinks,
stability, errors (the op table checks values and gradients on random inputs)."""

import math

import numpy as np
import pytest

import gradflow as gf
from gradflow import nn


def _grad(f, x):
    x = gf.constant(x)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gf.numpy.sum(f(x))
    return tape.gradient(y, x).numpy()


def test_relu_gradient_at_zero_is_zero():
    np.testing.assert_array_equal(_grad(nn.relu, [-1.0, 0.0, 2.0]), [0.0, 0.0, 1.0])


def test_relu_keeps_integer_dtypes_and_others_become_float():
    assert nn.relu(gf.constant([-1, 2])).dtype == np.int32
    assert nn.sigmoid(gf.constant([0, 1])).dtype == np.float32


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sigmoid_family_is_finite_and_accurate_for_large_inputs(dtype):
    x = gf.constant(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0], dtype=dtype))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = nn.sigmoid(x).numpy()
        sp = nn.softplus(x).numpy()
        ls = nn.log_sigmoid(x).numpy()
    assert s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    np.testing.assert_allclose(s[1], math.exp(-50), rtol=1e-5)  # relative accuracy kept
    np.testing.assert_allclose(sp, [0.0, math.exp(-50), math.log(2), 50.0, 1000.0], rtol=1e-6)
    np.testing.assert_allclose(ls, [-1000.0, -50.0, -math.log(2), -math.exp(-50), 0.0], rtol=1e-6)


def test_elu_and_celu_do_not_overflow_on_large_inputs():
    with np.errstate(over="raise", invalid="raise"):
        assert nn.elu(gf.constant([1000.0])).tolist() == [1000.0]
        assert nn.celu(gf.constant([1000.0]), alpha=0.5).tolist() == [1000.0]
        np.testing.assert_allclose(nn.elu(gf.constant([-1000.0]), alpha=2.0).numpy(), [-2.0])


def test_exact_gelu_matches_math_erf():
    x = np.linspace(-8, 8, 101)
    want = [0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x]
    np.testing.assert_allclose(nn.gelu(gf.constant(x), approximate=False).numpy(), want, rtol=1e-14)


def test_erf_kernel_handles_infinities_and_nan():
    from gradflow.ops.nn import erf

    out = erf(gf.constant([np.inf, -np.inf, np.nan, 0.0])).numpy()
    assert out[0] == 1.0 and out[1] == -1.0 and np.isnan(out[2]) and out[3] == 0.0


def test_softmax_is_stable_and_sums_to_one():
    x = gf.constant([[1000.0, 1000.0, -1000.0], [-5.0, 0.0, 5.0]])
    s = nn.softmax(x).numpy()
    np.testing.assert_allclose(s.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(s[0], [0.5, 0.5, 0.0])
    ls = nn.log_softmax(x).numpy()
    assert np.isfinite(ls[1]).all()
    np.testing.assert_allclose(ls[0, :2], [-math.log(2)] * 2, rtol=1e-6)


def test_softmax_over_several_axes():
    x = np.random.default_rng(0).standard_normal((2, 3, 4))
    s = nn.softmax(gf.constant(x), axis=(1, 2)).numpy()
    np.testing.assert_allclose(s.sum(axis=(1, 2)), 1.0)


def test_softmax_gradient_is_zero_for_a_constant_cotangent():
    np.testing.assert_allclose(_grad(nn.softmax, [1.0, 2.0, 3.0]), 0.0, atol=1e-7)


def test_glu_needs_an_even_axis():
    with pytest.raises(gf.ShapeError, match="glu: the size of axis 0 must be even"):
        nn.glu(gf.constant([1.0, 2.0, 3.0]))


def test_one_hot_rejects_float_indices():
    with pytest.raises(gf.DTypeError, match="one_hot: the class indices must have an integer"):
        nn.one_hot(gf.constant([1.0]), 3)


def test_softmax_rejects_a_bad_axis():
    with pytest.raises(gf.ArgumentError, match="softmax: axis 2 is out of range"):
        nn.softmax(gf.constant([[1.0]]), axis=2)


def test_dropout_keeps_the_expected_value_and_respects_noise_shape():
    x = gf.numpy.ones((200, 50))
    y = nn.dropout(x, 0.25, seed=0).numpy()
    np.testing.assert_array_equal(np.unique(y), np.array([0, 1 / 0.75], np.float32))
    assert abs((y == 0).mean() - 0.25) < 0.01
    assert abs(y.mean() - 1.0) < 0.02
    z = nn.dropout(x, 0.5, noise_shape=(200, 1), seed=1).numpy()
    assert all(len(np.unique(row)) == 1 for row in z)  # whole rows are kept or dropped
    z2 = nn.dropout(x, 0.5, noise_shape=(None, 1), seed=1).numpy()
    np.testing.assert_array_equal(z, z2)


def test_dropout_gradient_uses_the_same_mask():
    x = gf.constant(np.ones(100))
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = nn.dropout(x, 0.5, seed=3)
        total = gf.numpy.sum(y)
    g = tape.gradient(total, x).numpy()
    np.testing.assert_array_equal(g, y.numpy())


def test_dropout_rate_edges_and_errors():
    x = gf.constant([1.0, 2.0])
    assert nn.dropout(x, 0.0) is x
    assert nn.dropout(x, 1.0).tolist() == [0.0, 0.0]
    with pytest.raises(gf.ArgumentError, match=r"dropout: rate must be in \[0, 1\]"):
        nn.dropout(x, 1.5)
