"""Every convolution layer passes the layer harness (config round trip, eager vs
symbolic shapes, traced vs eager values, one fit step), plus Keras's argument checks."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import keras
from gradflow.keras.layers import convolutional as conv
from gradflow.keras.saving.object_registration import custom_object_scope
from gradflow.testing.layer_test import run_layer_test

# The harness deserializes by class name from keras.layers; the scope makes the family's
# classes findable whether or not gradflow.keras.layers re-exports them yet.
FAMILY = {name: getattr(conv, name) for name in conv.__all__}

HARNESS = [
    (conv.Conv1D, {"filters": 4, "kernel_size": 3, "activation": "relu"}, (2, 7, 3), (2, 5, 4), 2),
    (conv.Conv1D, {"filters": 2, "kernel_size": 3, "padding": "causal", "dilation_rate": 2},
     (2, 7, 3), (2, 7, 2), 2),
    (conv.Conv2D, {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
     (2, 7, 6, 3), (2, 4, 3, 4), 2),
    (conv.Conv2D, {"filters": 4, "kernel_size": 2, "groups": 2, "use_bias": False,
                   "data_format": "channels_first"}, (2, 4, 5, 5), (2, 4, 4, 4), 1),
    (conv.Conv3D, {"filters": 2, "kernel_size": 2}, (2, 3, 4, 3, 2), (2, 2, 3, 2, 2), 2),
    (conv.Conv1DTranspose, {"filters": 3, "kernel_size": 3, "strides": 2}, (2, 4, 2),
     (2, 9, 3), 2),
    (conv.Conv2DTranspose, {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same",
                            "output_padding": 1}, (2, 3, 4, 2), (2, 6, 8, 3), 2),
    (conv.Conv3DTranspose, {"filters": 2, "kernel_size": 2, "strides": 2,
                            "data_format": "channels_first"}, (1, 2, 2, 3, 2),
     (1, 2, 4, 6, 4), 2),
    (conv.DepthwiseConv1D, {"kernel_size": 3, "depth_multiplier": 2}, (2, 6, 3), (2, 4, 6), 2),
    (conv.DepthwiseConv2D, {"kernel_size": 3, "padding": "same"}, (2, 5, 5, 3), (2, 5, 5, 3), 2),
    (conv.SeparableConv1D, {"filters": 4, "kernel_size": 3}, (2, 6, 3), (2, 4, 4), 3),
    (conv.SeparableConv2D, {"filters": 4, "kernel_size": 3, "depth_multiplier": 2,
                            "strides": 2, "padding": "same"}, (2, 6, 5, 3), (2, 3, 3, 4), 3),
]  # fmt: skip


@pytest.mark.parametrize(
    "cls, kwargs, input_shape, output_shape, num_weights",
    HARNESS,
    ids=[f"{c.__name__}-{i}" for i, (c, *_rest) in enumerate(HARNESS)],
)
def test_layer_harness(cls, kwargs, input_shape, output_shape, num_weights):
    with custom_object_scope(FAMILY):
        run_layer_test(
            cls,
            kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_num_trainable_weights=num_weights,
            expected_num_non_trainable_weights=0,
        )


@pytest.mark.parametrize("cls, kwargs, input_shape, output_shape, num_weights", HARNESS)
def test_compute_output_shape_agrees_with_call(cls, kwargs, input_shape, output_shape, num_weights):
    layer = cls(**kwargs)
    assert tuple(layer.compute_output_shape((None,) + input_shape[1:])) == (
        (None,) + output_shape[1:]
    )


def test_aliases_are_the_same_classes():
    assert conv.Convolution2D is conv.Conv2D
    assert conv.Convolution3DTranspose is conv.Conv3DTranspose
    assert conv.SeparableConvolution1D is conv.SeparableConv1D


def test_causal_output_never_sees_the_future():
    layer = conv.Conv1D(1, 3, padding="causal", kernel_initializer="ones", use_bias=False)
    x = np.zeros((1, 6, 1), "float32")
    x[0, 4, 0] = 1.0
    y = np.asarray(layer(x))[0, :, 0]
    np.testing.assert_array_equal(y, [0, 0, 0, 0, 1, 1])


def test_kernel_layouts_are_keras():
    layer = conv.Conv2D(6, (3, 2), groups=3)
    layer.build((None, 8, 8, 9))
    assert layer.kernel.shape == (3, 2, 3, 6)
    transpose = conv.Conv2DTranspose(5, 3)
    transpose.build((None, 4, 4, 2))
    assert transpose.kernel.shape == (3, 3, 5, 2)
    depthwise = conv.DepthwiseConv2D(3, depth_multiplier=2, data_format="channels_first")
    depthwise.build((None, 4, 8, 8))
    assert [w.shape for w in depthwise.weights] == [(3, 3, 4, 2), (8,)]
    separable = conv.SeparableConv1D(7, 3, depth_multiplier=2)
    separable.build((None, 10, 4))
    assert [w.shape for w in separable.weights] == [(3, 4, 2), (1, 8, 7), (7,)]


def test_sequential_convnet_symbolic_shapes():
    model = keras.Sequential(
        [
            keras.Input((12, 12, 1)),
            conv.Conv2D(4, 3, activation="relu"),
            conv.SeparableConv2D(6, 3, padding="same"),
            conv.Conv2DTranspose(2, 2, strides=2),
        ]
    )
    assert model.output_shape == (None, 20, 20, 2)
    assert model.predict(np.ones((3, 12, 12, 1), "float32"), verbose=0).shape == (3, 20, 20, 2)


def test_regularizers_add_losses():
    layer = conv.Conv1D(
        2, 3, kernel_regularizer="l2", bias_regularizer="l1", activity_regularizer="l2"
    )
    layer(np.ones((1, 5, 2), "float32"))
    assert len(layer.losses) == 3


def test_kernel_constraint_is_kept():
    layer = conv.DepthwiseConv1D(3, depthwise_constraint="non_neg")
    layer.build((None, 5, 2))
    assert layer.kernel.constraint is not None


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: conv.Conv2D(0, 3), "filters=0"),
        (lambda: conv.Conv2D(4, 0), "kernel_size"),
        (lambda: conv.Conv2D(4, (3, 3, 3)), "kernel_size"),
        (lambda: conv.Conv2D(5, 3, groups=2), "groups=2, filters=5"),
        (lambda: conv.Conv2D(4, 3, padding="full"), "padding=full"),
        (lambda: conv.Conv2D(4, 3, padding="causal"), "padding=causal"),
        (lambda: conv.Conv2D(4, 3, strides=2, dilation_rate=2), "dilation_rate"),
        (lambda: conv.Conv2D(4, 3, data_format="NHWC"), "data_format"),
        (lambda: conv.Conv2DTranspose(4, 3, strides=2, output_padding=2), "output_padding"),
        (lambda: conv.DepthwiseConv2D(3, depth_multiplier=0), "depth_multiplier=0"),
        (lambda: conv.SeparableConv2D(0, 3), "filters=0"),
        (lambda: conv.Conv2D(4, 3, lora_rank=2), "lora_rank=2"),
    ],
)
def test_bad_arguments_raise_keras_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_input_channels_not_divisible_by_groups():
    with pytest.raises(ValueError, match="groups=2, but the input has 3 channels"):
        conv.Conv2D(4, 3, groups=2)(np.ones((1, 5, 5, 3), "float32"))


def test_input_smaller_than_kernel():
    with pytest.raises(ValueError, match="zero or negative"):
        conv.Conv2D(4, 5)(np.ones((1, 3, 3, 1), "float32"))


def test_channel_mismatch_after_build_names_the_layer():
    layer = conv.Conv1D(2, 2, name="c1")
    layer(np.ones((1, 4, 3), "float32"))
    with pytest.raises(ValueError, match="c1"):
        layer(np.ones((1, 4, 5), "float32"))


def test_traced_training_step_updates_kernel():
    layer = conv.Conv2D(2, 3, padding="same")
    x = gf.constant(np.random.default_rng(0).standard_normal((2, 5, 5, 1)).astype("float32"))
    layer(x)
    before = layer.kernel.numpy().copy()

    @gf.function
    def step(x):
        with gf.GradientTape() as tape:
            loss = gf.numpy.mean(layer(x) ** 2)
        grads = tape.gradient(loss, layer.trainable_variables)
        for v, g in zip(layer.trainable_variables, grads):
            v.assign_sub(0.1 * g)
        return loss

    step(x)
    assert not np.allclose(layer.kernel.numpy(), before)
