"""Cropping3D: cuts entries from the edges of volumes."""

from __future__ import annotations

from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.reshaping._spatial import crop, cropped_shape, standardize_pairs

_FORM = (
    "`cropping` should be either an int, a tuple of 3 ints (symmetric_dim1_crop, "
    "symmetric_dim2_crop, symmetric_dim3_crop), or a tuple of 3 tuples of 2 ints "
    "((left_dim1_crop, right_dim1_crop), (left_dim2_crop, right_dim2_crop), "
    "(left_dim3_crop, right_dim2_crop))."
)


class Cropping3D(Layer):
    """Cropping layer for 3D data (e.g. spatial or spatio-temporal).

    Args:
        cropping: an int (the same symmetric cropping for the 3 spatial axes), a tuple
            of 3 ints (symmetric crops per axis), or a tuple of 3 tuples of 2 ints
            `((left_dim1_crop, right_dim1_crop), (left_dim2_crop, right_dim2_crop),
            (left_dim3_crop, right_dim3_crop))`.
        data_format: "channels_last" (the default) or "channels_first".

    Input shape:
        5D tensor `(batch_size, dim1, dim2, dim3, channels)` (channels_last) or
        `(batch_size, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        5D tensor with the three spatial axes cropped.

    Example:
    >>> import numpy as np
    >>> Cropping3D(cropping=(2, 4, 2))(np.ones((2, 28, 28, 10, 3), "float32")).shape
    (2, 24, 20, 6, 3)
    """

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.cropping = standardize_pairs(cropping, 3, "cropping", _FORM)
        self.input_spec = InputSpec(ndim=5)

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
