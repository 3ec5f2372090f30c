"""UpSampling3D: enlarges volumes by repeating entries along the spatial axes."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.utils.argument_validation import standardize_tuple


class UpSampling3D(Layer):
    """Upsampling layer for 3D inputs: repeats the 1st, 2nd and 3rd spatial dimensions
    by `size[0]`, `size[1]` and `size[2]`.

    Args:
        size: an int or a tuple of 3 ints, the upsampling factors for dim1, dim2 and
            dim3.
        data_format: "channels_last" (the default) or "channels_first".

    Input shape:
        5D tensor `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        5D tensor with each spatial dimension multiplied by its factor.

    Example:
    >>> import numpy as np
    >>> UpSampling3D(size=2)(np.ones((2, 1, 2, 1, 3), "float32")).shape
    (2, 2, 4, 2, 3)
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.size = standardize_tuple(size, 3, "size")
        self.input_spec = InputSpec(ndim=5)

    def _start(self) -> int:
        return 2 if self.data_format == "channels_first" else 1

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for i, factor in enumerate(self.size):
            if shape[self._start() + i] is not None:
                shape[self._start() + i] *= factor
        return tuple(shape)

    def call(self, inputs):
        x = inputs
        for i, factor in enumerate(self.size):
            x = gf.numpy.repeat(x, factor, axis=self._start() + i)
        return x

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
