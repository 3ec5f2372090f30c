"""ZeroPadding3D: adds zeros around the three spatial axes of volumes."""

from __future__ import annotations

from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.reshaping._spatial import padded_shape, standardize_pairs, zero_pad

_FORM = (
    "`padding` should be either an int, a tuple of 3 ints (symmetric_dim1_pad, "
    "symmetric_dim2_pad, symmetric_dim3_pad), or a tuple of 3 tuples of 2 ints "
    "((left_dim1_pad, right_dim1_pad), (left_dim2_pad, right_dim2_pad), "
    "(left_dim3_pad, right_dim2_pad))."
)


class ZeroPadding3D(Layer):
    """Zero-padding layer for 3D data (spatial or spatio-temporal).

    Args:
        padding: an int (the same symmetric padding for the 3 spatial axes), a tuple
            of 3 ints (symmetric pads per axis), or a tuple of 3 tuples of 2 ints
            `((left_dim1_pad, right_dim1_pad), (left_dim2_pad, right_dim2_pad),
            (left_dim3_pad, right_dim3_pad))`.
        data_format: "channels_last" (the default) or "channels_first".

    Input shape:
        5D tensor `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        5D tensor with the three spatial axes padded.

    Example:
    >>> import numpy as np
    >>> ZeroPadding3D(2)(np.ones((1, 1, 2, 2, 3), "float32")).shape
    (1, 5, 6, 6, 3)
    """

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.padding = standardize_pairs(padding, 3, "padding", _FORM)
        self.input_spec = InputSpec(ndim=5)

    def compute_output_shape(self, input_shape):
        return padded_shape(input_shape, self.padding, self.data_format)

    def call(self, inputs):
        return zero_pad(inputs, self.padding, self.data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}
