"""ELU: the exponential linear unit, x above 0 and alpha * (exp(x) - 1) below."""

from __future__ import annotations

from gradflow.keras import activations
from gradflow.keras.layers.layer import Layer


class ELU(Layer):
    """Applies an Exponential Linear Unit function to an output.

    Formula: `f(x) = alpha * (exp(x) - 1.) for x < 0`, `f(x) = x for x >= 0`.

    Args:
        alpha: float, the scale of the negative part (1.0).

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> ELU()(np.array([0.0, 2.0], "float32")).tolist()
    [0.0, 2.0]
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}
