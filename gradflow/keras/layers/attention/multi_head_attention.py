"""MultiHeadAttention: attention with several heads, each projecting the query, key
and value to its own subspace (Vaswani et al., 2017), as Keras lays it out."""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras import constraints, initializers, regularizers
from gradflow.keras.layers.attention import _attention_math as attention_math
from gradflow.keras.layers.attention._arguments import (
    check_flash_attention,
    check_positive_int,
    check_sliding_window,
    clone_initializer,
)
from gradflow.keras.layers.attention._projection import HeadProjection
from gradflow.keras.layers.layer import Layer


class MultiHeadAttention(Layer):
    """Multi-head attention.

    The query, key and value are projected to `num_heads` heads (kernels shaped
    `(dim, num_heads, key_dim)`), each head attends with scaled dot products along
    `attention_axes`, and the heads are projected back (kernel
    `(num_heads, value_dim, *output_shape)`).

    Args:
        num_heads: the number of heads.
        key_dim: the size of each head for query and key.
        value_dim: the size of each head for value; `key_dim` by default.
        dropout: the dropout rate on the attention probabilities.
        use_bias: whether the projections have biases.
        output_shape: the trailing output shape; the query's last dim by default.
        attention_axes: the axes attention runs over; all but batch, heads and
            features by default.
        sliding_window: when an int, a position attends only to positions closer
            than it.
        flash_attention: accepted for Keras compatibility (numbers are the same).
        kernel_initializer, bias_initializer: the projections' initializers.
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties.
        kernel_constraint, bias_constraint: projections after each update.
        use_gate: multiply the heads by a sigmoid gate projected from the query.
        seed: the dropout seed.

    Call arguments:
        query: `(B, T, dim)`. value: `(B, S, dim)`. key: `(B, S, dim)`; value by
        default. query_mask, value_mask, key_mask: boolean padding masks (taken from
        the inputs' Keras masks when present). attention_mask: bool `(B, T, S)`.
        return_attention_scores: also return the `(B, num_heads, T, S)` scores.
        training: whether dropout is active. use_causal_mask: mask future positions.

    Output shape:
        `(B, T, *output_shape)`, and the scores when asked for.

    Example:
    >>> import numpy as np
    >>> layer = MultiHeadAttention(num_heads=2, key_dim=2)
    >>> x = np.ones((1, 4, 3), "float32")
    >>> out, scores = layer(x, x, return_attention_scores=True)
    >>> out.shape, scores.shape
    ((1, 4, 3), (1, 2, 4, 4))
    """

    def __init__(
        self,
        num_heads,
        key_dim,
        value_dim=None,
        dropout=0.0,
        use_bias=True,
        output_shape=None,
        attention_axes=None,
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
        check_positive_int("num_heads", num_heads)
        check_positive_int("key_dim", key_dim)
        if value_dim is not None:
            check_positive_int("value_dim", value_dim, "a positive integer or `None`")
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        self._output_shape = _standardize_output_shape(output_shape)
        self._flash_attention = flash_attention
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(
                "`attention_axes` must be an int, list, or tuple."
                f"Received: attention_axes={attention_axes}"
            )
        self._attention_axes = attention_axes
        self._sliding_window = check_sliding_window(sliding_window)
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))
        check_flash_attention(self._flash_attention, dropout=self._dropout)
        if self._dropout > 0.0:
            self.seed_generator = gf.random.SeedGenerator(seed)

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}"
            )
        heads_k = (self._num_heads, self._key_dim)
        heads_v = (self._num_heads, self._value_dim)
        # created in Keras's order, which is the order of `weights`
        self._query_dense = self._projection(heads_k, 1, "query", query_shape)
        self._key_dense = self._projection(heads_k, 1, "key", key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(heads_v, 1, "gate", query_shape, "sigmoid")
        self._value_dense = self._projection(heads_v, 1, "value", value_shape)
        rank = len(query_shape) + 1  # the projected query's rank
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(
                a if a >= 0 else (rank - 1) + a for a in self._attention_axes
            )
        output_dims = self._output_shape or (query_shape[-1],)
        projected = tuple(query_shape[:-1]) + heads_v
        self._output_dense = self._projection(output_dims, 2, "attention_output", projected)
        self.built = True

    def _projection(self, output_dims, bound_dims, name, input_shape, activation=None):
        layer = HeadProjection(
            output_dims,
            bound_dims=bound_dims,
            use_bias=self._use_bias,
            activation=activation,
            kernel_initializer=clone_initializer(self._kernel_initializer),
            bias_initializer=clone_initializer(self._bias_initializer),
            kernel_regularizer=self._kernel_regularizer,
            bias_regularizer=self._bias_regularizer,
            kernel_constraint=self._kernel_constraint,
            bias_constraint=self._bias_constraint,
            activity_regularizer=self._activity_regularizer,
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
        # Keras reads the query's padding mask from the tensor itself (the argument is
        # ignored), and the value's and key's from the tensors when not given
        query, value, key, attention_mask = attention_math.prepare_inputs(
            query, value, key, None, value_mask, key_mask, attention_mask,
            use_causal_mask, self._sliding_window,
        )  # fmt: skip
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        output, scores = self._compute_attention(
            query, key, value, attention_mask, training, return_attention_scores
        )
        if gate is not None:
            output = output * gate
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def _compute_attention(
        self, query, key, value, attention_mask=None, training=None, return_attention_scores=False
    ):
        fused = not (self._dropout > 0.0 or return_attention_scores or query.ndim != 4)
        if fused:
            out = attention_math.fused_attention(
                query, key, value, attention_mask, self._inverse_sqrt_key_dim
            )
            return out, None
        dropout = attention_math.scores_dropout(
            self._dropout, training, getattr(self, "seed_generator", None)
        )
        return attention_math.einsum_attention(
            query,
            key,
            value,
            self._attention_axes,
            self._inverse_sqrt_key_dim,
            mask=attention_mask,
            dropout=dropout,
        )

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if value_shape is not None:
            value_shape = tuple(value_shape)
            key_shape = value_shape if key_shape is None else tuple(key_shape)
            if value_shape[1:-1] != key_shape[1:-1]:
                raise ValueError(
                    "All dimensions of `value` and `key`, except the last one, must be "
                    f"equal. Received: value_shape={value_shape} and key_shape={key_shape}"
                )
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }


def _standardize_output_shape(output_shape):
    if not output_shape:
        return output_shape
    if isinstance(output_shape, int):
        return (output_shape,)
    try:
        return tuple(output_shape)
    except TypeError:
        raise ValueError(
            f"Invalid `output_shape`: {output_shape}. When specified, the "
            "`output_shape` should be of type tuple, list, or int."
        ) from None
