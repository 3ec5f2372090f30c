"""Behaviour of the attention layers: the layer harness, multi-input symbolic builds,
masks from the inputs, dropout only in training, and Keras's argument errors."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import keras
from gradflow.keras import masking
from gradflow.keras.layers.attention import (
    AdditiveAttention,
    Attention,
    GroupedQueryAttention,
    GroupQueryAttention,
    MultiHeadAttention,
)
from gradflow.keras.saving import object_registration
from gradflow.testing.layer_test import run_layer_test


def _random(*shape, seed=0):
    return gf.constant(np.random.default_rng(seed).standard_normal(shape).astype("float32"))


@object_registration.register_keras_serializable(package="norm_attn_tests")
class SelfAttention(MultiHeadAttention):
    """MHA on one input (query = value), so the single-input harness can drive it."""

    def build(self, input_shape):
        super().build(input_shape, input_shape)

    def call(self, inputs, training=None):
        return super().call(inputs, inputs, training=training)


@object_registration.register_keras_serializable(package="norm_attn_tests")
class SelfGroupedAttention(GroupedQueryAttention):
    """GQA on one input, for the harness."""

    def build(self, input_shape):
        super().build(input_shape, input_shape)

    def call(self, inputs, training=None):
        return super().call(inputs, inputs, use_causal_mask=True, training=training)


@pytest.mark.parametrize(
    "init, shape, out",
    [
        ({"num_heads": 2, "key_dim": 3}, (2, 4, 5), (2, 4, 5)),
        (
            {"num_heads": 2, "key_dim": 2, "output_shape": (2, 3), "use_gate": True},
            (2, 3, 4),
            (2, 3, 2, 3),
        ),
        ({"num_heads": 2, "key_dim": 2, "attention_axes": (1, 2)}, (2, 3, 2, 4), (2, 3, 2, 4)),
    ],
)
def test_multi_head_attention_harness(init, shape, out):
    weights = 10 if init.get("use_gate") else 8
    run_layer_test(
        SelfAttention,
        init,
        input_shape=shape,
        expected_output_shape=out,
        expected_num_trainable_weights=weights,
        supports_masking=True,
    )


def test_multi_head_attention_dropout_harness_has_a_seed_generator():
    run_layer_test(
        SelfAttention,
        {"num_heads": 2, "key_dim": 2, "dropout": 0.5, "seed": 1},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_seed_generators=1,
    )


def test_grouped_query_attention_harness():
    run_layer_test(
        SelfGroupedAttention,
        {"head_dim": 2, "num_query_heads": 4, "num_key_value_heads": 2},
        input_shape=(2, 3, 5),
        expected_output_shape=(2, 3, 5),
        expected_num_trainable_weights=8,
    )
    assert GroupQueryAttention is GroupedQueryAttention


@pytest.mark.parametrize(
    "layer_cls, init, weights",
    [
        (Attention, {}, 0),
        (Attention, {"use_scale": True, "score_mode": "concat"}, 2),
        (AdditiveAttention, {}, 1),
    ],
)
def test_attention_harness(layer_cls, init, weights):
    run_layer_test(
        layer_cls,
        init,
        input_shape=[(2, 3, 4), (2, 5, 4)],
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=weights,
    )


def test_multi_head_attention_builds_from_three_symbolic_inputs_and_trains():
    q, v, k = keras.Input((4, 5)), keras.Input((3, 6)), keras.Input((3, 7))
    layer = MultiHeadAttention(num_heads=2, key_dim=3, output_shape=8)
    out, scores = layer(q, v, k, return_attention_scores=True)
    assert (out.shape, scores.shape) == ((None, 4, 8), (None, 2, 4, 3))
    assert layer.get_build_config() == {
        "query_shape": [None, 4, 5],
        "value_shape": [None, 3, 6],
        "key_shape": [None, 3, 7],
    }
    assert [tuple(w.shape) for w in layer.weights] == [
        (5, 2, 3),
        (2, 3),
        (7, 2, 3),
        (2, 3),
        (6, 2, 3),
        (2, 3),
        (2, 3, 8),
        (8,),
    ]
    model = keras.Model([q, v, k], out)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    xs = [rng.standard_normal((4,) + s).astype("float32") for s in [(4, 5), (3, 6), (3, 7)]]
    before = model.get_weights()
    model.fit(xs, np.zeros((4, 4, 8), "float32"), batch_size=2, epochs=1, verbose=0)
    assert all(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    revived = MultiHeadAttention.from_config(layer.get_config())
    revived.build_from_config(layer.get_build_config())
    assert len(revived.weights) == 8


def test_query_mask_on_the_tensor_masks_rows_and_rides_to_the_output():
    query, value = _random(2, 3, 4), _random(2, 5, 4, seed=1)
    query_mask = gf.constant(np.array([[True, True, False], [True, False, False]]))
    layer = MultiHeadAttention(num_heads=2, key_dim=2)
    expected = layer(
        query,
        value,
        attention_mask=gf.numpy.expand_dims(query_mask, axis=-1)
        & gf.numpy.ones((2, 3, 5), dtype=gf.bool),
    )
    masking.set_keras_mask(query, query_mask)
    out = layer(query, value)
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)
    assert masking.get_keras_mask(out) is query_mask


def test_value_mask_comes_from_the_value_tensor():
    query, value = _random(1, 2, 4), _random(1, 3, 4, seed=1)
    value_mask = gf.constant(np.array([[True, False, True]]))
    layer = MultiHeadAttention(num_heads=1, key_dim=2)
    explicit = layer(query, value, value_mask=value_mask, return_attention_scores=True)
    masking.set_keras_mask(value, value_mask)
    implicit = layer(query, value, return_attention_scores=True)
    np.testing.assert_allclose(implicit[0].numpy(), explicit[0].numpy(), rtol=1e-6)
    assert np.all(implicit[1].numpy()[..., 1] == 0.0)


def test_causal_mask_hides_the_future():
    x = _random(1, 4, 3)
    _, scores = MultiHeadAttention(num_heads=2, key_dim=2)(
        x, x, use_causal_mask=True, return_attention_scores=True
    )
    assert np.all(np.triu(scores.numpy()[0, 0], k=1) == 0.0)
    np.testing.assert_allclose(scores.numpy().sum(-1), 1.0, rtol=1e-6)


def test_dropout_acts_only_in_training():
    x = _random(2, 3, 4)
    layer = MultiHeadAttention(num_heads=2, key_dim=2, dropout=0.5, seed=7)
    first, second = layer(x, x, training=True), layer(x, x, training=True)
    assert not np.allclose(first.numpy(), second.numpy())
    np.testing.assert_array_equal(layer(x, x).numpy(), layer(x, x, training=False).numpy())


def test_multi_head_attention_traced_matches_eager_with_masks():
    q, v = _random(2, 3, 4), _random(2, 5, 4, seed=1)
    mask = gf.constant(np.random.default_rng(2).random((2, 3, 5)) > 0.3)
    layer = MultiHeadAttention(num_heads=2, key_dim=3)
    eager = layer(q, v, attention_mask=mask, use_causal_mask=True)
    traced = gf.function(lambda a, b, m: layer(a, b, attention_mask=m, use_causal_mask=True))(
        q, v, mask
    )
    np.testing.assert_allclose(traced.numpy(), eager.numpy(), rtol=1e-5, atol=1e-6)


def test_multi_head_attention_argument_errors():
    with pytest.raises(ValueError, match="num_heads=0"):
        MultiHeadAttention(num_heads=0, key_dim=2)
    with pytest.raises(ValueError, match="key_dim=-1"):
        MultiHeadAttention(num_heads=1, key_dim=-1)
    with pytest.raises(ValueError, match="attention_axes=axis"):
        MultiHeadAttention(num_heads=1, key_dim=2, attention_axes="axis")
    with pytest.raises(ValueError, match="sliding_window=0"):
        MultiHeadAttention(num_heads=1, key_dim=2, sliding_window=0)
    with pytest.raises(ValueError, match="Dropout is not supported when flash attention"):
        MultiHeadAttention(num_heads=1, key_dim=2, dropout=0.1, flash_attention=True)
    with pytest.raises(ValueError, match="except the last one, must be equal"):
        MultiHeadAttention(num_heads=1, key_dim=2).build((None, 3, 4), (None, 5, 4), (None, 6, 4))


def test_multi_head_attention_compute_output_shape():
    layer = MultiHeadAttention(num_heads=2, key_dim=2, output_shape=(3, 2))
    assert layer.compute_output_shape((None, 4, 5), (None, 3, 6)) == (None, 4, 3, 2)


def test_grouped_query_attention_needs_divisible_heads():
    with pytest.raises(ValueError, match="num_query_heads=3, num_key_value_heads=2"):
        GroupedQueryAttention(head_dim=2, num_query_heads=3, num_key_value_heads=2)


def test_attention_takes_masks_from_its_inputs_and_passes_the_query_mask_on():
    q, v = _random(1, 2, 3), _random(1, 4, 3, seed=1)
    q_mask = gf.constant(np.array([[True, False]]))
    v_mask = gf.constant(np.array([[True, True, False, True]]))
    explicit, weights = Attention()([q, v], mask=[q_mask, v_mask], return_attention_scores=True)
    masking.set_keras_mask(q, q_mask)
    masking.set_keras_mask(v, v_mask)
    implicit = Attention()([q, v])
    np.testing.assert_allclose(implicit.numpy(), explicit.numpy(), rtol=1e-6)
    assert np.all(implicit.numpy()[0, 1] == 0.0)  # a padded query gives zeros
    assert np.all(weights.numpy()[..., 2] == 0.0)  # a padded value gets no weight
    assert masking.get_keras_mask(implicit) is q_mask


def test_attention_dropout_only_in_training():
    q = _random(2, 3, 4)
    layer = Attention(dropout=0.5, seed=3)
    assert not np.allclose(
        layer([q, q], training=True).numpy(), layer([q, q], training=True).numpy()
    )
    np.testing.assert_array_equal(layer([q, q]).numpy(), layer([q, q]).numpy())


def test_attention_argument_errors():
    with pytest.raises(ValueError, match="score_mode=add"):
        Attention(score_mode="add")
    with pytest.raises(ValueError, match="must be called on a list of inputs"):
        Attention()(_random(1, 2, 3))
    with pytest.raises(ValueError, match="inputs list of length 2 or 3"):
        Attention()([_random(1, 2, 3)])
    assert "score_mode" not in AdditiveAttention().get_config()
