"""Cropping2D: cuts rows and columns from the edges of images."""

from __future__ import annotations

from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.reshaping._spatial import crop, cropped_shape, standardize_pairs

_FORM = (
    "`cropping` should be either an int, a tuple of 2 ints (symmetric_height_crop, "
    "symmetric_width_crop), or a tuple of 2 tuples of 2 ints ((top_crop, bottom_crop), "
    "(left_crop, right_crop))."
)


class Cropping2D(Layer):
    """Cropping layer for 2D input (e.g. picture).

    It crops along the spatial dimensions, i.e. height and width.

    Args:
        cropping: an int (the same symmetric cropping for height and width), a tuple
            of 2 ints `(symmetric_height_crop, symmetric_width_crop)`, or a tuple of 2
            tuples of 2 ints `((top_crop, bottom_crop), (left_crop, right_crop))`.
        data_format: "channels_last" (the default) or "channels_first".

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor with the height and width cropped.

    Example:
    >>> import numpy as np
    >>> Cropping2D(cropping=((2, 2), (4, 4)))(np.ones((2, 28, 28, 3), "float32")).shape
    (2, 24, 20, 3)
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.cropping = standardize_pairs(cropping, 2, "cropping", _FORM)
        self.input_spec = InputSpec(ndim=4)

    def compute_output_shape(self, input_shape):
        return cropped_shape(input_shape, self.cropping, self.data_format)

    def call(self, inputs):
        return crop(inputs, self.cropping, self.data_format)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "cropping": self.cropping,
            "data_format": self.data_format,
        }
