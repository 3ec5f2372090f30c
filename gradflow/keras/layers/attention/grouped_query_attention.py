"""GroupedQueryAttention: multi-head attention where groups of query heads share one
key/value head (Ainslie et al., 2023), as Keras lays it out."""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras import constraints, initializers, regularizers
from gradflow.keras.layers.attention import _attention_math as attention_math
from gradflow.keras.layers.attention._arguments import (
    check_flash_attention,
    check_sliding_window,
    clone_initializer,
)
from gradflow.keras.layers.attention._projection import HeadProjection
from gradflow.keras.layers.layer import Layer


class GroupedQueryAttention(Layer):
    """Grouped-query attention (exported by Keras as `GroupQueryAttention`).

    The query is projected to `num_query_heads` heads and the key and value to
    `num_key_value_heads` heads (kernels `(dim, heads, head_dim)`); each key/value
    head serves `num_query_heads // num_key_value_heads` query heads. The output
    projection (kernel `(num_query_heads, head_dim, dim)`) returns the query's shape.

    Args:
        head_dim: the size of each head.
        num_query_heads: the number of query heads.
        num_key_value_heads: the number of key/value heads (divides num_query_heads).
        dropout: the dropout rate on the attention probabilities.
        use_bias: whether the projections have biases.
        sliding_window: when an int, a position attends only to positions closer
            than it.
        flash_attention: accepted for Keras compatibility (numbers are the same).
        kernel_initializer, bias_initializer: the projections' initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties.
        kernel_constraint, bias_constraint: projections after each update.
        use_gate: multiply the heads by a sigmoid gate projected from the query.
        seed: the dropout seed.

    Call arguments:
        query `(B, T, dim)`, value `(B, S, dim)`, key (value by default), the
        padding masks `query_mask`, `value_mask`, `key_mask` (taken from the inputs'
        Keras masks when not given), `attention_mask (B, T, S)`,
        `return_attention_scores`, `training`, `use_causal_mask`.

    Output shape:
        `(B, T, dim)`, and the `(B, num_query_heads, T, S)` scores when asked for.

    Example:
    >>> import numpy as np
    >>> layer = GroupedQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2)
    >>> x = np.ones((1, 3, 5), "float32")
    >>> layer(x, x).shape
    (1, 3, 5)
    """

    def __init__(
        self,
        head_dim,
        num_query_heads,
        num_key_value_heads,
        dropout=0.0,
        use_bias=True,
        sliding_window=None,
        flash_attention=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        use_gate=False,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError(
                "`num_query_heads` must be divisible by `num_key_value_heads`. Received: "
                f"num_query_heads={num_query_heads}, "
                f"num_key_value_heads={num_key_value_heads}"
            )
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.sliding_window = check_sliding_window(sliding_window)
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        # Keras regularizes both the projections' outputs and this layer's output
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(self.head_dim))
        check_flash_attention(self._flash_attention, dropout=self.dropout)
        if self.dropout > 0.0:
            self.seed_generator = gf.random.SeedGenerator(seed)

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        self.feature_dim = query_shape[-1]
        query_heads = (self.num_query_heads, self.head_dim)
        kv_heads = (self.num_key_value_heads, self.head_dim)
        # created in Keras's order, which is the order of `weights`
        self._query_dense = self._projection(query_heads, 1, "query", query_shape)
        self._key_dense = self._projection(kv_heads, 1, "key", key_shape)
        if self.use_gate:
            self._gate_dense = self._projection(query_heads, 1, "gate", query_shape, "sigmoid")
        self._value_dense = self._projection(kv_heads, 1, "value", value_shape)
        self._output_dense = self._projection(
            (self.feature_dim,), 2, "attention_output", (None, None) + query_heads
        )
        self.built = True

    def _projection(self, output_dims, bound_dims, name, input_shape, activation=None):
        layer = HeadProjection(
            output_dims,
            bound_dims=bound_dims,
            use_bias=self.use_bias,
            activation=activation,
            kernel_initializer=clone_initializer(self.kernel_initializer),
            bias_initializer=clone_initializer(self.bias_initializer),
            kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            kernel_constraint=self.kernel_constraint,
            bias_constraint=self.bias_constraint,
            activity_regularizer=self.activity_regularizer,
            dtype=self.dtype_policy,
            name=name,
        )
        layer.build(tuple(input_shape))
        return layer

    def call(
        self,
        query,
        value,
        key=None,
        query_mask=None,
        value_mask=None,
        key_mask=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        check_flash_attention(
            self._flash_attention, return_attention_scores=return_attention_scores
        )
        query, value, key, attention_mask = attention_math.prepare_inputs(
            query, value, key, query_mask, value_mask, key_mask, attention_mask,
            use_causal_mask, self.sliding_window,
        )  # fmt: skip
        gate = self._gate_dense(query) if self.use_gate else None
        query = self._query_dense(query)
        key = gf.numpy.repeat(self._key_dense(key), self.num_repeats, axis=2)
        value = gf.numpy.repeat(self._value_dense(value), self.num_repeats, axis=2)
        # Keras's fused path unless dropout or the scores need the explicit softmax
        if self.dropout > 0.0 or return_attention_scores:
            dropout = attention_math.scores_dropout(
                self.dropout, training, getattr(self, "seed_generator", None)
            )
            output, scores = attention_math.einsum_attention(
                query,
                key,
                value,
                (1,),
                self._inverse_sqrt_head_dim,
                mask=attention_mask,
                dropout=dropout,
            )
        else:
            scores = None
            output = attention_math.fused_attention(
                query, key, value, attention_mask, self._inverse_sqrt_head_dim
            )
        if gate is not None:
            output = output * gate
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is not None:
            key_shape = value_shape if key_shape is None else key_shape
            if query_shape[-1] != value_shape[-1]:
                raise ValueError(
                    "The last dimension of `query_shape` and `value_shape` must be equal, "
                    f"but are {query_shape[-1]}, {value_shape[-1]}. Received: "
                    f"query_shape={query_shape}, value_shape={value_shape}"
                )
            if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
                raise ValueError(
                    "All dimensions of `value` and `key`, except the last one, must be "
                    f"equal. Received: value_shape={value_shape} and key_shape={key_shape}"
                )
        return tuple(query_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        }
