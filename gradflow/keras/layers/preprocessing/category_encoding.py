"""CategoryEncoding: integer ids as one-hot, multi-hot or count vectors."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.preprocessing import categorical


class CategoryEncoding(Layer):
    """A preprocessing layer which encodes integer features.

    Args:
        num_tokens: the number of tokens (ids are in `[0, num_tokens)`).
        output_mode: 'one_hot', 'multi_hot' (default; 'binary' is an alias) or 'count'.
        sparse: must be False (gradflow has no sparse tensors).

    Call arguments:
        inputs: integer ids, rank 1 or 2 (or higher for 'one_hot').
        count_weights: weights summed per id in 'count' mode.

    Input shape:
        `(batch_size,)` or `(batch_size, n)`.

    Output shape:
        `(batch_size, num_tokens)` (for 'one_hot' with `n > 1`: `(batch_size, n,
        num_tokens)`).

    Example:
    >>> import numpy as np
    >>> layer = CategoryEncoding(num_tokens=4, output_mode="multi_hot")
    >>> layer(np.array([[0, 1], [0, 0], [1, 2], [3, 1]])).numpy().tolist()[2]
    [0.0, 1.0, 1.0, 0.0]
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError(
                "num_tokens must be set to use this layer. If the number of tokens is not "
                "known beforehand, use the IntegerLookup layer instead."
            )
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise ValueError(
                "gradflow has no sparse tensors: `sparse` must be False. Received: sparse=True"
            )
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse

    def call(self, inputs, count_weights=None):
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    "`count_weights` is not used when `output_mode` is not `'count'`. "
                    f"Received `count_weights={count_weights}`."
                )
            count_weights = gf.numpy.astype(gf.asarray(count_weights), self.compute_dtype)
        if gf.dtypes.is_floating(inputs.dtype):
            inputs = gf.numpy.astype(inputs, "int64")
        return categorical.encode_categorical_inputs(
            inputs, self.output_mode, self.num_tokens, self.dtype, count_weights
        )

    def compute_output_shape(self, input_shape):
        return categorical.encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_tokens": self.num_tokens,
            "output_mode": self.output_mode,
        }
