"""gf.nn: one_hot and dropout (Keras 3 `keras.ops.one_hot`, `keras.random.dropout`)."""

from __future__ import annotations

from gradflow import dtypes
from gradflow.core.spec import format_spec
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.numpy._args import tensor, to_float
from gradflow.ops import elementwise as ew
from gradflow.ops import nn as nn_ops
from gradflow.ops import random as rnd
from gradflow.ops.nn import full_like
from gradflow.ops.shape import broadcast_to
from gradflow.random.seed_generator import draw_key

__all__ = ["one_hot", "dropout"]


def one_hot(x, num_classes: int, axis: int = -1, dtype=None) -> Tensor:
    """One-hot encoding of integer class indices.

    Args:
        x: an integer tensor of class indices; an index outside [0, num_classes)
            gives an all-zero vector.
        num_classes: the length of each one-hot vector.
        axis: where the new axis goes in the output (-1: last).
        dtype: the output dtype; float32 by default.

    Returns:
        A tensor of rank `x.ndim + 1`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.one_hot(gf.constant([0, 2]), 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    x = tensor(x, "one_hot")
    if not dtypes.is_integer(x.dtype):
        raise DTypeError(
            f"one_hot: the class indices must have an integer dtype, got "
            f"{format_spec(x.spec)}; cast them with gf.numpy.astype first"
        )
    dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype)
    return nn_ops.one_hot(x, depth=int(num_classes), axis=int(axis), dtype=dtype)


def _noise_shape(noise_shape, shape: tuple) -> tuple:
    if noise_shape is None:
        return shape
    noise_shape = tuple(noise_shape)
    if len(noise_shape) != len(shape):
        raise ShapeError(
            f"dropout: noise_shape {noise_shape} must have one entry per input axis "
            f"(input shape {shape})"
        )
    # None entries take the input's size, as in Keras
    return tuple(s if n is None else int(n) for n, s in zip(noise_shape, shape))


def dropout(x, rate: float, noise_shape=None, seed=None) -> Tensor:
    """Inverted dropout: zero each element with probability `rate`, scale the rest by
    `1 / (1 - rate)` (so the expected value is unchanged).

    Args:
        x: a floating tensor.
        rate: the probability of dropping an element, in [0, 1].
        noise_shape: the shape of the keep/drop mask, broadcast against `x` (e.g.
            `(batch, 1, channels)` drops whole channels); None entries take the size of
            `x`. Defaults to the shape of `x`.
        seed: an int, a gf.random.SeedGenerator, a uint32[2] key, or None for the
            global stream.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
    >>> import gradflow as gf
    >>> y = gf.nn.dropout(gf.numpy.ones((1000,)), 0.5, seed=0)
    >>> sorted(set(y.tolist()))
    [0.0, 2.0]
    """
    x = to_float(tensor(x, "dropout"))
    rate = float(rate)
    if not 0.0 <= rate <= 1.0:
        raise ArgumentError(f"dropout: rate must be in [0, 1], got rate={rate}")
    if rate == 0.0:
        return x
    shape = _noise_shape(noise_shape, x.shape)
    key = draw_key(seed, "dropout")
    if rate == 1.0:
        return ew.multiply(x, ew.zeros_like(x))
    u = rnd.random_uniform(key, shape=shape, dtype=x.dtype)
    # x * (keep / (1 - rate)): a multiply by the scaled mask, not where(keep, x / (1 - rate), 0):
    # NumPy's select on a random mask is ~10x slower than a multiply
    keep = ew.astype(ew.greater_equal(u, full_like(u, rate)), dtype=x.dtype)
    scale = ew.multiply(keep, full_like(keep, 1.0 / (1.0 - rate)))
    if shape != x.shape:
        scale = broadcast_to(scale, shape=x.shape)
    return ew.multiply(x, scale)
