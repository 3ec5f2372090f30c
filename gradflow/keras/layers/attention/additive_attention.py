"""AdditiveAttention: Bahdanau-style attention over a [query, value, key] list."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.attention.attention import Attention


class AdditiveAttention(Attention):
    """Additive attention layer, a.k.a. Bahdanau-style attention:
    `scores = sum(scale * tanh(query + key), -1)`, output `softmax(scores) @ value`.

    Args:
        use_scale: whether to learn a per-feature `scale` (glorot-uniform initialized).
        dropout: the dropout rate on the attention weights (training only).
        seed: the dropout seed.

    Call arguments:
        As `Attention`: `[query, value]` or `[query, value, key]`, `mask`, `training`,
        `return_attention_scores`, `use_causal_mask`.

    Output shape:
        `(B, Tq, dim)`, and the `(B, Tq, Tv)` scores when asked for.

    Example:
    >>> import numpy as np
    >>> q = np.ones((1, 2, 3), "float32")
    >>> v = np.ones((1, 4, 3), "float32")
    >>> AdditiveAttention()([q, v]).shape
    (1, 2, 3)
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        dim = input_shape[0][-1]
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(dim,), initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query, key):
        summed = gf.numpy.tanh(
            gf.numpy.expand_dims(query, axis=-2) + gf.numpy.expand_dims(key, axis=-3)
        )
        if self.use_scale:
            summed = self.scale.value() * summed
        return gf.numpy.sum(summed, axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config
