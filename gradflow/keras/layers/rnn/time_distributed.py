"""TimeDistributed: applies a layer to every temporal slice of its input."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.saving import serialization_lib


def _child_input_shape(input_shape):
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
        raise ValueError(
            "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
            f"dimensions, received: {input_shape}"
        )
    return (input_shape[0], *input_shape[2:])


class TimeDistributed(Layer):
    """This wrapper allows to apply a layer to every temporal slice of an input.

    The dimension of index one of the input is the temporal one. The same layer (the
    same weights) processes every time step: gradflow folds the time axis into the
    batch axis, calls the layer once on `(batch * timesteps, ...)`, and unfolds the
    result — one call instead of a loop. (A layer whose output for one sample depends on
    the rest of the batch, such as BatchNormalization in training, therefore sees all
    steps as one batch, where Keras normalizes each step's batch separately.)

    Args:
        layer: A `keras.layers.Layer` instance.

    Call arguments:
        inputs: A tensor `(batch, time, ...)`.
        training: Passed to the wrapped layer (if its call takes it).
        mask: A `(batch, timesteps)` boolean tensor, passed on (if the layer takes it).

    Example:
    >>> import numpy as np
    >>> from gradflow import keras
    >>> layer = TimeDistributed(keras.layers.Dense(8))
    >>> layer(np.ones((32, 10, 16), "float32")).shape
    (32, 10, 8)
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `TimeDistributed` layer with a `keras.layers.Layer` "
                f"instance. Received: {layer}"
            )
        super().__init__(**kwargs)
        self.layer = layer
        self.supports_masking = True

    def build(self, input_shape):
        child_shape = _child_input_shape(input_shape)
        if not self.layer.built:
            self.layer.build(child_shape)
            self.layer.built = True
        self.built = True

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(_child_input_shape(input_shape))
        return (child[0], input_shape[1], *child[1:])

    def _check_mask(self, inputs, mask) -> None:
        if len(mask.shape) < 2:
            raise ValueError(
                "The `mask` passed to the `TimeDistributed` layer must be at least 2D "
                f"(e.g., `(batch_size, timesteps)`), but it has {len(mask.shape)} "
                f"dimension(s) with shape {tuple(mask.shape)}."
            )
        if tuple(mask.shape[:2]) != tuple(inputs.shape[:2]):
            raise ValueError(
                "The `mask` passed to the `TimeDistributed` layer has a shape "
                f"{tuple(mask.shape)} that is incompatible with the input shape "
                f"{tuple(inputs.shape)}. The first two dimensions of the mask (batch size "
                "and timesteps) must match the input's first two dimensions. Expected "
                f"mask shape prefix: ({inputs.shape[0]}, {inputs.shape[1]})."
            )

    def call(self, inputs, training=None, mask=None):
        _child_input_shape(tuple(inputs.shape))
        batch, steps = inputs.shape[0], inputs.shape[1]
        folded = gf.numpy.reshape(inputs, (batch * steps, *inputs.shape[2:]))
        kwargs = {}
        if self.layer._call_has_training:
            kwargs["training"] = training
        if mask is not None:
            self._check_mask(inputs, mask)
            if self.layer._call_has_mask:
                kwargs["mask"] = gf.numpy.reshape(mask, (batch * steps, *mask.shape[2:]))
        outputs = self.layer.call(folded, **kwargs)
        return gf.numpy.reshape(outputs, (batch, steps, *outputs.shape[1:]))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "layer": serialization_lib.serialize_keras_object(self.layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = serialization_lib.deserialize_keras_object(
            config.pop("layer"), custom_objects=custom_objects
        )
        return cls(layer, **config)
