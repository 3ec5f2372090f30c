"""Subtract: the difference of two tensors."""

from __future__ import annotations

from gradflow.keras.layers.merging.base_merge import Merge


class Subtract(Merge):
    """Performs elementwise subtraction: takes a list of exactly two tensors of the
    same shape and returns `inputs[0] - inputs[1]`.

    Input shape:
        A list of 2 tensors `(batch_size, ...)`.

    Output shape:
        The broadcast shape of the inputs.

    Example:
    >>> import numpy as np
    >>> Subtract()([np.ones((1, 2), "float32"), np.ones((1, 2), "float32")]).tolist()
    [[0.0, 0.0]]
    """

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                "A `Subtract` layer should be called on exactly 2 inputs. "
                f"Received: input_shape={input_shape}"
            )

    def _merge_function(self, inputs, masks):
        if len(inputs) != 2:
            raise ValueError(
                "A `Subtract` layer should be called on exactly 2 inputs. "
                f"Received: inputs={inputs}"
            )
        return inputs[0] - inputs[1]


def subtract(inputs, **kwargs):
    """Functional interface to the `keras.layers.Subtract` layer.

    Args:
        inputs: a list of two input tensors.
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the difference of the inputs.

    Example:
    >>> import numpy as np
    >>> subtract([np.full((1, 2), 3.0, "float32"), np.ones((1, 2), "float32")]).tolist()
    [[2.0, 2.0]]
    """
    return Subtract(**kwargs)(inputs)
