"""Behaviour of the normalization layers: the layer harness, training-mode statistics
inside a compiled fit step, masks, and Keras's argument errors."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import keras
from gradflow.keras import masking
from gradflow.keras.layers.normalization import (
    BatchNormalization,
    GroupNormalization,
    LayerNormalization,
    RMSNormalization,
    UnitNormalization,
)
from gradflow.testing.layer_test import run_layer_test


@pytest.mark.parametrize(
    "init, shape, non_trainable",
    [
        ({}, (4, 3), 2),
        ({"axis": 1, "scale": False}, (2, 3, 4, 5), 2),
        ({"renorm": True}, (4, 3), 5),
    ],
)
def test_batch_normalization_harness(init, shape, non_trainable):
    trainable = 2 - (init.get("scale") is False)
    run_layer_test(
        BatchNormalization,
        init,
        input_shape=shape,
        expected_output_shape=shape,
        expected_num_trainable_weights=trainable,
        expected_num_non_trainable_weights=non_trainable,
        supports_masking=True,
    )


def test_fit_updates_moving_statistics_in_the_compiled_step():
    x = np.random.default_rng(0).standard_normal((8, 3)).astype("float32") * 2 + 1
    inputs = keras.Input((3,))
    layer = BatchNormalization(momentum=0.9)
    model = keras.Model(inputs, layer(inputs))
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, np.zeros_like(x), batch_size=8, epochs=1, verbose=0)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.1 * x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.9 + 0.1 * x.var(0), rtol=1e-5)


def test_inference_uses_moving_statistics_and_leaves_them_alone():
    layer = BatchNormalization(epsilon=0.0)
    x = np.array([[1.0, 2.0], [3.0, 6.0]], "float32")
    layer(x)
    layer.set_weights([np.ones(2), np.zeros(2), np.array([1.0, 2.0]), np.array([4.0, 16.0])])
    np.testing.assert_allclose(layer(x, training=False).numpy(), [[0, 0], [1, 1]])
    assert layer.moving_mean.numpy().tolist() == [1.0, 2.0]


def test_frozen_batch_normalization_runs_in_inference_mode():
    layer = BatchNormalization()
    layer.trainable = False
    layer(np.ones((2, 3), "float32"), training=True)
    assert layer.moving_mean.numpy().tolist() == [0.0, 0.0, 0.0]


def test_batch_normalization_takes_the_mask_of_its_input():
    x = gf.constant(np.random.default_rng(1).standard_normal((2, 4, 3)).astype("float32"))
    mask = gf.constant(np.array([[True, True, False, False], [True, True, True, False]]))
    explicit = BatchNormalization()(x, training=True, mask=mask)
    masking.set_keras_mask(x, mask)
    layer = BatchNormalization()
    implicit = layer(x, training=True)
    np.testing.assert_allclose(implicit.numpy(), explicit.numpy(), rtol=1e-6)
    assert masking.get_keras_mask(implicit) is mask


def test_batch_normalization_rejects_a_mask_of_the_wrong_rank():
    with pytest.raises(ValueError, match="one dimension less than the inputs"):
        BatchNormalization()(np.ones((2, 3), "float32"), mask=gf.numpy.ones((2, 3), dtype=gf.bool))


def test_batch_normalization_rejects_bad_renorm_clipping():
    with pytest.raises(ValueError, match="invalid keys for `renorm_clipping`"):
        BatchNormalization(renorm=True, renorm_clipping={"r": 1})
    with pytest.raises(ValueError, match="rmax=0.5, rmin=1"):
        BatchNormalization(renorm=True, renorm_clipping={"rmax": 0.5, "rmin": 1})


@pytest.mark.parametrize(
    "init, shape, trainable",
    [
        ({}, (2, 3, 4), 2),
        ({"axis": [1, 2], "center": False}, (2, 3, 4), 1),
        ({"axis": -2, "scale": False}, (3, 4, 2), 1),
    ],
)
def test_layer_normalization_harness(init, shape, trainable):
    run_layer_test(
        LayerNormalization,
        init,
        input_shape=shape,
        expected_output_shape=shape,
        expected_num_trainable_weights=trainable,
        supports_masking=True,
    )


def test_layer_normalization_rejects_a_bad_axis():
    with pytest.raises(TypeError, match="axis='last'"):
        LayerNormalization(axis="last")
    with pytest.raises(ValueError, match="Axis 3 is out of bounds"):
        LayerNormalization(axis=3)(np.ones((2, 3), "float32"))


def test_layer_normalization_rms_scaling_warns_and_has_no_beta():
    with pytest.warns(UserWarning, match="rms_scaling=True"):
        layer = LayerNormalization(rms_scaling=True)
    layer(np.ones((2, 3), "float32"))
    assert [w.name for w in layer.weights] == ["gamma"]


@pytest.mark.parametrize(
    "init, shape",
    [
        ({"groups": 2}, (2, 5, 4)),
        ({"groups": -1, "axis": 1}, (2, 3, 4)),
    ],
)
def test_group_normalization_harness(init, shape):
    run_layer_test(
        GroupNormalization,
        init,
        input_shape=shape,
        expected_output_shape=shape,
        expected_num_trainable_weights=2,
        supports_masking=True,
    )


def test_group_normalization_argument_errors():
    with pytest.raises(ValueError, match="groups=0"):
        GroupNormalization(groups=0)
    with pytest.raises(ValueError, match=r"Number of groups \(3\) must be a multiple"):
        GroupNormalization(groups=3)(np.ones((1, 4), "float32"))
    with pytest.raises(ValueError, match=r"cannot be more than the number of channels \(4\)"):
        GroupNormalization(groups=8)(np.ones((1, 4), "float32"))


def test_group_normalization_with_one_group_is_layer_normalization_over_all_axes():
    x = np.random.default_rng(2).standard_normal((2, 3, 4)).astype("float32")
    grouped = GroupNormalization(groups=1)(x)
    layered = LayerNormalization(axis=[1, 2])(x)
    np.testing.assert_allclose(grouped.numpy(), layered.numpy(), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("init, shape", [({}, (3, 4)), ({"axis": (1, 2)}, (2, 3, 4))])
def test_unit_normalization_harness(init, shape):
    layer = run_layer_test(
        UnitNormalization,
        init,
        input_shape=shape,
        expected_output_shape=shape,
        expected_num_trainable_weights=0,
        supports_masking=True,
    )
    expected_axis = [1, 2] if "axis" in init else -1  # a tuple axis is stored as a list
    assert layer.get_config()["axis"] == expected_axis


def test_unit_normalization_keeps_zero_vectors_zero():
    out = UnitNormalization()(np.array([[0.0, 0.0], [3.0, 4.0]], "float32"))
    np.testing.assert_allclose(out.numpy(), [[0.0, 0.0], [0.6, 0.8]], rtol=1e-6)


def test_unit_normalization_rejects_a_bad_axis():
    with pytest.raises(TypeError, match="axis=1.5"):
        UnitNormalization(axis=1.5)


@pytest.mark.parametrize("init, shape", [({}, (2, 3, 4)), ({"axis": [1, 2]}, (2, 3, 4))])
def test_rms_normalization_harness(init, shape):
    run_layer_test(
        RMSNormalization,
        init,
        input_shape=shape,
        expected_output_shape=shape,
        expected_num_trainable_weights=1,
    )


@pytest.mark.parametrize(
    "layer_cls, init",
    [
        (LayerNormalization, {}),
        (GroupNormalization, {"groups": 3}),
        (UnitNormalization, {}),
        (RMSNormalization, {}),
    ],
)
def test_normalization_in_a_traced_function_matches_eager(layer_cls, init):
    x = gf.constant(np.random.default_rng(3).standard_normal((4, 6)).astype("float32"))
    layer = layer_cls(**init)
    eager = layer(x)
    traced = gf.function(lambda t: layer(t))(x)
    np.testing.assert_allclose(traced.numpy(), eager.numpy(), rtol=1e-6)


def test_batch_normalization_training_call_in_a_traced_function_updates_statistics():
    x = gf.constant(np.random.default_rng(4).standard_normal((5, 2)).astype("float32"))
    eager_layer, traced_layer = BatchNormalization(), BatchNormalization()
    eager = eager_layer(x, training=True)
    step = gf.function(lambda t: traced_layer(t, training=True))
    traced = step(x)
    np.testing.assert_allclose(traced.numpy(), eager.numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        traced_layer.moving_mean.numpy(), eager_layer.moving_mean.numpy(), rtol=1e-6
    )
    step(x)  # a second run of the traced step moves the statistics again
    expected = 0.99 * eager_layer.moving_mean.numpy() + 0.01 * x.numpy().mean(0)
    np.testing.assert_allclose(traced_layer.moving_mean.numpy(), expected, rtol=1e-5)
