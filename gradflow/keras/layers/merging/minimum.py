"""Minimum: the elementwise minimum of a list of tensors."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.merging.base_merge import Merge


class Minimum(Merge):
    """Computes the element-wise minimum of a list of inputs of the same shape.

    Masked entries (when the inputs carry masks) never win.

    Input shape:
        A list of tensors `(batch_size, ...)`.

    Output shape:
        The broadcast shape of the inputs.

    Example:
    >>> import numpy as np
    >>> Minimum()([np.array([[1.0, 4.0]], "float32"), np.array([[3.0, 2.0]], "float32")]).tolist()
    [[1.0, 2.0]]
    """

    def _merge_function(self, inputs, masks):
        return self._apply_merge_op_and_or_mask(gf.numpy.minimum, inputs, masks)


def minimum(inputs, **kwargs):
    """Functional interface to the `keras.layers.Minimum` layer.

    Args:
        inputs: a list of input tensors, all of the same shape.
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the elementwise minimum of the inputs.

    Example:
    >>> import numpy as np
    >>> minimum([np.array([[1.0]], "float32"), np.array([[3.0]], "float32")]).tolist()
    [[1.0]]
    """
    return Minimum(**kwargs)(inputs)
