"""Permute: reorders the non-batch axes."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class Permute(Layer):
    """Permutes the dimensions of the input according to a given pattern.

    Useful e.g. to connect RNNs and convnets.

    Args:
        dims: the permutation of the non-batch axes, numbered from 1: `(2, 1)`
            swaps the first and second non-batch axes.

    Input shape:
        `(batch_size, ...)` with `len(dims)` non-batch axes.

    Output shape:
        The input shape with the non-batch axes reordered by `dims`.

    Example:
    >>> import numpy as np
    >>> Permute((2, 1))(np.ones((2, 10, 64), "float32")).shape
    (2, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices "
                f"in `dims` must be consecutive and start from 1. Received dims={dims}"
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *(input_shape[d] for d in self.dims))

    def call(self, inputs):
        return gf.numpy.permute_dims(inputs, (0, *self.dims))

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}
