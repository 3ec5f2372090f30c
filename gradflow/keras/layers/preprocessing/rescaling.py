"""Rescaling: `inputs * scale + offset`."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.layer import Layer
from gradflow.keras.saving import serialization_lib


class Rescaling(Layer):
    """A preprocessing layer which rescales input values to a new range.

    Args:
        scale: the multiplier (a float, or a per-channel list/array).
        offset: the value added after scaling.

    Input shape:
        Arbitrary.

    Output shape:
        Same as input.

    Example:
    >>> import numpy as np
    >>> Rescaling(1 / 255.0)(np.array([[0.0, 255.0]], "float32")).numpy().tolist()
    [[0.0, 1.0]]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True

    def call(self, inputs):
        dtype = self.compute_dtype
        scale = gf.constant(np.asarray(self.scale, dtype=dtype))
        offset = gf.constant(np.asarray(self.offset, dtype=dtype))
        if scale.ndim > 0 and backend.image_data_format() == "channels_first":
            scale = gf.numpy.reshape(scale, tuple(scale.shape) + (1,) * (3 - scale.ndim))
        return gf.numpy.astype(inputs, dtype) * scale + offset

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "scale": serialization_lib.serialize_keras_object(self.scale),
            "offset": serialization_lib.serialize_keras_object(self.offset),
        }

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        config["scale"] = serialization_lib.deserialize_keras_object(config["scale"])
        config["offset"] = serialization_lib.deserialize_keras_object(config["offset"])
        return super().from_config(config)
