"""Cropping1D: cuts entries from both ends of the time axis."""

from __future__ import annotations

from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.reshaping._spatial import crop
from gradflow.keras.utils.argument_validation import standardize_tuple


class Cropping1D(Layer):
    """Cropping layer for 1D input (e.g. temporal sequence).

    It crops along the time dimension (axis 1).

    Args:
        cropping: an int, or a tuple of 2 ints: how many units to trim off the
            beginning and end of the cropping dimension (axis 1); an int trims the same
            from both ends.

    Input shape:
        3D tensor `(batch_size, axis_to_crop, features)`.

    Output shape:
        3D tensor `(batch_size, cropped_axis, features)`.

    Example:
    >>> import numpy as np
    >>> Cropping1D(cropping=(1, 2))(np.ones((2, 6, 3), "float32")).shape
    (2, 3, 3)
    """

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        self.cropping = standardize_tuple(cropping, 2, "cropping", allow_zero=True)
        self.input_spec = InputSpec(ndim=3)

    def compute_output_shape(self, input_shape):
        length = input_shape[1]
        if length is not None:
            length = length - self.cropping[0] - self.cropping[1]
            if length <= 0:
                raise ValueError(
                    "`cropping` parameter of `Cropping1D` layer must be smaller than the "
                    f"input length. Received: input_shape={input_shape}, "
                    f"cropping={self.cropping}"
                )
        return (input_shape[0], length, input_shape[2])

    def call(self, inputs):
        if sum(self.cropping) >= inputs.shape[1]:
            raise ValueError(
                "`cropping` parameter of `Cropping1D` layer must be smaller than the input "
                f"length. Received: inputs.shape={tuple(inputs.shape)}, "
                f"cropping={self.cropping}"
            )
        return crop(inputs, (self.cropping,), "channels_last")

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping}
