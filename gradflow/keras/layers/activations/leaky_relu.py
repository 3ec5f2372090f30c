"""LeakyReLU: x for x >= 0, negative_slope * x below."""

from __future__ import annotations

from gradflow.keras import activations
from gradflow.keras.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky version of a Rectified Linear Unit activation layer.

    It allows a small gradient when the unit is not active:
    `f(x) = negative_slope * x if x < 0`, `f(x) = x if x >= 0`.

    Args:
        negative_slope: float >= 0, the slope below 0 (0.3). `alpha` is accepted
            as Keras's deprecated name.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> LeakyReLU(negative_slope=0.5)(np.array([-2.0, 1.0], "float32")).tolist()
    [-1.0, 1.0]
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError(
                "The negative_slope value of a Leaky ReLU layer cannot be None or negative "
                f"value. Expected a float. Received: negative_slope={negative_slope}"
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}
