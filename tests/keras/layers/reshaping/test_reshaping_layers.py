import numpy as np
import pytest

from gradflow import keras
from gradflow.keras.layers import reshaping
from gradflow.testing.layer_test import run_layer_test

HARNESS_ROWS = [
    (reshaping.Flatten, {}, (2, 3, 4), (2, 12)),
    (reshaping.Flatten, {"data_format": "channels_first"}, (2, 3, 2, 2), (2, 12)),
    (reshaping.Flatten, {}, (3,), (3, 1)),
    (reshaping.Reshape, {"target_shape": (3, -1)}, (2, 12), (2, 3, 4)),
    (reshaping.Permute, {"dims": (2, 1)}, (2, 3, 4), (2, 4, 3)),
    (reshaping.RepeatVector, {"n": 3}, (2, 4), (2, 3, 4)),
    (reshaping.Cropping1D, {"cropping": (1, 2)}, (2, 6, 3), (2, 3, 3)),
    (reshaping.Cropping2D, {"cropping": ((1, 0), (2, 1))}, (2, 5, 6, 3), (2, 4, 3, 3)),
    (
        reshaping.Cropping2D,
        {"cropping": 1, "data_format": "channels_first"},
        (2, 3, 4, 5),
        (2, 3, 2, 3),
    ),
    (reshaping.Cropping3D, {"cropping": 1}, (1, 3, 4, 5, 2), (1, 1, 2, 3, 2)),
    (reshaping.ZeroPadding1D, {"padding": (1, 2)}, (2, 3, 2), (2, 6, 2)),
    (reshaping.ZeroPadding2D, {"padding": ((1, 0), (2, 1))}, (2, 3, 2, 2), (2, 4, 5, 2)),
    (reshaping.ZeroPadding3D, {"padding": (1, 0, 2)}, (1, 2, 2, 2, 2), (1, 4, 2, 6, 2)),
    (reshaping.UpSampling1D, {"size": 3}, (2, 3, 2), (2, 9, 2)),
    (reshaping.UpSampling2D, {"size": (2, 3)}, (2, 2, 3, 2), (2, 4, 9, 2)),
    (reshaping.UpSampling2D, {"interpolation": "bilinear"}, (2, 3, 4, 2), (2, 6, 8, 2)),
    (reshaping.UpSampling2D, {"data_format": "channels_first"}, (1, 2, 3, 2), (1, 2, 6, 4)),
    (reshaping.UpSampling3D, {"size": (1, 2, 2)}, (1, 2, 2, 3, 2), (1, 2, 4, 6, 2)),
]


@pytest.mark.parametrize(
    "cls, kwargs, shape, expected",
    HARNESS_ROWS,
    ids=[f"{r[0].__name__}-{i}" for i, r in enumerate(HARNESS_ROWS)],
)
def test_reshaping_harness(cls, kwargs, shape, expected):
    run_layer_test(
        cls,
        kwargs,
        input_shape=shape,
        expected_output_shape=expected,
        expected_num_trainable_weights=0,
    )


def test_symbolic_shapes_keep_unknown_dims():
    x = keras.Input((None, 4))
    assert reshaping.Flatten()(x).shape == (None, None)
    assert reshaping.Reshape((-1, 2))(x).shape == (None, None, 2)
    assert reshaping.Cropping1D(1)(x).shape == (None, None, 4)
    assert reshaping.UpSampling1D(2)(x).shape == (None, None, 4)


def test_compute_output_shape_matches_keras_rules():
    assert reshaping.Reshape((2, -1)).compute_output_shape((None, 3, 4)) == (None, 2, 6)
    assert reshaping.Permute((2, 1)).compute_output_shape((None, 3, 4)) == (None, 4, 3)
    assert reshaping.ZeroPadding2D(1).compute_output_shape((None, None, 3, 1)) == (None, None, 5, 1)


def test_values_of_crop_pad_and_repeat():
    x = np.arange(6, dtype="float32").reshape(1, 3, 2)
    assert np.asarray(reshaping.Cropping1D((1, 0))(x)).tolist() == [[[2.0, 3.0], [4.0, 5.0]]]
    padded = np.asarray(reshaping.ZeroPadding1D((1, 0))(x))
    assert padded[0, 0].tolist() == [0.0, 0.0] and padded[0, 1].tolist() == [0.0, 1.0]
    assert np.asarray(reshaping.RepeatVector(2)(x[:, 0])).tolist() == [[[0.0, 1.0]] * 2]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: reshaping.Reshape((-1, -1)), "at most one unknown dimension"),
        (lambda: reshaping.Permute((1, 3)), "must be consecutive and start from 1"),
        (lambda: reshaping.RepeatVector(0), "n=0"),
        (lambda: reshaping.Cropping2D(-1), "cannot be negative"),
        (lambda: reshaping.Cropping3D(((1, 1), (1, 1))), "should have 3 elements"),
        (lambda: reshaping.ZeroPadding2D((1, 2, 3)), "should have two elements"),
        (lambda: reshaping.UpSampling1D(0), "size=0"),
        (lambda: reshaping.UpSampling2D(interpolation="cubic"), "interpolation=cubic"),
        (lambda: reshaping.Flatten(data_format="nchw"), "data_format"),
    ],
)
def test_bad_arguments_raise_in_keras_words(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_reshape_size_mismatch_and_overlarge_cropping():
    with pytest.raises(ValueError, match="total size of the tensor must be unchanged"):
        reshaping.Reshape((5, -1))(np.ones((1, 12), "float32"))
    with pytest.raises(ValueError, match="should be smaller than the corresponding"):
        reshaping.Cropping2D(((2, 2), (0, 0)))(np.ones((1, 4, 4, 1), "float32"))
    with pytest.raises(ValueError, match="must be smaller than the input length"):
        reshaping.Cropping1D((2, 2))(np.ones((1, 4, 1), "float32"))


def test_repeat_vector_rejects_non_int():
    with pytest.raises(TypeError, match="integer value for `n`"):
        reshaping.RepeatVector(2.0)
