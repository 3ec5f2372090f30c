import numpy as np
import pytest

from gradflow import keras
from gradflow.testing.layer_test import run_layer_test


def test_dense_harness():
    run_layer_test(keras.layers.Dense, {"units": 3, "activation": "relu"}, input_shape=(4, 5),
                   expected_output_shape=(4, 3), expected_num_trainable_weights=2,
                   expected_num_non_trainable_weights=0, supports_masking=True)


def test_dense_3d_input_and_no_bias():
    run_layer_test(keras.layers.Dense, {"units": 2, "use_bias": False}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 2), expected_num_trainable_weights=1)


def test_dense_numbers_match_keras_layout():
    layer = keras.layers.Dense(2)
    x = np.arange(6, dtype="float32").reshape(2, 3)
    layer.build((None, 3))
    kernel = np.arange(6, dtype="float32").reshape(3, 2) / 10
    layer.set_weights([kernel, np.array([1.0, -1.0], "float32")])
    np.testing.assert_allclose(np.asarray(layer(x)), x @ kernel + [1.0, -1.0], rtol=1e-6)


def test_dense_rejects_bad_units():
    with pytest.raises(ValueError, match="units=0"):
        keras.layers.Dense(0)


def test_dense_incompatible_input_names_the_layer():
    layer = keras.layers.Dense(2, name="head")
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match='layer "head".*expected axis -1 of input shape to '
                                         "have value 3"):
        layer(np.ones((1, 4), "float32"))
