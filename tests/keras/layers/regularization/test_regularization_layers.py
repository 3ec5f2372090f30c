import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers import regularization
from gradflow.testing.layer_test import run_layer_test

ROWS = [
    (regularization.SpatialDropout1D, {"rate": 0.5, "seed": 1}, (2, 3, 4)),
    (regularization.SpatialDropout2D, {"rate": 0.5, "data_format": "channels_first"}, (2, 3, 2, 2)),
    (regularization.SpatialDropout3D, {"rate": 0.5}, (1, 2, 2, 2, 3)),
    (regularization.GaussianNoise, {"stddev": 0.1, "seed": 2}, (2, 4)),
    (regularization.GaussianDropout, {"rate": 0.1, "seed": 3}, (2, 4)),
    (regularization.AlphaDropout, {"rate": 0.1, "noise_shape": (None, 1)}, (2, 4)),
]


@pytest.mark.parametrize(
    "cls, kwargs, shape", ROWS, ids=[f"{r[0].__name__}-{i}" for i, r in enumerate(ROWS)]
)
def test_random_layers_harness(cls, kwargs, shape):
    layer = run_layer_test(
        cls,
        kwargs,
        input_shape=shape,
        expected_output_shape=shape,
        expected_num_trainable_weights=0,
        expected_num_seed_generators=1,
    )
    x = np.ones(shape, "float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), x)  # inference: identity


def test_activity_regularization_harness_adds_one_loss():
    run_layer_test(
        regularization.ActivityRegularization,
        {"l1": 0.1, "l2": 0.2},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_losses=1,
        supports_masking=True,
    )


@pytest.mark.parametrize(
    "cls, shape, channel_axes",
    [
        (regularization.SpatialDropout1D, (4, 10, 6), (0, 2)),
        (regularization.SpatialDropout2D, (4, 5, 5, 6), (0, 3)),
        (regularization.SpatialDropout3D, (4, 3, 3, 3, 6), (0, 4)),
    ],
)
def test_spatial_dropout_drops_whole_channels(cls, shape, channel_axes):
    y = np.asarray(cls(0.5, seed=4)(np.ones(shape, "float32"), training=True))
    other = tuple(a for a in range(len(shape)) if a not in channel_axes)
    assert (y.min(axis=other) == y.max(axis=other)).all()
    assert 0 < (y == 0).mean() < 1


def test_gaussian_noise_and_dropout_statistics():
    x = np.ones((400, 50), "float32")
    noisy = np.asarray(regularization.GaussianNoise(0.5, seed=1)(x, training=True))
    assert abs(noisy.mean() - 1.0) < 0.02 and abs(noisy.std() - 0.5) < 0.02
    scaled = np.asarray(regularization.GaussianDropout(0.5, seed=1)(x, training=True))
    assert abs(scaled.mean() - 1.0) < 0.02 and abs(scaled.std() - 1.0) < 0.03


def test_alpha_dropout_keeps_mean_and_variance_of_standard_inputs():
    x = np.random.default_rng(0).standard_normal((500, 100)).astype("float32")
    y = np.asarray(regularization.AlphaDropout(0.2, seed=5)(x, training=True))
    assert abs(y.mean()) < 0.03 and abs(y.std() - 1.0) < 0.03


def test_random_layers_draw_fresh_noise_when_traced():
    layer = regularization.GaussianNoise(0.3, seed=0)
    step = gf.function(lambda t: layer(t, training=True))
    x = gf.constant(np.zeros((2, 5), "float32"))
    assert not np.array_equal(np.asarray(step(x)), np.asarray(step(x)))


def test_spatial_dropout_config_has_keras_keys():
    config = regularization.SpatialDropout2D(0.3, seed=1, name="sd").get_config()
    assert config == {
        "rate": 0.3,
        "seed": 1,
        "name": "sd",
        "dtype": "float32",
        "data_format": "channels_last",
    }


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: regularization.GaussianNoise(1.5), "stddev=1.5"),
        (lambda: regularization.GaussianDropout(-0.1), "rate=-0.1"),
        (lambda: regularization.AlphaDropout(2), "rate=2"),
        (lambda: regularization.SpatialDropout1D(1.2), "rate=1.2"),
    ],
)
def test_bad_rates_raise_in_keras_words(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_spatial_dropout_requires_its_rank():
    with pytest.raises(ValueError, match="expected ndim=3"):
        regularization.SpatialDropout1D(0.5)(np.ones((2, 3), "float32"))
