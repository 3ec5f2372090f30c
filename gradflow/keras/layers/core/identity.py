"""Identity: returns its input unchanged (a placeholder layer)."""

from __future__ import annotations

from gradflow.keras.layers.layer import Layer


class Identity(Layer):
    """Identity layer: returns its `inputs` argument as output.

    Use it as a placeholder where no operation is to be performed.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> Identity()(np.ones((2, 3), "float32")).shape
    (2, 3)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape
