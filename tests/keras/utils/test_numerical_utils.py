"""keras.utils.to_categorical and keras.utils.normalize, with Keras 3's semantics."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.utils.numerical_utils import normalize, to_categorical


def test_to_categorical_infers_classes_and_returns_float64():
    result = to_categorical([0, 2, 1])
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, np.eye(3)[[0, 2, 1]])


def test_to_categorical_drops_a_trailing_unit_axis():
    result = to_categorical(np.array([[1], [0]]), num_classes=3)
    assert result.shape == (2, 3)
    np.testing.assert_array_equal(result, [[0, 1, 0], [1, 0, 0]])


def test_to_categorical_keeps_other_axes():
    result = to_categorical([[0, 1], [2, 2]])
    assert result.shape == (2, 2, 3)
    np.testing.assert_array_equal(result[1, 0], [0, 0, 1])


def test_to_categorical_scalar_gives_one_row():
    # Keras: a 0-d input gives shape (num_classes,).
    np.testing.assert_array_equal(to_categorical(2), [0, 0, 1])


def test_to_categorical_tensor_gives_float32_tensor():
    result = to_categorical(gf.constant(np.array([[2], [0]])), num_classes=4)
    assert isinstance(result, gf.Tensor) and result.dtype == np.float32
    np.testing.assert_array_equal(result.numpy(), [[0, 0, 1, 0], [1, 0, 0, 0]])


@pytest.mark.parametrize("order", [1, 2, 3])
def test_normalize_numpy_zero_rows_stay_zero(order):
    x = np.array([[3.0, -4.0, 1.0], [0.0, 0.0, 0.0]])
    result = normalize(x, axis=-1, order=order)
    expected_norm = np.sum(np.abs(x[0]) ** order) ** (1 / order)
    np.testing.assert_allclose(result[0], x[0] / expected_norm)
    np.testing.assert_array_equal(result[1], 0.0)


def test_normalize_numpy_axis_1_of_3d():
    x = np.arange(24.0).reshape(2, 3, 4)
    expected = x / np.linalg.norm(x, axis=1, keepdims=True)
    np.testing.assert_allclose(normalize(x, axis=1), expected)


@pytest.mark.parametrize("order", [1, 2, 3])
def test_normalize_tensor_matches_the_formula(order):
    x = np.array([[3.0, -4.0, 1.0], [0.0, 0.0, 0.0]], dtype="float32")
    result = normalize(gf.constant(x), axis=-1, order=order)
    assert isinstance(result, gf.Tensor)
    norm = np.sum(np.abs(x) ** order, axis=-1, keepdims=True) ** (1 / order)
    np.testing.assert_allclose(result.numpy(), x / np.maximum(norm, 1e-7), rtol=1e-6)


def test_normalize_tensor_rejects_bad_order():
    with pytest.raises(ValueError, match="Received: order=0"):
        normalize(gf.constant([1.0, 2.0]), order=0)
