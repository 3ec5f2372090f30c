"""Attention: dot-product (Luong-style) attention over a [query, value, key] list."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras.layers.layer import Layer

_MAX_VALUE = 1.0e9  # masked scores drop by this (65504 in float16), as Keras


class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    `scores = query @ key^T` ('dot', times a learned `scale` when `use_scale`) or
    `scores = concat_score_weight * sum(tanh(scale * (query + key)), -1)` ('concat');
    the output is `softmax(scores) @ value`.

    Args:
        use_scale: whether to learn a scalar that scales the scores.
        score_mode: 'dot' or 'concat'.
        dropout: the dropout rate on the attention weights (training only).
        seed: the dropout seed.

    Call arguments:
        inputs: `[query (B, Tq, dim), value (B, Tv, dim)]`, or with `key (B, Tv, dim)`
            third (value by default).
        mask: `[query_mask (B, Tq), value_mask (B, Tv)]` (taken from the inputs' Keras
            masks when present): padded values are not attended, padded queries give 0.
        training: whether dropout is active.
        return_attention_scores: also return the `(B, Tq, Tv)` attention weights.
        use_causal_mask: let query position i attend only to value positions <= i.

    Output shape:
        `(B, Tq, dim_value)`, and the scores when asked for.

    Example:
    >>> import numpy as np
    >>> q = np.ones((1, 2, 3), "float32")
    >>> v = np.arange(12, dtype="float32").reshape(1, 4, 3)
    >>> Attention()([q, v]).shape
    (1, 2, 3)
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if self.dropout > 0:
            self.seed_generator = gf.random.SeedGenerator(seed)
        if self.score_mode not in ["dot", "concat"]:
            raise ValueError(
                "Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                f"Received: score_mode={score_mode}"
            )
        self.scale = None
        self.concat_score_weight = None

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight", shape=(), initializer="ones"
            )
        self.built = True

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = gf.numpy.matmul(query, gf.numpy.matrix_transpose(key))
            if self.scale is not None:
                scores = scores * self.scale.value()
            return scores
        summed = gf.numpy.expand_dims(query, axis=-2) + gf.numpy.expand_dims(key, axis=-3)
        if self.scale is not None:
            summed = self.scale.value() * summed
        return self.concat_score_weight.value() * gf.numpy.sum(gf.numpy.tanh(summed), axis=-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            padding = gf.numpy.logical_not(scores_mask)
            max_value = 65504.0 if scores.dtype == gf.float16 else _MAX_VALUE
            if padding.ndim == 2:
                padding = gf.numpy.expand_dims(padding, axis=-2)
            scores = gf.numpy.where(padding, scores - max_value, scores)
        weights = gf.nn.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = gf.nn.dropout(weights, self.dropout, seed=self.seed_generator)
        return gf.numpy.matmul(weights, value), weights

    def _calculate_score_mask(self, scores, v_mask, use_causal_mask):
        if not use_causal_mask:
            return v_mask
        rows, cols = scores.shape[-2], scores.shape[-1]
        causal = gf.constant(np.tril(np.ones((rows, cols), dtype=bool))[None])
        if v_mask is None:
            return causal
        return gf.numpy.logical_and(gf.numpy.expand_dims(v_mask, axis=-2), causal)

    def call(
        self,
        inputs,
        mask=None,
        training=False,
        return_attention_scores=False,
        use_causal_mask=False,
    ):
        self._validate_inputs(inputs=inputs, mask=mask)
        q, v = inputs[0], inputs[1]
        k = inputs[2] if len(inputs) > 2 else v
        q_mask = mask[0] if mask else None
        v_mask = mask[1] if mask else None
        if v_mask is not None:
            v_mask = gf.numpy.astype(v_mask, gf.bool)
        scores = self._calculate_scores(query=q, key=k)
        scores_mask = self._calculate_score_mask(scores, v_mask, use_causal_mask)
        output, attention_scores = self._apply_scores(
            scores=scores, value=v, scores_mask=scores_mask, training=training
        )
        if q_mask is not None:
            q_mask = gf.numpy.expand_dims(gf.numpy.astype(q_mask, gf.bool), axis=-1)
            output = gf.numpy.where(q_mask, output, 0.0)
        if return_attention_scores:
            return output, attention_scores
        return output

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs=inputs, mask=mask)
        if mask is None or mask[0] is None:
            return None
        return mask[0]

    def compute_output_shape(self, input_shape):
        return (*input_shape[0][:-1], input_shape[1][-1])

    def _validate_inputs(self, inputs, mask=None):
        name = self.__class__.__name__
        if not isinstance(inputs, list):
            raise ValueError(
                f"{name} layer must be called on a list of inputs, namely [query, value] "
                f"or [query, value, key]. Received: inputs={inputs}."
            )
        if len(inputs) < 2 or len(inputs) > 3:
            raise ValueError(
                f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] "
                f"or [query, value, key]. Received length: {len(inputs)}."
            )
        if mask is not None:
            if not isinstance(mask, list):
                raise ValueError(
                    f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                    f"Received: mask={mask}."
                )
            if len(mask) < 2 or len(mask) > 3:
                raise ValueError(
                    f"{name} layer accepts mask list of length 2 or 3. "
                    f"Received: inputs={inputs}, mask={mask}."
                )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "use_scale": self.use_scale,
            "score_mode": self.score_mode,
            "dropout": self.dropout,
            "seed": self.seed,
        }
