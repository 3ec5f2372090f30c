"""Reshape: gives the non-batch axes a new shape (one entry may be -1)."""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras.layers.layer import Layer


def _validate_target_shape(target_shape) -> None:
    for d in target_shape:
        if isinstance(d, int) and d < -1:
            raise ValueError(
                "Each dimension in `target_shape` must be a non-negative integer, or `-1` "
                f"for a single unknown dimension. Received: target_shape={target_shape}."
            )
    if sum(1 for d in target_shape if d == -1) > 1:
        raise ValueError(
            "There must be at most one unknown dimension (-1) in `target_shape`. "
            f"Received: target_shape={target_shape}."
        )


def resolve_target_shape(input_shape, target_shape):
    """`target_shape` with its -1 resolved from `input_shape` (None when unknown), as
    Keras's `compute_reshape_output_shape`.

    Example:
    >>> resolve_target_shape((4, 6), (3, -1))
    (3, 8)
    """
    input_shape, target_shape = tuple(input_shape), tuple(target_shape)
    if None in input_shape:
        return tuple(None if d == -1 else d for d in target_shape)
    total = math.prod(input_shape)
    if -1 not in target_shape:
        if total != math.prod(target_shape):
            raise ValueError(
                "The total size of the tensor must be unchanged. Received: "
                f"input_shape={input_shape}, target_shape={target_shape}"
            )
        return target_shape
    known = math.prod(d for d in target_shape if d != -1)
    if known == 0 or total % known:
        raise ValueError(
            "The total size of the tensor must be unchanged, however, the input size "
            "cannot by divided by the specified dimensions in target_shape. Received: "
            f"input_shape={input_shape}, target_shape={target_shape}"
        )
    return tuple(total // known if d == -1 else d for d in target_shape)


class Reshape(Layer):
    """Layer that reshapes inputs into the given shape.

    Args:
        target_shape: the output shape without the batch axis: a tuple of ints; one
            entry may be -1, inferred from the input size.

    Input shape:
        `(batch_size, ...)`, any shape with as many elements as `target_shape`.

    Output shape:
        `(batch_size, *target_shape)`.

    Example:
    >>> import numpy as np
    >>> Reshape((3, -1))(np.ones((2, 12), "float32")).shape
    (2, 3, 4)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        _validate_target_shape(target_shape)
        self.target_shape = target_shape
        self.built = True

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *resolve_target_shape(input_shape[1:], self.target_shape))

    def call(self, inputs):
        shape = tuple(inputs.shape)
        target = resolve_target_shape(shape[1:], self.target_shape)
        return gf.numpy.reshape(inputs, (shape[0], *target))

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}
