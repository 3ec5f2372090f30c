"""Masking: masks timesteps whose features all equal `mask_value`."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.saving import serialization_lib

gnp = gf.numpy


class Masking(Layer):
    """Masks a sequence by using a mask value to skip timesteps.

    For each timestep of the input (axis 1), if all values at that timestep equal
    `mask_value`, the timestep is masked (skipped) in all downstream layers that
    support masking, and its output values are zeros.

    Args:
        mask_value: the value that marks a padded timestep (0.0).

    Input shape:
        `(batch_size, timesteps, ...features)`.

    Output shape:
        Same as the input; the output mask has shape `(batch_size, timesteps)`.

    Example:
    >>> import numpy as np
    >>> from gradflow.keras import masking as km
    >>> x = np.array([[[1.0], [0.0], [2.0]]], "float32")
    >>> km.get_keras_mask(Masking()(x)).tolist()
    [[True, False, True]]
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(mask_value, dict) and mask_value.get("config", None):
            mask_value = serialization_lib.deserialize_keras_object(mask_value)
        self.mask_value = mask_value
        self.supports_masking = True
        self.built = True

    def _keep(self, inputs, keepdims: bool):
        value = gf.constant(self.mask_value, dtype=inputs.dtype)
        return gnp.any(gnp.not_equal(inputs, value), axis=-1, keepdims=keepdims)

    def compute_mask(self, inputs, previous_mask=None):
        return self._keep(inputs, keepdims=False)

    def call(self, inputs):
        return gnp.where(self._keep(inputs, keepdims=True), inputs, gnp.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}
