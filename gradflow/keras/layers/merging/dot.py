"""Dot: the dot product of two batches of tensors along given axes."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import ops
from gradflow.keras.layers.merging.base_merge import Merge

gnp = gf.numpy


def _moved(x, source: int, destination: int):
    order = [a for a in range(x.ndim) if a != source]
    order.insert(destination % x.ndim, source)
    return gnp.permute_dims(x, tuple(order))


def batch_dot(x, y, axes):
    """The per-sample dot product of `x` and `y` contracting `x`'s axis `axes[0]` with
    `y`'s axis `axes[1]` (both > 0): the remaining axes of `x`, then of `y`; a 2D
    result gets a trailing axis of size 1 only where Keras keeps one.

    Example:
    >>> import gradflow as gf
    >>> batch_dot(gf.numpy.ones((2, 3)), gf.numpy.ones((2, 3)), (1, 1)).shape
    (2, 1)
    """
    x_ndim, y_ndim = x.ndim, y.ndim
    if x_ndim < 2 or y_ndim < 2:
        raise ValueError(
            "Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes "
            f"{tuple(x.shape)} and {tuple(y.shape)}."
        )
    a0, a1 = axes
    if 0 in (a0, a1):
        raise ValueError(
            "Cannot perform batch_dot over axis 0. If your inputs are not batched, add a "
            "dummy batch dimension to your inputs using keras.ops.expand_dims(x, 0)"
        )
    if x.shape[a0] != y.shape[a1]:
        raise ValueError(
            f"Cannot do batch_dot on inputs with shapes {tuple(x.shape)} and "
            f"{tuple(y.shape)} with axes={list(axes)}. x.shape[{a0}] != y.shape[{a1}] "
            f"({x.shape[a0]} != {y.shape[a1]})."
        )
    batch = x.shape[0]
    x_rest = [x.shape[i] for i in range(1, x_ndim) if i != a0]
    y_rest = [y.shape[i] for i in range(1, y_ndim) if i != a1]
    x2 = gnp.reshape(_moved(x, a0, -1), (batch, -1, x.shape[a0]))  # (b, m, k)
    y2 = gnp.reshape(_moved(y, a1, 1), (batch, y.shape[a1], -1))  # (b, k, n)
    result = gnp.matmul(x2, y2)
    shape = [batch, *x_rest, *y_rest]
    if x_ndim == 2 and y_ndim == 2:
        shape.append(1)  # Keras keeps (batch, 1) for two vectors
    return gnp.reshape(result, tuple(shape))


class Dot(Merge):
    """Computes element-wise dot product of two tensors.

    It takes a list of inputs of size 2, and the axes corresponding to each input
    along which the dot product is to be performed. For inputs `x1` of shape
    `(batch_size, n)` and `x2` of shape `(batch_size, n)`, the output has shape
    `(batch_size, 1)` where each entry `i` is `dot(x1[i], x2[i])`.

    Args:
        axes: an int or a tuple of 2 ints: the axis (or axes) to take the dot product
            along (never the batch axis 0).
        normalize: whether to L2-normalize the samples along the dot product axis
            first; the output is then the cosine proximity.
        **kwargs: standard layer keyword arguments.

    Input shape:
        A list of 2 tensors of rank >= 2.

    Output shape:
        The remaining axes of the first input, then of the second (batch once).

    Example:
    >>> import numpy as np
    >>> x = np.arange(10, dtype="float32").reshape(1, 5, 2)
    >>> y = np.arange(10, 20, dtype="float32").reshape(1, 2, 5)
    >>> Dot(axes=(1, 2))([x, y]).tolist()
    [[[260.0, 360.0], [320.0, 445.0]]]
    """

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(
                    "Invalid type for argument `axes`: it should be a list or an int. "
                    f"Received: axes={axes}"
                )
            if len(axes) != 2:
                raise ValueError(
                    "Invalid format for argument `axes`: it should contain two elements. "
                    f"Received: axes={axes}"
                )
            if not isinstance(axes[0], int) or not isinstance(axes[1], int):
                raise ValueError(
                    "Invalid format for argument `axes`: list elements should be "
                    f"integers. Received: axes={axes}"
                )
        self.axes = axes
        self.normalize = normalize

    def _axes_for(self, rank1: int, rank2: int) -> list:
        if isinstance(self.axes, int):
            if self.axes < 0:
                return [self.axes % rank1, self.axes % rank2]
            return [self.axes] * 2
        return [a % r if a < 0 else a for a, r in zip(self.axes, (rank1, rank2))]

    def build(self, input_shape):
        if not isinstance(input_shape[0], (tuple, list)) or len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs. "
                f"Received: input_shape={input_shape}"
            )
        shape1, shape2 = input_shape
        axes = self._axes_for(len(shape1), len(shape2))
        if shape1[axes[0]] != shape2[axes[1]]:
            raise ValueError(
                f"Incompatible input shapes: axis values {shape1[axes[0]]} (at axis "
                f"{axes[0]}) != {shape2[axes[1]]} (at axis {axes[1]}). Full input shapes: "
                f"{shape1}, {shape2}"
            )
        self.built = True

    def call(self, inputs, mask=None):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on exactly 2 inputs. Received: inputs={inputs}"
            )
        x1, x2 = inputs
        axes = self._axes_for(x1.ndim, x2.ndim)
        if self.normalize:
            x1 = ops.normalize(x1, axis=axes[0])
            x2 = ops.normalize(x2, axis=axes[1])
        return batch_dot(x1, x2, axes)

    def compute_output_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 2:
            raise ValueError(
                f"A `Dot` layer should be called on a list of 2 inputs. "
                f"Received: input_shape={input_shape}"
            )
        shape1, shape2 = list(input_shape[0]), list(input_shape[1])
        axes = self._axes_for(len(shape1), len(shape2))
        shape1.pop(axes[0])
        shape2.pop(axes[1])
        shape2.pop(0)
        output_shape = shape1 + shape2
        if len(output_shape) == 1:
            output_shape += [1]
        return tuple(output_shape)

    def compute_mask(self, inputs, previous_mask=None):
        return None

    def get_config(self) -> dict:
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def dot(inputs, axes=-1, **kwargs):
    """Functional interface to the `keras.layers.Dot` layer.

    Args:
        inputs: a list of two input tensors.
        axes: an int or a tuple of 2 ints: the axes of the dot product.
        normalize: whether to L2-normalize the samples first (cosine proximity).
        **kwargs: standard layer keyword arguments.

    Returns:
        A tensor, the dot product of the samples from the inputs.

    Example:
    >>> import numpy as np
    >>> dot([np.ones((2, 3), "float32"), np.ones((2, 3), "float32")], axes=1).tolist()
    [[3.0], [3.0]]
    """
    return Dot(axes=axes, **kwargs)(inputs)
