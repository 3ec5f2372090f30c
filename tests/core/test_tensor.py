"""gf.Tensor: conversion, operators, protocols, immutability."""

import copy
import pickle

import numpy as np
import pytest

import gradflow as gf


def test_python_values_get_tf_defaults():
    assert gf.constant(1.5).dtype == gf.float32
    assert gf.constant(3).dtype == gf.int32
    assert gf.constant(True).dtype == gf.bool
    assert gf.constant(1 + 2j).dtype == gf.complex64
    assert gf.constant([[1, 2], [3, 4]]).shape == (2, 2)


def test_numpy_values_keep_their_dtype():
    assert gf.constant(np.float64(1.5)).dtype == gf.float64
    assert gf.constant(np.arange(3, dtype=np.int64)).dtype == gf.int64
    assert gf.constant(np.ones(2, np.float16)).dtype == gf.float16


def test_huge_python_int_keeps_int64():
    assert gf.constant(2**40).dtype == gf.int64


def test_bfloat16_tensors():
    x = gf.constant([1.0, 2.5], dtype="bfloat16")
    assert x.dtype == gf.bfloat16
    y = x * 2.0
    assert y.dtype == gf.bfloat16
    np.testing.assert_allclose(y.numpy().astype(np.float32), [2.0, 5.0])


def test_unsupported_value_is_a_dtype_error():
    with pytest.raises(gf.DTypeError, match="constant"):
        gf.constant(np.array(["a", "b"]))


def test_operators_and_reflected_operators():
    x = gf.constant([1.0, 2.0])
    np.testing.assert_allclose((2.0 - x).numpy(), [1.0, 0.0])
    np.testing.assert_allclose((2.0 / x).numpy(), [2.0, 1.0])
    np.testing.assert_allclose((x**2).numpy(), [1.0, 4.0])
    np.testing.assert_allclose((2.0**x).numpy(), [2.0, 4.0])
    np.testing.assert_allclose((-x).numpy(), [-1.0, -2.0])
    assert (x < 1.5).numpy().tolist() == [True, False]
    assert (x == 2.0).numpy().tolist() == [False, True]


def test_numpy_array_on_the_left_defers_to_tensor():
    out = np.array([1.0, 2.0], np.float32) + gf.constant([1.0, 1.0])
    assert isinstance(out, gf.Tensor)


def test_matmul_operator():
    a = gf.constant([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose((a @ a).numpy(), [[7.0, 10.0], [15.0, 22.0]])


def test_tensors_are_immutable():
    x = gf.constant([1.0, 2.0])
    with pytest.raises(TypeError, match="immutable"):
        x[0] = 5.0
    view = x.numpy()
    with pytest.raises(ValueError):
        view[0] = 5.0


def test_array_protocols():
    x = gf.constant([1.0, 2.0])
    assert np.asarray(x).dtype == np.float32
    np.testing.assert_array_equal(np.from_dlpack(x), [1.0, 2.0])
    assert x.__array_namespace__() is gf.numpy
    assert gf.numpy.__array_api_version__ == "2023.12"


def test_scalar_conversions():
    assert float(gf.constant(2.5)) == 2.5
    assert int(gf.constant(3)) == 3
    assert bool(gf.constant(True))
    assert [1, 2, 3][gf.constant(1)] == 2
    with pytest.raises(TypeError, match="0-d"):
        float(gf.constant([1.0, 2.0]))


def test_repr_shows_shape_dtype_and_values():
    text = repr(gf.constant([1.0, 2.0]))
    assert "shape=(2,)" in text and "float32" in text and "1." in text


def test_unhashable_like_numpy():
    with pytest.raises(TypeError):
        hash(gf.constant(1.0))


def test_pickle_and_copy():
    x = gf.constant([1.0, 2.0])
    y = pickle.loads(pickle.dumps(x))
    np.testing.assert_array_equal(y.numpy(), x.numpy())
    assert copy.deepcopy(x) is x


def test_len_and_iteration():
    x = gf.constant([[1, 2], [3, 4], [5, 6]])
    assert len(x) == 3
    assert [row.numpy().tolist() for row in x] == [[1, 2], [3, 4], [5, 6]]
    with pytest.raises(TypeError):
        len(gf.constant(1.0))


def test_transpose_properties():
    x = gf.constant(np.arange(6.0).reshape(2, 3))
    assert x.T.shape == (3, 2)
    assert gf.constant(np.zeros((4, 2, 3))).mT.shape == (4, 3, 2)
    with pytest.raises(gf.ShapeError, match=".mT"):
        gf.constant(np.zeros((4, 2, 3))).T
