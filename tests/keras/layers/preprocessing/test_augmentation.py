"""The random image layers while training: the right kind of change, fresh draws on every
call (also inside a traced step), identity in inference, and Keras's argument checks.
(The deterministic transforms themselves are compared with Keras in the parity tests.)"""

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers.preprocessing import (
    RandomBrightness,
    RandomContrast,
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Resizing,
)

X = np.random.default_rng(0).random((16, 5, 6, 3)).astype("float32") * 255


def test_flip_flips_about_half_the_images_and_nothing_else():
    out = np.asarray(RandomFlip("horizontal", seed=1)(X, training=True))
    flipped = [np.array_equal(o, x[:, ::-1]) for o, x in zip(out, X)]
    kept = [np.array_equal(o, x) for o, x in zip(out, X)]
    assert all(f or k for f, k in zip(flipped, kept))
    assert 2 <= sum(flipped) <= 14


def test_rotation_by_half_turn_reverses_the_image():
    layer = RandomRotation(factor=(0.5, 0.5), fill_mode="constant")
    out = np.asarray(layer(X[:2], training=True))
    np.testing.assert_allclose(out, X[:2, ::-1, ::-1], atol=1e-3)


def test_brightness_and_contrast_stay_in_value_range_and_draw_per_image():
    bright = np.asarray(RandomBrightness(0.5, seed=2)(X, training=True))
    assert bright.min() >= 0 and bright.max() <= 255
    deltas = (bright - X).reshape(16, -1)
    unclipped = (bright > 0) & (bright < 255)
    per_image = [np.unique(np.round(d[u.reshape(-1)], 3)).size for d, u in
                 zip(deltas, unclipped.reshape(16, -1))]  # fmt: skip
    assert max(per_image) == 1  # one delta per image
    assert len({round(float(d[0]), 3) for d in deltas}) > 1
    contrast = np.asarray(RandomContrast(0.5, seed=2)(X, training=True))
    np.testing.assert_allclose(contrast.mean(axis=(1, 2)), X.mean(axis=(1, 2)), atol=60)
    assert not np.allclose(contrast, X)


def test_zoom_and_translation_keep_shape_and_change_pixels():
    for layer in (RandomZoom(0.5, seed=3), RandomTranslation(0.3, 0.3, seed=3)):
        out = np.asarray(layer(X, training=True))
        assert out.shape == X.shape and not np.allclose(out, X)


def test_crop_takes_a_window_of_the_input():
    out = np.asarray(RandomCrop(3, 4, seed=5)(X, training=True))
    assert out.shape == (16, 3, 4, 3)
    windows = [X[:, i : i + 3, j : j + 4] for i in range(3) for j in range(3)]
    assert any(np.array_equal(out, w) for w in windows)


@pytest.mark.parametrize("layer", [
    RandomFlip(seed=1), RandomRotation(0.3, seed=1), RandomZoom(0.3, seed=1),
    RandomTranslation(0.2, 0.2, seed=1), RandomContrast(0.4, seed=1),
    RandomBrightness(0.4, seed=1), RandomCrop(3, 3, seed=1),
], ids=lambda layer: type(layer).__name__)  # fmt: skip
def test_fresh_draws_in_traced_calls_and_identity_in_inference(layer):
    step = gf.function(lambda t: layer(t, training=True))
    a, b = np.asarray(step(gf.constant(X))), np.asarray(step(gf.constant(X)))
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(np.asarray(layer(X, training=False)), X)
    assert np.asarray(layer(X[0], training=True)).ndim == 3


def test_same_seed_same_draws():
    a = np.asarray(RandomRotation(0.3, seed=9)(X, training=True))
    b = np.asarray(RandomRotation(0.3, seed=9)(X, training=True))
    np.testing.assert_array_equal(a, b)


def test_augmentation_in_dataset_map():
    ds = gf.data.Dataset.from_tensor_slices(X).batch(4)
    ds = ds.map(lambda x: RandomFlip(seed=1)(Resizing(4, 4)(x), training=True))
    assert [tuple(np.shape(b)) for b in ds] == [(4, 4, 4, 3)] * 4


def test_channels_first_rotation_matches_channels_last():
    layer_last = RandomRotation((0.1, 0.1), fill_mode="constant")
    layer_first = RandomRotation((0.1, 0.1), fill_mode="constant", data_format="channels_first")
    last = np.asarray(layer_last(X[:2], training=True))
    first = np.asarray(layer_first(np.transpose(X[:2], (0, 3, 1, 2)), training=True))
    np.testing.assert_allclose(np.transpose(first, (0, 2, 3, 1)), last, atol=1e-3)


def test_errors_use_keras_wording():
    with pytest.raises(ValueError, match=r"Received: factor=2"):
        RandomRotation(2)
    with pytest.raises(ValueError, match="Unknown `fill_mode` bogus"):
        RandomZoom(0.2, fill_mode="bogus")
    with pytest.raises(ValueError, match="Received: input_number|height_factor=-1"):
        RandomZoom(-1.0)
    with pytest.raises(ValueError, match="mode=diagonal"):
        RandomFlip("diagonal")
    with pytest.raises(ValueError, match="rank 3"):
        RandomFlip()(np.ones((2, 2), "float32"))
