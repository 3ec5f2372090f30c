"""Activation: applies an activation function to its input."""

from __future__ import annotations

from gradflow.keras import activations
from gradflow.keras.layers.layer import Layer


class Activation(Layer):
    """Applies an activation function to an output.

    Args:
        activation: the activation function: a callable, or the name of an activation
            in `keras.activations`.
        **kwargs: base layer keyword arguments, such as `name` and `dtype`.

    Input shape:
        Arbitrary.

    Output shape:
        Same shape as input.

    Example:
    >>> import numpy as np
    >>> Activation("relu")(np.array([-3.0, -1.0, 0.0, 2.0], "float32")).tolist()
    [0.0, 0.0, 0.0, 2.0]
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
