import numpy as np
import pytest

from gradflow import keras
from gradflow.keras import masking
from gradflow.keras.layers import core, merging
from gradflow.testing.layer_test import run_layer_test

ROWS = [
    (merging.Add, {}, [(2, 3, 4), (2, 3, 4)], (2, 3, 4)),
    (merging.Add, {}, [(2, 3, 4), (2, 1, 4)], (2, 3, 4)),
    (merging.Add, {}, [(2, 3, 4), (2, 4)], (2, 3, 4)),
    (merging.Subtract, {}, [(2, 3), (2, 3)], (2, 3)),
    (merging.Multiply, {}, [(2, 3), (2, 3), (2, 3)], (2, 3)),
    (merging.Average, {}, [(2, 3), (2, 3)], (2, 3)),
    (merging.Maximum, {}, [(2, 3), (2, 3)], (2, 3)),
    (merging.Minimum, {}, [(2, 3), (2, 3)], (2, 3)),
    (merging.Concatenate, {"axis": 1}, [(2, 3, 4), (2, 2, 4)], (2, 5, 4)),
    (merging.Dot, {"axes": 1}, [(2, 3), (2, 3)], (2, 1)),
    (merging.Dot, {"axes": (1, 2), "normalize": True}, [(2, 5, 2), (2, 3, 5)], (2, 2, 3)),
]


@pytest.mark.parametrize(
    "cls, kwargs, shapes, expected", ROWS, ids=[f"{r[0].__name__}-{i}" for i, r in enumerate(ROWS)]
)
def test_merging_harness(cls, kwargs, shapes, expected):
    run_layer_test(
        cls,
        kwargs,
        input_shape=shapes,
        expected_output_shape=expected,
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


def test_functional_forms_build_the_layers():
    a, b = keras.Input((3,)), keras.Input((3,))
    for fn, expected in [
        (merging.add, (None, 3)),
        (merging.subtract, (None, 3)),
        (merging.multiply, (None, 3)),
        (merging.average, (None, 3)),
        (merging.maximum, (None, 3)),
        (merging.minimum, (None, 3)),
        (merging.concatenate, (None, 6)),
    ]:
        assert fn([a, b]).shape == expected
    assert merging.dot([a, b], axes=1).shape == (None, 1)
    x = np.ones((2, 3), "float32")
    assert np.asarray(merging.add([x, x])).tolist() == [[2.0] * 3] * 2


def test_compute_output_shape():
    assert merging.Add().compute_output_shape([(None, 3, 1), (None, 3, 4)]) == (None, 3, 4)
    assert merging.Concatenate().compute_output_shape([(None, 2), (None, 5)]) == (None, 7)
    assert merging.Dot(axes=-1).compute_output_shape([(None, 3, 4), (None, 5, 4)]) == (None, 3, 5)


@pytest.mark.parametrize(
    "layer, shapes, message",
    [
        (merging.Add(), [(2, 3), (2, 4)], "Inputs have incompatible shapes"),
        (merging.Add(), [(2, 3), (3, 3)], "different batch sizes"),
        (merging.Subtract(), [(2, 3)] * 3, "exactly 2 inputs"),
        (merging.Concatenate(), [(2, 3, 4), (2, 2, 5)], "matching shapes except for the"),
        (merging.Dot(axes=1), [(2, 3), (2, 4)], "Incompatible input shapes"),
    ],
)
def test_shape_errors_in_keras_words(layer, shapes, message):
    with pytest.raises(ValueError, match=message):
        layer([np.ones(s, "float32") for s in shapes])


def test_merge_layer_requires_a_list():
    with pytest.raises(ValueError, match="called on a list of inputs"):
        merging.Add()(np.ones((2, 3), "float32"))
    with pytest.raises(TypeError, match="axes"):
        merging.Dot(axes="1")


def _masked_pair():
    x1 = np.array([[[1.0], [0.0], [3.0]]], "float32")  # step 1 masked
    x2 = np.array([[[0.0], [5.0], [-1.0]]], "float32")  # step 0 masked
    return core.Masking(0.0)(x1), core.Masking(0.0)(x2)


def test_masked_maximum_ignores_masked_entries_and_ors_the_masks():
    a, b = _masked_pair()
    out = merging.Maximum()([a, b])
    assert np.asarray(out)[0, :, 0].tolist() == [1.0, 5.0, 3.0]
    assert np.asarray(masking.get_keras_mask(out)).tolist() == [[True, True, True]]


def test_masked_multiply_treats_masked_entries_as_one():
    a, b = _masked_pair()
    assert np.asarray(merging.Multiply()([a, b]))[0, :, 0].tolist() == [1.0, 5.0, -3.0]


def test_masks_flow_through_a_functional_merge():
    inputs = keras.Input((3, 1))
    masked = core.Masking(0.0)(inputs)
    out = merging.Concatenate(axis=1)([masked, masked])
    assert out._keras_mask is not None and out._keras_mask.shape == (None, 6)
