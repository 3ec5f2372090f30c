"""gf.Variable: the only mutable state."""

import copy

import numpy as np
import pytest

import gradflow as gf


def test_assign_family_updates_in_place():
    v = gf.Variable([1.0, 2.0], name="v")
    assert v.assign([5.0, 6.0]) is v
    v.assign_add([1.0, 1.0])
    v.assign_sub(gf.constant([0.5, 0.5]))
    np.testing.assert_allclose(v.numpy(), [5.5, 6.5])
    assert v.name == "v" and v.trainable


def test_variable_takes_a_callable_initial_value():
    v = gf.Variable(lambda: np.zeros((2, 3), np.float32))
    assert v.shape == (2, 3) and v.dtype == gf.float32


def test_assign_wrong_shape_is_a_shape_error():
    v = gf.Variable([1.0, 2.0], name="w")
    with pytest.raises(gf.ShapeError, match="'w' has shape"):
        v.assign([1.0, 2.0, 3.0])


def test_variable_value_is_not_aliased():
    source = np.array([1.0, 2.0], np.float32)
    v = gf.Variable(source)
    source[0] = 100.0
    assert v.numpy()[0] == 1.0
    snapshot = v.value()
    v.assign([9.0, 9.0])
    assert snapshot.numpy().tolist() == [1.0, 2.0]


def test_variables_in_operators():
    v = gf.Variable([1.0, 2.0])
    np.testing.assert_allclose((v * 2.0).numpy(), [2.0, 4.0])
    np.testing.assert_allclose((1.0 + v).numpy(), [2.0, 3.0])
    assert isinstance(v + v, gf.Tensor)


def test_dtype_argument_casts():
    v = gf.Variable([1, 2], dtype="float64")
    assert v.dtype == gf.float64


def test_deepcopy_makes_an_independent_variable():
    v = gf.Variable([1.0])
    w = copy.deepcopy(v)
    w.assign([2.0])
    assert v.numpy()[0] == 1.0
