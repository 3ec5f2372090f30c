"""Flatten: collapses every non-batch axis into one."""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class Flatten(Layer):
    """Flattens the input. Does not affect the batch size.

    Note: if the input is `(batch,)` with no feature axis, the output is `(batch, 1)`.

    Args:
        data_format: "channels_last" (the default) or "channels_first": the ordering
            of the input axes. With "channels_first" the channels axis is moved last
            before flattening, so that weights transfer between data formats.

    Input shape:
        `(batch_size, ...)`.

    Output shape:
        `(batch_size, product of the other dims)`.

    Example:
    >>> import numpy as np
    >>> Flatten()(np.ones((2, 3, 4), "float32")).shape
    (2, 12)
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)
        self._channels_first = self.data_format == "channels_first"

    def call(self, inputs):
        shape = tuple(inputs.shape)
        rank = len(shape)
        if self._channels_first and rank > 1:
            inputs = gf.numpy.permute_dims(inputs, (0, *range(2, rank), 1))
        return gf.numpy.reshape(inputs, (shape[0], math.prod(shape[1:])))

    def compute_output_shape(self, input_shape):
        non_batch = input_shape[1:]
        if any(d is None for d in non_batch):
            return (input_shape[0], None)
        return (input_shape[0], math.prod(non_batch))

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}
