"""ZeroPadding2D: adds rows and columns of zeros around images."""

from __future__ import annotations

from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.reshaping._spatial import padded_shape, standardize_pairs, zero_pad

_FORM = (
    "`padding` should be either an int, a tuple of 2 ints (symmetric_height_crop, "
    "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, bottom_crop), "
    "(left_crop, right_crop))."
)


class ZeroPadding2D(Layer):
    """Zero-padding layer for 2D input (e.g. picture).

    Adds rows and columns of zeros at the top, bottom, left and right of an image.

    Args:
        padding: an int (the same symmetric padding for height and width), a tuple of
            2 ints `(symmetric_height_pad, symmetric_width_pad)`, or a tuple of 2
            tuples of 2 ints `((top_pad, bottom_pad), (left_pad, right_pad))`.
        data_format: "channels_last" (the default) or "channels_first".

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor with the height and width padded.

    Example:
    >>> import numpy as np
    >>> ZeroPadding2D(1)(np.ones((1, 2, 2, 1), "float32")).shape
    (1, 4, 4, 1)
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.padding = standardize_pairs(padding, 2, "padding", _FORM)
        self.input_spec = InputSpec(ndim=4)

    def compute_output_shape(self, input_shape):
        return padded_shape(input_shape, self.padding, self.data_format)

    def call(self, inputs):
        return zero_pad(inputs, self.padding, self.data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}
