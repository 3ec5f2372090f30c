"""Multiply: the elementwise product of a list of tensors."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.merging.base_merge import Merge, _expanded_mask

gnp = gf.numpy


class Multiply(Merge):
    """Performs elementwise multiplication: takes a list of tensors of the same shape
    and returns their product.

    With masks, masked-out entries count as 1 in the product, and the output is 0
    where every input is masked.

    Input shape:
        A list of tensors `(batch_size, ...)`.

    Output shape:
        The broadcast shape of the inputs.

    Example:
    >>> import numpy as np
    >>> Multiply()([np.full((1, 2), 2.0, "float32"), np.full((1, 2), 3.0, "float32")]).tolist()
    [[6.0, 6.0]]
    """

    def _merge_function(self, inputs, masks):
        has_output_mask = all(m is not None for m in masks)
        output, output_mask = None, None
        for x, mask in zip(inputs, masks):
            if mask is not None:
                mask = _expanded_mask(mask, x)
                x = gnp.where(mask, x, gnp.ones_like(x))  # masked entries count as 1
                if has_output_mask:
                    output_mask = mask if output_mask is None else gnp.logical_or(output_mask, mask)
            output = x if output is None else output * x
        if has_output_mask:
            output = gnp.where(output_mask, output, gnp.zeros_like(output))
        return output


def multiply(inputs, **kwargs):
    """Functional interface to the `keras.layers.Multiply` layer.

    Args:
        inputs: a list of input tensors, all of the same shape.
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the elementwise product of the inputs.

    Example:
    >>> import numpy as np
    >>> multiply([np.full((1, 2), 2.0, "float32"), np.full((1, 2), 3.0, "float32")]).tolist()
    [[6.0, 6.0]]
    """
    return Multiply(**kwargs)(inputs)
