"""Every pooling layer passes the layer harness (config round trip, eager vs symbolic
shapes, traced vs eager values), plus masking, 'same' averaging and argument checks."""

import numpy as np
import pytest

from gradflow import keras
from gradflow.keras import masking
from gradflow.keras.layers import convolutional, pooling
from gradflow.keras.saving.object_registration import custom_object_scope
from gradflow.testing.layer_test import run_layer_test

# The harness deserializes by class name from keras.layers; the scope makes the family's
# classes findable whether or not gradflow.keras.layers re-exports them yet.
FAMILY = {name: getattr(pooling, name) for name in pooling.__all__}
CF = {"data_format": "channels_first"}

HARNESS = [
    (pooling.MaxPooling1D, {}, (2, 7, 3), (2, 3, 3)),
    (pooling.MaxPooling1D, {"pool_size": 3, "strides": 1, "padding": "same"}, (2, 7, 3),
     (2, 7, 3)),
    (pooling.AveragePooling1D, {"pool_size": 2, **CF}, (2, 3, 7), (2, 3, 3)),
    (pooling.MaxPooling2D, {"pool_size": (3, 2), "strides": 2, "padding": "same"},
     (2, 7, 6, 3), (2, 4, 3, 3)),
    (pooling.AveragePooling2D, {"pool_size": 2, **CF}, (2, 3, 6, 5), (2, 3, 3, 2)),
    (pooling.MaxPooling3D, {"pool_size": 2}, (2, 4, 4, 5, 2), (2, 2, 2, 2, 2)),
    (pooling.AveragePooling3D, {"pool_size": 2, "padding": "same"}, (2, 3, 4, 5, 2),
     (2, 2, 2, 3, 2)),
    (pooling.GlobalMaxPooling1D, {}, (2, 5, 3), (2, 3)),
    (pooling.GlobalAveragePooling1D, {"keepdims": True, **CF}, (2, 3, 5), (2, 3, 1)),
    (pooling.GlobalMaxPooling2D, {"keepdims": True}, (2, 4, 5, 3), (2, 1, 1, 3)),
    (pooling.GlobalAveragePooling2D, CF, (2, 3, 4, 5), (2, 3)),
    (pooling.GlobalMaxPooling3D, CF, (2, 3, 2, 3, 4), (2, 3)),
    (pooling.GlobalAveragePooling3D, {"keepdims": True}, (2, 2, 3, 4, 3), (2, 1, 1, 1, 3)),
]  # fmt: skip


@pytest.mark.parametrize(
    "cls, kwargs, input_shape, output_shape",
    HARNESS,
    ids=[f"{c.__name__}-{i}" for i, (c, *_rest) in enumerate(HARNESS)],
)
def test_layer_harness(cls, kwargs, input_shape, output_shape):
    with custom_object_scope(FAMILY):
        run_layer_test(
            cls,
            kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
        )


@pytest.mark.parametrize("cls, kwargs, input_shape, output_shape", HARNESS)
def test_compute_output_shape_agrees_with_call(cls, kwargs, input_shape, output_shape):
    layer = cls(**kwargs)
    assert tuple(layer.compute_output_shape((None,) + input_shape[1:])) == (
        (None,) + output_shape[1:]
    )


def test_aliases_are_the_same_classes():
    assert pooling.MaxPool2D is pooling.MaxPooling2D
    assert pooling.AvgPool1D is pooling.AveragePooling1D
    assert pooling.GlobalAvgPool3D is pooling.GlobalAveragePooling3D
    assert pooling.GlobalMaxPool1D is pooling.GlobalMaxPooling1D


def test_strides_default_to_pool_size():
    layer = pooling.AveragePooling2D((2, 3))
    assert layer.strides == (2, 3)
    assert layer.get_config()["strides"] == (2, 3)


def test_same_average_pooling_leaves_padding_out():
    x = np.arange(1, 6, dtype="float32").reshape(1, 5, 1)
    y = pooling.AveragePooling1D(2, padding="same")(x)
    np.testing.assert_allclose(np.asarray(y)[0, :, 0], [1.5, 3.5, 5.0])


def test_global_average_pooling_1d_consumes_the_mask():
    x = keras.ops.convert_to_tensor(np.ones((2, 4, 3), "float32"))
    masking.set_keras_mask(x, keras.ops.convert_to_tensor(np.array([[1, 1, 0, 0]] * 2, bool)))
    layer = pooling.GlobalAveragePooling1D()
    out = layer(x)
    assert layer.supports_masking
    assert masking.get_keras_mask(out) is None
    np.testing.assert_allclose(np.asarray(out), np.ones((2, 3)))


def test_masked_average_in_a_functional_model():
    inputs = keras.Input((4, 2))
    mask = keras.Input((4,), dtype="bool")
    outputs = pooling.GlobalAveragePooling1D()(inputs, mask=mask)
    model = keras.Model([inputs, mask], outputs)
    x = np.arange(16, dtype="float32").reshape(2, 4, 2)
    m = np.array([[1, 0, 1, 0], [1, 1, 1, 1]], bool)
    expected = np.stack([x[0, [0, 2]].mean(0), x[1].mean(0)])
    np.testing.assert_allclose(model.predict([x, m], verbose=0), expected, rtol=1e-6)


def test_pooling_in_a_trained_convnet():
    model = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            convolutional.Conv2D(3, 3, padding="same", activation="relu"),
            pooling.MaxPooling2D(),
            pooling.AveragePooling2D(padding="same", pool_size=3, strides=2),
            pooling.GlobalMaxPooling2D(),
            keras.layers.Dense(2),
        ]
    )
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(0).standard_normal((4, 8, 8, 1)).astype("float32")
    before = model.get_weights()
    model.fit(x, np.zeros((4, 2), "float32"), epochs=1, verbose=0)
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: pooling.MaxPooling2D(0), "pool_size"),
        (lambda: pooling.MaxPooling2D((2, 2, 2)), "pool_size"),
        (lambda: pooling.AveragePooling1D(2, strides=0), "strides"),
        (lambda: pooling.MaxPooling1D(2, padding="causal"), "padding=causal"),
        (lambda: pooling.GlobalMaxPooling2D(data_format="NCHW"), "data_format"),
    ],
)
def test_bad_arguments_raise_keras_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_wrong_rank_input_is_refused():
    with pytest.raises(ValueError, match="expected ndim=4"):
        pooling.MaxPooling2D()(np.ones((2, 4, 3), "float32"))
