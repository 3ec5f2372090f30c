"""ZeroPadding1D: adds zeros at both ends of the time axis."""

from __future__ import annotations

from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.reshaping._spatial import padded_shape, zero_pad
from gradflow.keras.utils.argument_validation import standardize_tuple


class ZeroPadding1D(Layer):
    """Zero-padding layer for 1D input (e.g. temporal sequence).

    Args:
        padding: an int (the same padding at both ends), or a tuple of 2 ints
            `(left_pad, right_pad)`: how many zeros to add along the padding axis.
        data_format: "channels_last" (the default; the padded axis is 1) or
            "channels_first" (the padded axis is 2).

    Input shape:
        3D tensor `(batch_size, axis_to_pad, features)` (channels_last) or
        `(batch_size, features, axis_to_pad)` (channels_first).

    Output shape:
        3D tensor with the padded axis grown by `left_pad + right_pad`.

    Example:
    >>> import numpy as np
    >>> ZeroPadding1D(2)(np.ones((2, 3, 4), "float32")).shape
    (2, 7, 4)
    """

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.padding = standardize_tuple(padding, 2, "padding", allow_zero=True)
        self.input_spec = InputSpec(ndim=3)

    def compute_output_shape(self, input_shape):
        return padded_shape(input_shape, (self.padding,), self.data_format)

    def call(self, inputs):
        return zero_pad(inputs, (self.padding,), self.data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}
