"""RepeatVector: repeats a vector `n` times along a new axis 1."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class RepeatVector(Layer):
    """Repeats the input n times.

    Args:
        n: the repetition factor (a positive int).

    Input shape:
        2D tensor `(batch_size, features)`.

    Output shape:
        3D tensor `(batch_size, n, features)`.

    Example:
    >>> import numpy as np
    >>> RepeatVector(3)(np.ones((2, 32), "float32")).shape
    (2, 3, 32)
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        if n <= 0:
            raise ValueError(f"Argument `n` should be a positive integer. Received: n={n}")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def call(self, inputs):
        return gf.numpy.repeat(gf.numpy.expand_dims(inputs, axis=1), self.n, axis=1)

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}
