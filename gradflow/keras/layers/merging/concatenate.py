"""Concatenate: joins a list of tensors along one axis."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.merging.base_merge import Merge

gnp = gf.numpy


def _check_shapes(input_shape, axis) -> None:
    """Keras's check: the shapes match (None matches anything) except on the
    concatenation axis."""
    shape_set = set()
    for shape in input_shape:
        reduced = list(shape)
        if len(reduced) > axis:
            del reduced[axis]
        shape_set.add(tuple(reduced))
    if len(shape_set) == 1:
        return
    message = (
        "A `Concatenate` layer requires inputs with matching shapes except for the "
        f"concatenation axis. Received: input_shape={input_shape}"
    )
    ranks = {len(shape) for shape in shape_set}
    if len(ranks) != 1:
        raise ValueError(message)
    (rank,) = ranks
    for position in range(rank):
        sizes = {shape[position] for shape in shape_set if shape[position] is not None}
        if len(sizes) > 1:
            raise ValueError(message)


class Concatenate(Merge):
    """Concatenates a list of inputs.

    It takes as input a list of tensors, all of the same shape except for the
    concatenation axis, and returns a single tensor.

    Args:
        axis: the concatenation axis (-1).
        **kwargs: standard layer keyword arguments.

    Input shape:
        A list of tensors.

    Output shape:
        The shared shape, with the sizes along `axis` summed.

    Example:
    >>> import numpy as np
    >>> Concatenate(axis=1)([np.ones((2, 3), "float32"), np.ones((2, 4), "float32")]).shape
    (2, 7)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape):
        if (
            not isinstance(input_shape, (list, tuple))
            or len(input_shape) < 1
            or not isinstance(input_shape[0], (tuple, list))
        ):
            raise ValueError(
                "A `Concatenate` layer should be called on a list of at least 1 input. "
                f"Received: input_shape={input_shape}"
            )
        _check_shapes(input_shape, self.axis)
        self.built = True

    def call(self, inputs, mask=None):
        return gnp.concat(list(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        output_shape = list(input_shape[0])
        for shape in input_shape[1:]:
            if output_shape[self.axis] is None or shape[self.axis] is None:
                output_shape[self.axis] = None
                break
            output_shape[self.axis] += shape[self.axis]
        return tuple(output_shape)

    def compute_mask(self, inputs, previous_mask=None):
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (tuple, list)):
            raise ValueError(f"`mask` should be a list. Received mask={previous_mask}")
        if len(previous_mask) != len(inputs):
            raise ValueError(
                "The lists `inputs` and `mask` should have the same length. Received: "
                f"inputs={inputs} of length {len(inputs)}, and mask={previous_mask} of "
                f"length {len(previous_mask)}"
            )
        if all(m is None for m in previous_mask):
            return None
        masks = []
        for x, m in zip(inputs, previous_mask):
            if m is None:
                masks.append(gnp.ones(x.shape, dtype=gf.bool))
            elif m.ndim < x.ndim:
                masks.append(gnp.broadcast_to(gnp.expand_dims(m, axis=-1), x.shape))
            else:
                masks.append(m)
        return gnp.any(gnp.concat(masks, axis=self.axis), axis=-1)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs, axis=-1, **kwargs):
    """Functional interface to the `keras.layers.Concatenate` layer.

    Args:
        inputs: a list of input tensors.
        axis: the concatenation axis.
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the concatenation of the inputs along `axis`.

    Example:
    >>> import numpy as np
    >>> concatenate([np.ones((1, 2), "float32"), np.zeros((1, 1), "float32")]).tolist()
    [[1.0, 1.0, 0.0]]
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
