"""RMSNormalization: scale each example by the inverse root mean square of its features."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.normalization._axes import (
    check_axes_in_bounds,
    positive_axes,
    sorted_axes,
)


class RMSNormalization(Layer):
    """Root Mean Square normalization: `x / sqrt(mean(x**2, axis) + epsilon) * scale`.

    Args:
        axis: an int or a list of ints: the axes to normalize over (and the shape of
            the learned `scale`); -1 by default.
        epsilon: added to the mean square to avoid dividing by zero.

    Input shape:
        Arbitrary.

    Output shape:
        Same shape as input.

    Example:
    >>> import numpy as np
    >>> layer = RMSNormalization(epsilon=0.0)
    >>> [round(float(v), 4) for v in layer(np.array([[3.0, 4.0]], "float32"))[0]]
    [0.8485, 1.1314]
    """

    def __init__(self, axis=-1, epsilon=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        self.axis = sorted_axes(self.axis)
        shape = tuple(input_shape[a] for a in self.axis)
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self.built = True

    def call(self, x):
        original = x.dtype
        # computed in at least float32, as Keras
        dtype = "float64" if original == gf.float64 else "float32"
        y = gf.numpy.astype(x, dtype)
        axes = positive_axes(self.axis, y.ndim)
        mean_square = gf.numpy.mean(gf.numpy.square(y), axis=axes, keepdims=True)
        y = y / gf.numpy.sqrt(mean_square + self.epsilon)
        shape = tuple(y.shape[i] if i in axes else 1 for i in range(y.ndim))
        y = y * gf.numpy.reshape(gf.numpy.astype(self.scale.value(), dtype), shape)
        return gf.numpy.astype(y, original)

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon}
