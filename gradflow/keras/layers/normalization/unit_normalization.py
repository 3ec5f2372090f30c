"""UnitNormalization: scale each example to unit L2 norm over `axis`."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.normalization._axes import (
    check_axes_in_bounds,
    positive_axes,
    standardize_axis,
)

_EPSILON = 1e-12  # the smallest norm divided by, as Keras


class UnitNormalization(Layer):
    """Unit normalization: `x / sqrt(sum(x**2, axis))` (the norm floored at 1e-12).

    Args:
        axis: an int or a list of ints: the axes whose L2 norm becomes 1; -1 by default.

    Input shape:
        Arbitrary.

    Output shape:
        Same shape as input.

    Example:
    >>> import numpy as np
    >>> UnitNormalization()(np.array([[3.0, 4.0]], "float32")).numpy().tolist()
    [[0.6000000238418579, 0.800000011920929]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if not (isinstance(axis, (list, tuple, int)) and not isinstance(axis, bool)):
            raise TypeError(
                "Invalid value for `axis` argument: expected an int or a list/tuple of "
                f"ints. Received: axis={axis}"
            )
        self.axis = standardize_axis(axis, "UnitNormalization")
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        x = inputs if gf.dtypes.is_floating(inputs.dtype) else gf.numpy.astype(inputs, "float32")
        axes = positive_axes(self.axis, x.ndim)
        square_sum = gf.numpy.sum(gf.numpy.square(x), axis=axes, keepdims=True)
        # Keras's x * min(1 / sqrt(sum), 1 / eps), written as 1 / sqrt(max(sum, eps**2)):
        # the same numbers without an infinity for a zero vector (which stays zero)
        inv_norm = 1.0 / gf.numpy.sqrt(gf.numpy.maximum(square_sum, _EPSILON * _EPSILON))
        return x * inv_norm

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
