"""Average: the elementwise mean of a list of tensors."""

from __future__ import annotations

from gradflow.keras.layers.merging.base_merge import Merge


class Average(Merge):
    """Averages a list of inputs element-wise: takes tensors of the same shape and
    returns their mean.

    Input shape:
        A list of tensors `(batch_size, ...)`.

    Output shape:
        The broadcast shape of the inputs.

    Example:
    >>> import numpy as np
    >>> Average()([np.zeros((1, 2), "float32"), np.ones((1, 2), "float32")]).tolist()
    [[0.5, 0.5]]
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = output + x
        return output / len(inputs)


def average(inputs, **kwargs):
    """Functional interface to the `keras.layers.Average` layer.

    Args:
        inputs: a list of input tensors, all of the same shape.
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the elementwise mean of the inputs.

    Example:
    >>> import numpy as np
    >>> average([np.zeros((1, 2), "float32"), np.full((1, 2), 2.0, "float32")]).tolist()
    [[1.0, 1.0]]
    """
    return Average(**kwargs)(inputs)
