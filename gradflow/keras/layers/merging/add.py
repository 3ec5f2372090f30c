"""Add: the elementwise sum of a list of tensors."""

from __future__ import annotations

from gradflow.keras.layers.merging.base_merge import Merge


class Add(Merge):
    """Performs elementwise addition: takes a list of tensors of the same shape (or
    broadcastable shapes) and returns their sum.

    Input shape:
        A list of tensors `(batch_size, ...)`.

    Output shape:
        The broadcast shape of the inputs.

    Example:
    >>> import numpy as np
    >>> Add()([np.ones((2, 3), "float32"), np.ones((2, 3), "float32")]).tolist()[0]
    [2.0, 2.0, 2.0]
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output


def add(inputs, **kwargs):
    """Functional interface to the `keras.layers.Add` layer.

    Args:
        inputs: a list of input tensors with the same shape.
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the sum of the inputs.

    Example:
    >>> import numpy as np
    >>> add([np.ones((1, 2), "float32"), np.ones((1, 2), "float32")]).tolist()
    [[2.0, 2.0]]
    """
    return Add(**kwargs)(inputs)
