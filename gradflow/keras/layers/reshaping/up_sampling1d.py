"""UpSampling1D: repeats each timestep `size` times."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class UpSampling1D(Layer):
    """Upsampling layer for 1D inputs: repeats each temporal step `size` times.

    Args:
        size: the upsampling factor (a positive int).

    Input shape:
        3D tensor `(batch_size, steps, features)`.

    Output shape:
        3D tensor `(batch_size, upsampled_steps, features)`.

    Example:
    >>> import numpy as np
    >>> UpSampling1D(size=2)(np.arange(4, dtype="float32").reshape(1, 2, 2)).tolist()
    [[[0.0, 1.0], [0.0, 1.0], [2.0, 3.0], [2.0, 3.0]]]
    """

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"Expected an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: size={size}")
        self.size = size
        self.input_spec = InputSpec(ndim=3)

    def compute_output_shape(self, input_shape):
        steps = None if input_shape[1] is None else self.size * input_shape[1]
        return (input_shape[0], steps, input_shape[2])

    def call(self, inputs):
        return gf.numpy.repeat(inputs, self.size, axis=1)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}
