"""Maximum: the elementwise maximum of a list of tensors."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.merging.base_merge import Merge


class Maximum(Merge):
    """Computes the element-wise maximum of a list of inputs of the same shape.

    Masked entries (when the inputs carry masks) never win.

    Input shape:
        A list of tensors `(batch_size, ...)`.

    Output shape:
        The broadcast shape of the inputs.

    Example:
    >>> import numpy as np
    >>> Maximum()([np.array([[1.0, 4.0]], "float32"), np.array([[3.0, 2.0]], "float32")]).tolist()
    [[3.0, 4.0]]
    """

    def _merge_function(self, inputs, masks):
        return self._apply_merge_op_and_or_mask(gf.numpy.maximum, inputs, masks)


def maximum(inputs, **kwargs):
    """Functional interface to the `keras.layers.Maximum` layer.

    Args:
        inputs: a list of input tensors, all of the same shape.
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the elementwise maximum of the inputs.

    Example:
    >>> import numpy as np
    >>> maximum([np.array([[1.0]], "float32"), np.array([[3.0]], "float32")]).tolist()
    [[3.0]]
    """
    return Maximum(**kwargs)(inputs)
