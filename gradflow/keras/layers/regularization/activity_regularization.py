"""ActivityRegularization: adds an L1/L2 penalty on its input to the losses."""

from __future__ import annotations

from gradflow.keras import regularizers
from gradflow.keras.layers.layer import Layer


class ActivityRegularization(Layer):
    """Layer that applies an update to the cost function based on input activity.

    The output equals the input; `l1 * sum(|x|) + l2 * sum(x**2)` joins the layer's
    `losses`.

    Args:
        l1: L1 regularization factor (positive float).
        l2: L2 regularization factor (positive float).

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> layer = ActivityRegularization(l1=0.5)
    >>> _ = layer(np.array([[1.0, -3.0]], "float32"))
    >>> float(layer.losses[0])
    2.0
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        kwargs.pop("activity_regularizer", None)
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("activity_regularizer", None)
        return {**config, "l1": self.l1, "l2": self.l2}
