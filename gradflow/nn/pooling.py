"""gf.nn pooling, with the signatures of Keras 3 `keras.ops` and TensorFlow's numbers:
channels-last by default, TF's 'same' arithmetic, and 'same' average pooling that
averages only the unpadded elements of each window."""

from __future__ import annotations

from gradflow.errors import ShapeError
from gradflow.nn.convolution import (
    from_channels_last,
    normalize_tuple,
    spatial_rank,
    standardize_data_format,
    to_channels_last,
    window_padding,
)
from gradflow.numpy._args import tensor, to_float
from gradflow.ops import pooling as pool_ops

__all__ = ["max_pool", "avg_pool"]


def _pool(op: str, prim, x, pool_size, strides, padding, data_format):
    nsp = spatial_rank(x, op)
    data_format = standardize_data_format(data_format, op)
    window = normalize_tuple(pool_size, nsp, "pool_size", op)
    strides = window if strides is None else normalize_tuple(strides, nsp, "strides", op)
    x = to_channels_last(x, data_format)
    pads = window_padding(padding, x.shape[1:-1], window, strides, op)
    for i, (n, k) in enumerate(zip(x.shape[1:-1], window)):
        if n is not None and pads[i] == (0, 0) and n < k:
            raise ShapeError(
                f"{op}: spatial dimension {i} of the inputs has size {n}, smaller than "
                f"pool_size {k}; with padding='valid' every window must fit inside the "
                "input. Use a smaller pool_size or padding='same'"
            )
    y = prim(x, window=window, strides=strides, padding=pads)
    return from_channels_last(y, data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over 1, 2 or 3 spatial dimensions.

    Args:
        inputs: a tensor of rank N + 2, `(batch, *spatial, channels)` for
            'channels_last' or `(batch, channels, *spatial)` for 'channels_first'.
        pool_size: an int or a tuple of N ints, the window size.
        strides: an int, a tuple of N ints, or None (the pool size).
        padding: 'valid' or 'same' (TF's arithmetic; padding never wins the max).
        data_format: 'channels_last' (default) or 'channels_first'.

    Returns:
        The maxima, in the inputs' dtype and data format. The gradient goes to each
        window's first maximum.

    Example:
    >>> import numpy as np, gradflow as gf
    >>> x = gf.constant(np.arange(16, dtype="float32").reshape(1, 4, 4, 1))
    >>> gf.nn.max_pool(x, 2)[0, :, :, 0].tolist()
    [[5.0, 7.0], [13.0, 15.0]]
    """
    x = tensor(inputs, "max_pool")
    return _pool("max_pool", pool_ops.max_pool, x, pool_size, strides, padding, data_format)


def avg_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling over 1, 2 or 3 spatial dimensions.

    Args:
        inputs: a tensor of rank N + 2 (see `max_pool`); integer inputs give the
            default float dtype.
        pool_size: an int or a tuple of N ints, the window size.
        strides: an int, a tuple of N ints, or None (the pool size).
        padding: 'valid' or 'same'; with 'same' each window averages only its
            unpadded elements, as TF and Keras do.
        data_format: 'channels_last' (default) or 'channels_first'.

    Returns:
        The averages, in the inputs' data format.

    Example:
    >>> import numpy as np, gradflow as gf
    >>> x = gf.constant(np.arange(9, dtype="float32").reshape(1, 3, 3, 1))
    >>> gf.nn.avg_pool(x, 2, strides=1, padding="same")[0, :, :, 0].tolist()
    [[2.0, 3.0, 3.5], [5.0, 6.0, 6.5], [6.5, 7.5, 8.0]]
    """
    x = to_float(tensor(inputs, "avg_pool"))
    return _pool("avg_pool", pool_ops.avg_pool, x, pool_size, strides, padding, data_format)
