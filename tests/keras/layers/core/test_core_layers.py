import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import masking
from gradflow.keras.layers import core
from gradflow.keras.saving import serialization_lib
from gradflow.testing.layer_test import run_layer_test


@pytest.mark.parametrize(
    "cls, kwargs, shape, expected",
    [
        (core.Activation, {"activation": "relu"}, (2, 3), (2, 3)),
        (core.Identity, {}, (2, 3, 4), (2, 3, 4)),
        (core.Dropout, {"rate": 0.5}, (2, 3), (2, 3)),
    ],
)
def test_weightless_core_layers_harness(cls, kwargs, shape, expected):
    run_layer_test(
        cls,
        kwargs,
        input_shape=shape,
        expected_output_shape=expected,
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


def test_dropout_holds_one_seed_generator_only_when_active():
    run_layer_test(
        core.Dropout, {"rate": 0.5, "seed": 1}, input_shape=(2, 3), expected_num_seed_generators=1
    )
    assert len(core.Dropout(0.0)._seed_generators) == 0


def test_dropout_drops_and_rescales_only_in_training():
    layer = core.Dropout(0.25, seed=3)
    x = np.ones((200, 50), "float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), x)
    y = np.asarray(layer(x, training=True))
    np.testing.assert_allclose(np.unique(y), [0.0, 1.0 / 0.75], rtol=1e-6)
    assert abs((y == 0).mean() - 0.25) < 0.03


def test_dropout_draws_fresh_masks_inside_a_traced_function():
    layer = core.Dropout(0.5, seed=0)
    step = gf.function(lambda t: layer(t, training=True))
    x = gf.constant(np.ones((4, 16), "float32"))
    assert not np.array_equal(np.asarray(step(x)), np.asarray(step(x)))


def test_dropout_noise_shape_shares_the_mask():
    y = np.asarray(
        core.Dropout(0.5, noise_shape=(None, 1, 6), seed=2)(
            np.ones((3, 5, 6), "float32"), training=True
        )
    )
    assert (y == y[:, :1, :]).all()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"rate": 1.5}, "rate=1.5"),
        ({"rate": 0.5, "noise_shape": "abc"}, "noise_shape=abc"),
        ({"rate": 0.5, "noise_shape": (2, 0)}, "index 1: 0"),
    ],
)
def test_dropout_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        core.Dropout(**kwargs)


def test_embedding_harness_and_mask():
    run_layer_test(
        core.Embedding,
        {"input_dim": 5, "output_dim": 3, "mask_zero": True},
        input_shape=(2, 4),
        input_dtype="int32",
        expected_output_shape=(2, 4, 3),
        expected_num_trainable_weights=1,
        supports_masking=True,
        expected_mask_shape=(2, 4),
    )


def test_embedding_looks_up_rows_and_masks_zero():
    layer = core.Embedding(
        4, 2, mask_zero=True, weights=np.arange(8, dtype="float32").reshape(4, 2)
    )
    out = layer(np.array([[3, 0, 1]]))
    assert np.asarray(out).tolist() == [[[6.0, 7.0], [0.0, 1.0], [2.0, 3.0]]]
    assert np.asarray(masking.get_keras_mask(out)).tolist() == [[True, False, True]]


def test_embedding_rejects_bad_dims():
    with pytest.raises(ValueError, match="input_dim=0"):
        core.Embedding(0, 2)
    with pytest.raises(ValueError, match="output_dim=2.5"):
        core.Embedding(3, 2.5)


def test_masking_harness():
    run_layer_test(
        core.Masking,
        {"mask_value": 0.0},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_mask_shape=(2, 3),
        supports_masking=True,
    )


def test_masking_zeroes_masked_steps_and_mask_flows_symbolically():
    from gradflow import keras

    x = np.ones((1, 3, 2), "float32")
    x[0, 1] = 5.0
    out = core.Masking(5.0)(x)
    assert np.asarray(out)[0, 1].tolist() == [0.0, 0.0]
    symbolic = core.Masking(5.0)(keras.Input((3, 2)))
    assert symbolic._keras_mask is not None and symbolic._keras_mask.shape == (None, 3)


def test_einsum_dense_harness():
    run_layer_test(
        core.EinsumDense,
        {"equation": "abc,cde->abde", "output_shape": (None, 2, 3), "bias_axes": "de"},
        input_shape=(2, 4, 5),
        expected_output_shape=(2, 4, 2, 3),
        expected_num_trainable_weights=2,
    )


@pytest.mark.parametrize(
    "equation, bias_axes, input_shape, output_shape, kernel, bias, out",
    [
        ("ab,bc->ac", "c", (None, 3), 4, [3, 4], [4], (None, 4)),
        ("...b,bc->...c", None, (None, 2, 3), 4, [3, 4], None, (None, 2, 4)),
        ("abc,cde->abde", "e", (None, 5, 3), (5, 2, 4), [3, 2, 4], [4], (None, 5, 2, 4)),
        ("ab...,bc->ac...", "c", (None, 3, 7), 4, [3, 4], [4, 1], (None, 4, 7)),
    ],
)
def test_einsum_dense_weight_shapes_follow_keras(
    equation, bias_axes, input_shape, output_shape, kernel, bias, out
):
    layer = core.EinsumDense(equation, output_shape, bias_axes=bias_axes)
    layer.build(input_shape)
    assert list(layer.kernel.shape) == kernel
    assert (None if layer.bias is None else list(layer.bias.shape)) == bias
    assert layer.compute_output_shape(input_shape) == out


def test_einsum_dense_rejects_bad_equations():
    with pytest.raises(ValueError, match="Invalid einsum equation"):
        core.EinsumDense("ab->b", 3).build((None, 2))
    with pytest.raises(ValueError, match="Bias dimension 'z'"):
        core.EinsumDense("ab,bc->ac", 3, bias_axes="z").build((None, 2))


def _double(x):
    return x * 2.0


def test_lambda_harness_with_a_lambda_in_unsafe_mode():
    with serialization_lib.SafeModeScope(False):
        run_layer_test(
            core.Lambda,
            {"function": lambda x: x * 2.0},
            input_shape=(2, 3),
            expected_output_shape=(2, 3),
        )


def test_lambda_bytecode_is_refused_in_safe_mode():
    layer = core.Lambda(lambda x, scale=3.0: x * scale)
    config = serialization_lib.serialize_keras_object(layer)
    assert config["config"]["function"]["class_name"] == "__lambda__"
    with pytest.raises(ValueError, match="safe_mode=False"):
        serialization_lib.deserialize_keras_object(config)
    revived = serialization_lib.deserialize_keras_object(config, safe_mode=False)
    assert np.asarray(revived(np.ones((1, 2), "float32"))).tolist() == [[3.0, 3.0]]


def test_lambda_arguments_output_shape_and_mask():
    layer = core.Lambda(
        _double,
        output_shape=(3,),
        arguments={},
        mask=lambda inputs, mask: gf.numpy.ones((1,), dtype=gf.bool),
    )
    out = layer(np.ones((1, 3), "float32"))
    assert layer.compute_output_shape((None, 3)) == (None, 3)
    assert np.asarray(masking.get_keras_mask(out)).tolist() == [True]
    scaled = core.Lambda(lambda x, k: x * k, arguments={"k": 4.0})
    assert np.asarray(scaled(np.ones((1, 1), "float32"))).tolist() == [[4.0]]


def test_lambda_infers_output_shape_by_tracing():
    layer = core.Lambda(lambda x: gf.numpy.concat([x, x], axis=-1))
    assert layer.compute_output_shape((None, 3)) == (None, 6)
