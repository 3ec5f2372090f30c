"""gf.nn cross-entropies and normalization: Keras's numbers, stability, errors."""

import math

import numpy as np
import pytest

import gradflow as gf
from gradflow import nn


def test_categorical_crossentropy_matches_keras_example():
    # keras.losses.categorical_crossentropy docstring: [0.0513, 2.303]
    t = gf.constant([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    p = gf.constant([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])
    np.testing.assert_allclose(
        nn.categorical_crossentropy(t, p).numpy(), [0.0513, 2.303], atol=1e-3
    )


def test_sparse_categorical_crossentropy_matches_keras_example():
    p = gf.constant([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])
    loss = nn.sparse_categorical_crossentropy([1, 2], p).numpy()
    np.testing.assert_allclose(loss, [0.0513, 2.303], atol=1e-3)
    loss = nn.sparse_categorical_crossentropy(gf.constant([[1], [2]]), p).numpy()
    np.testing.assert_allclose(loss, [0.0513, 2.303], atol=1e-3)


def test_zero_probabilities_are_clipped_to_epsilon():
    loss = nn.categorical_crossentropy(gf.constant([[1.0, 0.0]]), gf.constant([[0.0, 1.0]]))
    np.testing.assert_allclose(loss.numpy(), [-math.log(1e-7)], rtol=1e-4)
    bce = nn.binary_crossentropy(gf.constant([1.0]), gf.constant([0.0]))
    np.testing.assert_allclose(bce.numpy(), [-math.log(1e-7)], rtol=1e-3)


def test_losses_from_logits_are_stable_for_huge_logits():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        cce = nn.categorical_crossentropy(
            gf.constant([[1.0, 0.0]]), gf.constant([[-1000.0, 1000.0]]), from_logits=True
        )
        bce = nn.binary_crossentropy(
            gf.constant([1.0, 0.0]), gf.constant([-1000.0, -1000.0]), from_logits=True
        )
    np.testing.assert_allclose(cce.numpy(), [2000.0])
    np.testing.assert_allclose(bce.numpy(), [1000.0, 0.0])


def test_softmax_cross_entropy_gradient_is_softmax_minus_target():
    logits = gf.constant([[1.0, 2.0, 3.0]])
    with gf.GradientTape() as tape:
        tape.watch(logits)
        loss = nn.sparse_categorical_crossentropy([2], logits, from_logits=True)
    g = tape.gradient(loss, logits).numpy()
    np.testing.assert_allclose(g, nn.softmax(logits).numpy() - [[0.0, 0.0, 1.0]], rtol=1e-6)


def test_loss_shape_errors_name_the_op():
    with pytest.raises(gf.ShapeError, match="categorical_crossentropy: target and output"):
        nn.categorical_crossentropy(gf.constant([[1.0, 0.0]]), gf.constant([[0.5, 0.3, 0.2]]))
    with pytest.raises(gf.ShapeError, match="sparse_categorical_crossentropy: target must"):
        nn.sparse_categorical_crossentropy([0, 1, 2], gf.constant([[0.5, 0.5]]))


def test_moments_of_half_precision_are_computed_in_float32():
    x = gf.constant(np.full((1000,), 300.0, dtype=np.float16))
    mean, var = nn.moments(x, axes=0)
    assert mean.dtype == np.float16 and float(mean) == 300.0 and float(var) == 0.0


def test_batch_normalization_checks_the_channel_count():
    with pytest.raises(gf.ShapeError, match="batch_normalization: mean must be 1-d"):
        nn.batch_normalization(gf.numpy.ones((2, 3)), [0.0, 0.0], [1.0, 1.0], axis=-1)


def test_layer_norm_gives_zero_mean_unit_variance():
    x = np.random.default_rng(0).standard_normal((4, 16)) * 5 + 2
    y = nn.layer_norm(gf.constant(x), epsilon=0.0).numpy()
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=-1), 1.0, rtol=1e-12)
