"""Merge: the base of the layers that combine a list of tensors elementwise (Add,
Multiply …), with Keras's shape checks, rank broadcasting and mask rules."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer

gnp = gf.numpy


def elementwise_output_shape(shape1, shape2):
    """The broadcast of two shapes without batch axes, by Keras's merge rules.

    Example:
    >>> elementwise_output_shape((3, 1), (4,))
    (3, 4)
    """
    if shape1 is None or shape2 is None:
        return None
    if len(shape1) < len(shape2):
        return elementwise_output_shape(shape2, shape1)
    if not shape2:
        return tuple(shape1)
    output = list(shape1[: -len(shape2)])
    for i, j in zip(shape1[-len(shape2) :], shape2):
        if i is None or j is None:
            output.append(None)
        elif i == 1:
            output.append(j)
        elif j == 1 or i == j:
            output.append(i)
        else:
            raise ValueError(
                f"Inputs have incompatible shapes. Received shapes {shape1} and {shape2}"
            )
    return tuple(output)


def _expanded_mask(mask, x):
    """A (batch, ...) mask broadcast over the trailing feature axis of `x`."""
    return gnp.broadcast_to(gnp.expand_dims(mask, axis=-1), x.shape)


class Merge(Layer):
    """The base of the merging layers: `call` takes a list of tensors.

    Subclasses implement `_merge_function(inputs, masks)`; inputs of different ranks
    get size-1 axes inserted after the batch axis first.

    Args:
        **kwargs: base layer keyword arguments, such as `name` and `dtype`.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._reshape_required = False

    def _merge_function(self, inputs, masks):
        raise TypeError(f"{type(self).__name__} does not define `_merge_function`.")

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not isinstance(
            input_shape[0], (tuple, list)
        ):
            raise ValueError(
                "A merge layer should be called on a list of inputs. "
                f"Received: input_shape={input_shape} (not a list of shapes)"
            )
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                "Cannot merge tensors with different batch sizes. "
                f"Received tensors with shapes {input_shape}"
            )
        output_shape = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            output_shape = elementwise_output_shape(output_shape, tuple(shape[1:]))
        self._reshape_required = len({len(s) for s in input_shape}) != 1
        self.built = True

    def call(self, inputs, mask=None):
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                "A merge layer should be called on a list of inputs. "
                f"Received: inputs={inputs} (not a list of tensors)"
            )
        inputs = list(inputs)
        masks = list(mask) if isinstance(mask, (list, tuple)) else [None] * len(inputs)
        if self._reshape_required:
            max_ndim = max(x.ndim for x in inputs)
            for i, x in enumerate(inputs):
                for _ in range(max_ndim - x.ndim):
                    x = gnp.expand_dims(x, axis=1)
                inputs[i] = x
            masks = [None] * len(inputs)  # a mask no longer lines up with its input
        return self._merge_function(inputs, masks)

    def _apply_merge_op_and_or_mask(self, op_fn, inputs, masks):
        """Fold `op_fn` over the inputs; a masked-out entry takes the other operand's
        value, so it never wins a maximum or minimum."""
        output, output_mask = None, None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = _expanded_mask(mask, x)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = gnp.where(mask, x, output)
            if output_mask is not None:
                output = gnp.where(output_mask, output, x)
            if mask is not None and output_mask is not None:
                output_mask = gnp.logical_or(output_mask, mask)
            else:
                output_mask = None
            output = op_fn(output, x)
        return output

    def compute_output_shape(self, input_shape):
        output_shape = tuple(input_shape[0][1:])
        for shape in input_shape[1:]:
            output_shape = elementwise_output_shape(output_shape, tuple(shape[1:]))
        batch_sizes = {s[0] for s in input_shape if s is not None} - {None}
        batch = batch_sizes.pop() if len(batch_sizes) == 1 else None
        return (batch, *output_shape)

    def compute_mask(self, inputs, previous_mask=None):
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (tuple, list)):
            raise ValueError(f"`mask` should be a list. Received: mask={previous_mask}")
        if not isinstance(inputs, (tuple, list)):
            raise ValueError(f"`inputs` should be a list. Received: inputs={inputs}")
        if len(previous_mask) != len(inputs):
            raise ValueError(
                "The lists `inputs` and `mask` should have the same length. Received: "
                f"inputs={inputs} of length {len(inputs)}, and mask={previous_mask} of "
                f"length {len(previous_mask)}"
            )
        if any(m is None for m in previous_mask):
            return None
        output_mask = previous_mask[0]
        for m in previous_mask[1:]:
            output_mask = gnp.logical_or(output_mask, m)
        return output_mask
