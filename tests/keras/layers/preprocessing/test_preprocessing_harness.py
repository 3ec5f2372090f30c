"""Every numeric preprocessing layer passes the layer harness (config round trip, eager
vs symbolic shapes, traced vs eager values), and works inside a model."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import keras
from gradflow.keras.layers import preprocessing
from gradflow.keras.saving.object_registration import custom_object_scope
from gradflow.testing.layer_test import run_layer_test

# The harness deserializes by class name from keras.layers; the scope makes the family's
# classes findable whether or not gradflow.keras.layers re-exports them yet.
FAMILY = {name: getattr(preprocessing, name) for name in preprocessing.__all__}
P = preprocessing
INFER = {"training": False}
TRAIN = {"training": True}

HARNESS = [
    (P.Normalization, {"mean": [0.5, 1.0, 2.0], "variance": [1.0, 4.0, 9.0]}, (2, 4, 3),
     (2, 4, 3), {}),
    (P.Normalization, {"axis": None}, (3, 5), (3, 5), {}),
    (P.Normalization, {"axis": (1, 2), "invert": True}, (2, 3, 4), (2, 3, 4), {}),
    (P.Rescaling, {"scale": 0.5, "offset": 1.0}, (2, 3), (2, 3), {}),
    (P.Discretization, {"bin_boundaries": [-0.5, 0.0, 0.5]}, (4, 3), (4, 3), {}),
    (P.Discretization, {"bin_boundaries": [0.0, 1.0], "output_mode": "multi_hot"}, (4, 3),
     (4, 3), {}),
    (P.Resizing, {"height": 3, "width": 5}, (2, 6, 7, 2), (2, 3, 5, 2), {}),
    (P.Resizing, {"height": 4, "width": 4, "crop_to_aspect_ratio": True}, (2, 6, 8, 1),
     (2, 4, 4, 1), {}),
    (P.CenterCrop, {"height": 3, "width": 2}, (2, 5, 5, 3), (2, 3, 2, 3), {}),
    (P.RandomFlip, {"seed": 1}, (2, 4, 5, 3), (2, 4, 5, 3), INFER),
    (P.RandomRotation, {"factor": 0.3, "seed": 1}, (2, 4, 5, 3), (2, 4, 5, 3), INFER),
    (P.RandomZoom, {"height_factor": 0.2, "seed": 1}, (2, 4, 5, 3), (2, 4, 5, 3), INFER),
    (P.RandomTranslation, {"height_factor": 0.2, "width_factor": 0.1, "seed": 1},
     (2, 4, 5, 3), (2, 4, 5, 3), INFER),
    (P.RandomContrast, {"factor": 0.5, "seed": 1}, (2, 4, 5, 3), (2, 4, 5, 3), INFER),
    (P.RandomBrightness, {"factor": 0.5, "seed": 1}, (2, 4, 5, 3), (2, 4, 5, 3), INFER),
    (P.RandomCrop, {"height": 2, "width": 3, "seed": 1}, (2, 4, 5, 3), (2, 4, 5, 3), INFER),
    (P.RandomCrop, {"height": 2, "width": 3, "seed": 1}, (2, 4, 5, 3), (2, 2, 3, 3), TRAIN),
    (P.RandomRotation, {"factor": 0.3, "seed": 1}, (2, 4, 5, 3), (2, 4, 5, 3), TRAIN),
]  # fmt: skip


@pytest.mark.parametrize(
    "cls, kwargs, input_shape, output_shape, call_kwargs",
    HARNESS,
    ids=[f"{row[0].__name__}-{i}" for i, row in enumerate(HARNESS)],
)
def test_harness(cls, kwargs, input_shape, output_shape, call_kwargs):
    with custom_object_scope(FAMILY):
        run_layer_test(cls, kwargs, input_shape=input_shape, call_kwargs=call_kwargs,
                       expected_output_shape=output_shape,
                       expected_num_trainable_weights=0)  # fmt: skip


@pytest.mark.parametrize("mode, output_shape, dtype", [
    ("multi_hot", (4, 5), "float32"), ("count", (4, 5), "float32"),
    ("one_hot", (4, 3, 5), "float32"),
])  # fmt: skip
def test_category_encoding_harness(mode, output_shape, dtype):
    with custom_object_scope(FAMILY):
        run_layer_test(P.CategoryEncoding, {"num_tokens": 5, "output_mode": mode},
                       input_shape=(4, 3), input_dtype="int32",
                       expected_output_shape=output_shape, expected_output_dtype=dtype)  # fmt: skip


@pytest.mark.parametrize("kwargs, output_shape, dtype", [
    ({"vocabulary": [0, 2, 4]}, (3, 4), "int64"),
    ({"vocabulary": [1, 3], "num_oov_indices": 2, "mask_token": 0}, (3, 4), "int64"),
    ({"vocabulary": [0, 2, 4], "output_mode": "multi_hot"}, (3, 4), "float32"),
    ({"vocabulary": [1, 2, 3, 4], "invert": True}, (3, 4), "int64"),
])  # fmt: skip
def test_integer_lookup_harness(kwargs, output_shape, dtype):
    with custom_object_scope(FAMILY):
        run_layer_test(P.IntegerLookup, kwargs, input_shape=(3, 4), input_dtype="int64",
                       expected_output_shape=output_shape, expected_output_dtype=dtype)  # fmt: skip


def test_preprocessing_inside_a_model_trains():
    norm = P.Normalization()
    x = np.random.default_rng(0).normal(3.0, 2.0, size=(64, 4)).astype("float32")
    norm.adapt(x)
    model = keras.Sequential([
        keras.Input((4,)), norm, P.Rescaling(2.0), keras.layers.Dense(1),
    ])  # fmt: skip
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, x[:, :1], batch_size=16, epochs=2, verbose=0).history
    assert np.isfinite(history["loss"]).all()
    normalized = np.asarray(norm(x))
    np.testing.assert_allclose(normalized.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(normalized.std(axis=0), 1.0, atol=1e-4)


def test_augmentation_in_a_model_is_identity_in_predict():
    inputs = keras.Input((6, 6, 1))
    outputs = P.RandomRotation(0.5, seed=2)(P.RandomFlip(seed=1)(inputs))
    model = keras.Model(inputs, outputs)
    x = np.random.default_rng(1).random((3, 6, 6, 1)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), x, rtol=1e-6)


def test_integer_lookup_in_a_traced_function_matches_eager():
    layer = P.IntegerLookup(vocabulary=[12, 36, 1138, 42], output_mode="count")
    data = np.array([[12, 1138, 42, 42], [42, 1000, 36, 7]])
    eager = np.asarray(layer(data))
    traced = np.asarray(gf.function(lambda t: layer(t))(gf.constant(data)))
    np.testing.assert_array_equal(eager, traced)
    np.testing.assert_array_equal(eager, [[0, 1, 0, 1, 2], [2, 0, 1, 0, 1]])


@pytest.mark.parametrize("kwargs, output_shape, dtype", [
    ({"num_bins": 5}, (3, 4), "int64"),
    ({"num_bins": 5, "mask_value": 0}, (3, 4), "int64"),
    ({"num_bins": 5, "output_mode": "count"}, (3, 5), "float32"),
])  # fmt: skip
def test_hashing_integers_harness(kwargs, output_shape, dtype):
    with custom_object_scope(FAMILY):
        run_layer_test(P.Hashing, kwargs, input_shape=(3, 4), input_dtype="int64",
                       expected_output_shape=output_shape, expected_output_dtype=dtype)  # fmt: skip


def test_hashing_in_a_model_equals_string_hashing():
    inputs = keras.Input((2,), dtype="int64")
    model = keras.Model(inputs, P.Hashing(11)(inputs))
    data = np.array([[7, -40], [123456789012, 0]])
    expected = P.Hashing(11)(data.astype(str).astype(object))
    np.testing.assert_array_equal(model.predict(data, verbose=0), np.asarray(expected))
