"""keras.utils.to_categorical and keras.utils.normalize."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend


def to_categorical(x, num_classes=None):
    """Converts a class vector (integers) to a binary class matrix.

    E.g. for use with `categorical_crossentropy`. A trailing axis of size 1 is
    dropped first, so labels shaped `(n, 1)` give `(n, num_classes)`.

    Args:
        x: Array-like with class values to be converted into a matrix
            (integers from 0 to `num_classes - 1`), or a gradflow tensor.
        num_classes: Total number of classes. If `None`, this is inferred as
            `max(x) + 1`.

    Returns:
        A binary matrix representation of the input, with the class axis last: a
        float64 NumPy array for array-like input (as in Keras), a float32 tensor for a
        tensor.

    Example:
    >>> to_categorical([0, 1, 2, 3], num_classes=4)
    array([[1., 0., 0., 0.],
           [0., 1., 0., 0.],
           [0., 0., 1., 0.],
           [0., 0., 0., 1.]])
    """
    if backend.is_tensor(x):
        return _tensor_to_categorical(backend.convert_to_tensor(x), num_classes)
    x = np.array(x, dtype="int64")
    input_shape = x.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    x = x.reshape(-1)
    if not num_classes:
        num_classes = np.max(x) + 1
    batch_size = x.shape[0]
    categorical = np.zeros((batch_size, num_classes))
    categorical[np.arange(batch_size), x] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


def _tensor_to_categorical(x, num_classes):
    if x.ndim > 1 and x.shape[-1] == 1:
        x = gf.numpy.reshape(x, tuple(x.shape[:-1]))
    if not num_classes:
        num_classes = int(np.max(x.numpy())) + 1
    return gf.nn.one_hot(x, int(num_classes))


def normalize(x, axis=-1, order=2):
    """Normalizes an array along `axis` by its `order`-norm.

    A NumPy array gives a NumPy array (a zero norm is treated as 1); a gradflow tensor
    gives a tensor (the norm is clamped below at `keras.config.epsilon()`).

    Args:
        x: Array to normalize.
        axis: axis along which to normalize.
        order: Normalization order (e.g. `order=2` for L2 norm).

    Returns:
        A normalized copy of the array.

    Example:
    >>> normalize(np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    if isinstance(x, np.ndarray):
        norm = np.atleast_1d(np.linalg.norm(x, order, axis))
        norm[norm == 0] = 1
        # Keras's quirk, kept: axis=0 (falsy) expands the norm at -1.
        axis = axis or -1
        return x / np.expand_dims(norm, axis)
    return _tensor_normalize(x, axis, order)


def _tensor_normalize(x, axis, order):
    if not isinstance(order, int) or not order >= 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    x = backend.convert_to_tensor(x)
    if x.ndim == 0:
        x = gf.numpy.expand_dims(x, axis=0)
    eps = backend.epsilon()
    if order == 2:
        # Keras computes x * min(rsqrt(sum(x**2)), 1/eps); clamping the sum at eps**2
        # first is the same number without dividing by zero.
        square_sum = gf.numpy.sum(gf.numpy.square(x), axis=axis, keepdims=True)
        return x * (1.0 / gf.numpy.sqrt(gf.numpy.maximum(square_sum, eps * eps)))
    norm = gf.numpy.linalg.vector_norm(x, axis=axis, keepdims=True, ord=order)
    return x / gf.numpy.maximum(norm, eps)
