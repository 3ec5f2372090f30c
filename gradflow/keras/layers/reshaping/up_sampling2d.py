"""UpSampling2D: enlarges images by repeating rows and columns (or by bilinear
interpolation)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.ops import image
from gradflow.keras.utils.argument_validation import standardize_tuple

_INTERPOLATIONS = ("nearest", "bilinear")


class UpSampling2D(Layer):
    """Upsampling layer for 2D inputs.

    The rows and columns are repeated `size[0]` and `size[1]` times ("nearest"), or
    the image is resized by half-pixel-centred linear interpolation ("bilinear").

    Args:
        size: an int or a tuple of 2 ints, the upsampling factors for rows and
            columns.
        data_format: "channels_last" (the default) or "channels_first".
        interpolation: "nearest" or "bilinear".

    Input shape:
        4D tensor `(batch_size, rows, cols, channels)` (channels_last) or
        `(batch_size, channels, rows, cols)` (channels_first).

    Output shape:
        4D tensor with `upsampled_rows = size[0] * rows` and
        `upsampled_cols = size[1] * cols`.

    Example:
    >>> import numpy as np
    >>> UpSampling2D(size=(1, 2))(np.ones((2, 2, 1, 3), "float32")).shape
    (2, 2, 2, 3)
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.size = standardize_tuple(size, 2, "size")
        self.interpolation = interpolation.lower()
        if self.interpolation not in _INTERPOLATIONS:
            raise ValueError(
                "`interpolation` argument should be one of: "
                f"{', '.join(repr(i) for i in _INTERPOLATIONS)}. "
                f"Received: interpolation={interpolation}"
            )
        self.input_spec = InputSpec(ndim=4)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        start = 2 if self.data_format == "channels_first" else 1
        for i, factor in enumerate(self.size):
            if shape[start + i] is not None:
                shape[start + i] *= factor
        return tuple(shape)

    def call(self, inputs):
        x = inputs
        if self.data_format == "channels_first":
            x = gf.numpy.permute_dims(x, (0, 2, 3, 1))
        if self.interpolation == "nearest":
            x = gf.numpy.repeat(x, self.size[0], axis=1)
            x = gf.numpy.repeat(x, self.size[1], axis=2)
        else:
            new_size = (x.shape[1] * self.size[0], x.shape[2] * self.size[1])
            x = image.resize(
                x, new_size, interpolation=self.interpolation, data_format="channels_last"
            )
        if self.data_format == "channels_first":
            x = gf.numpy.permute_dims(x, (0, 3, 1, 2))
        return x

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "size": self.size,
            "data_format": self.data_format,
            "interpolation": self.interpolation,
        }
