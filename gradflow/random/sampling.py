"""gf.random: sampling functions (Keras 3 `keras.random` names and arguments).

Each function turns its `seed` into a key (see seed_generator.py) and binds a random
primitive, which is a pure function of that key.
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.spec import normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.numpy import _args
from gradflow.numpy import elementwise as gnp
from gradflow.ops import elementwise as ew
from gradflow.ops import random as rnd
from gradflow.ops import shape as shape_ops
from gradflow.ops._rules import check_shape_arg
from gradflow.ops.indexing import gather
from gradflow.random.seed_generator import draw_key

__all__ = [
    "normal", "uniform", "truncated_normal", "randint", "bernoulli", "categorical", "shuffle",
]  # fmt: skip


def _shape(shape, op: str) -> tuple:
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        return check_shape_arg(shape)
    except ShapeError as e:
        raise ShapeError(f"{op}: {e}") from None


def _float_dtype(dtype, op: str) -> np.dtype:
    dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype)
    if dtype not in dtypes.REAL_FLOATING:
        raise DTypeError(
            f"{op}: dtype must be a real floating dtype, got {dtype.name}; "
            "use gf.random.randint for integers"
        )
    return dtype


def _is_value(x, value: float) -> bool:
    return _args.is_python_scalar(x) and x == value


def _operand(x, dtype: np.dtype, op: str):
    """A Python number as is (weak), a tensor cast to the sample's dtype."""
    return x if _args.is_python_scalar(x) else _args.cast(_args.tensor(x, op), dtype)


def _affine(z: Tensor, scale, shift, op: str) -> Tensor:
    """`z * scale + shift`, skipping the identity parts."""
    if not _is_value(scale, 1.0):
        z = gnp.multiply(z, _operand(scale, z.dtype, op))
    if not _is_value(shift, 0.0):
        z = gnp.add(z, _operand(shift, z.dtype, op))
    return z


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    """Values drawn from a normal distribution.

    Args:
        shape: the output shape (a tuple of ints, or an int).
        mean: the mean (a number or a tensor broadcasting against `shape`).
        stddev: the standard deviation.
        dtype: a real floating dtype; float32 by default.
        seed: an int, a gf.random.SeedGenerator, a uint32[2] key tensor, or None for
            the global stream (see `gf.random.set_seed`).

    Returns:
        A tensor of `shape` and `dtype`.

    Example:
    >>> import gradflow as gf
    >>> x = gf.random.normal((2, 3), mean=1.0, stddev=0.5, seed=0)
    >>> x.shape, x.dtype.name
    ((2, 3), 'float32')
    """
    dtype = _float_dtype(dtype, "normal")
    key = draw_key(seed, "normal")
    z = rnd.random_normal(key, shape=_shape(shape, "normal"), dtype=dtype)
    return _affine(z, stddev, mean, "normal")


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    """Normal values redrawn where more than 2 standard deviations from the mean.

    Args:
        shape: the output shape.
        mean: the mean of the (untruncated) distribution.
        stddev: its standard deviation.
        dtype: a real floating dtype; float32 by default.
        seed: an int, a SeedGenerator, a uint32[2] key, or None (the global stream).

    Returns:
        A tensor of `shape` and `dtype` with values in [mean - 2 stddev, mean + 2 stddev].

    Example:
    >>> import gradflow as gf
    >>> x = gf.random.truncated_normal((1000,), seed=1)
    >>> bool((gf.numpy.abs(x) <= 2.0).numpy().all())
    True
    """
    dtype = _float_dtype(dtype, "truncated_normal")
    key = draw_key(seed, "truncated_normal")
    z = rnd.random_truncated_normal(key, shape=_shape(shape, "truncated_normal"), dtype=dtype)
    return _affine(z, stddev, mean, "truncated_normal")


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None) -> Tensor:
    """Values drawn uniformly from [minval, maxval).

    Args:
        shape: the output shape.
        minval: the lower bound (inclusive).
        maxval: the upper bound (exclusive).
        dtype: a real floating dtype; float32 by default (use `randint` for integers).
        seed: an int, a SeedGenerator, a uint32[2] key, or None (the global stream).

    Returns:
        A tensor of `shape` and `dtype`.

    Example:
    >>> import gradflow as gf
    >>> x = gf.random.uniform((4,), minval=2.0, maxval=3.0, seed=0)
    >>> bool(((x >= 2.0) & (x < 3.0)).numpy().all())
    True
    """
    dtype = _float_dtype(dtype, "uniform")
    key = draw_key(seed, "uniform")
    u = rnd.random_uniform(key, shape=_shape(shape, "uniform"), dtype=dtype)
    if _args.is_python_scalar(minval) and _args.is_python_scalar(maxval):
        return _affine(u, maxval - minval, minval, "uniform")
    lo = _operand(minval, dtype, "uniform")
    return gnp.add(gnp.multiply(u, gnp.subtract(_operand(maxval, dtype, "uniform"), lo)), lo)


def _int_arg(value, name: str) -> int:
    try:
        return int(value.__index__() if hasattr(value, "__index__") else value)
    except (TypeError, ValueError):
        raise ArgumentError(f"randint: {name} must be an int, got {value!r}") from None


def randint(shape, minval, maxval, dtype="int32", seed=None) -> Tensor:
    """Integers drawn uniformly from [minval, maxval).

    Args:
        shape: the output shape.
        minval: the lower bound (inclusive), an int.
        maxval: the upper bound (exclusive), an int.
        dtype: an integer dtype; int32 by default.
        seed: an int, a SeedGenerator, a uint32[2] key, or None (the global stream).

    Returns:
        A tensor of `shape` and `dtype`.

    Example:
    >>> import gradflow as gf
    >>> x = gf.random.randint((5,), 0, 3, seed=0)
    >>> x.dtype.name, bool(((x >= 0) & (x < 3)).numpy().all())
    ('int32', True)
    """
    key = draw_key(seed, "randint")
    return rnd.random_randint(
        key,
        shape=_shape(shape, "randint"),
        minval=_int_arg(minval, "minval"),
        maxval=_int_arg(maxval, "maxval"),
        dtype=dtypes.as_dtype(dtype),
    )


def bernoulli(p, shape=None, seed=None) -> Tensor:
    """Booleans that are True with probability `p`.

    Args:
        p: the probability of True (a number or a floating tensor broadcasting against
            `shape`).
        shape: the output shape; by default the shape of `p`.
        seed: an int, a SeedGenerator, a uint32[2] key, or None (the global stream).

    Returns:
        A bool tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.random.bernoulli(0.5, shape=(3,), seed=0).dtype.name
    'bool'
    """
    p = _args.to_float(_args.tensor(p, "bernoulli"))
    shape = p.shape if shape is None else _shape(shape, "bernoulli")
    key = draw_key(seed, "bernoulli")
    u = rnd.random_uniform(key, shape=shape, dtype=p.dtype)
    # the primitives are strict: p is broadcast here (it may not be larger than shape)
    if p.shape != shape:
        p = shape_ops.broadcast_to(p, shape=shape)
    return ew.less(u, p)


def categorical(logits, num_samples: int, dtype="int32", seed=None) -> Tensor:
    """Class indices drawn from unnormalized log-probabilities, one row per batch entry.

    Args:
        logits: a 2-d floating tensor (batch_size, num_classes); -inf marks an
            impossible class.
        num_samples: how many indices to draw per row.
        dtype: an integer dtype; int32 by default.
        seed: an int, a SeedGenerator, a uint32[2] key, or None (the global stream).

    Returns:
        An integer tensor of shape (batch_size, num_samples).

    Example:
    >>> import gradflow as gf
    >>> logits = gf.constant([[0.0, -float("inf")], [-float("inf"), 0.0]])
    >>> gf.random.categorical(logits, 3, seed=0).tolist()
    [[0, 0, 0], [1, 1, 1]]
    """
    logits = _args.to_float(_args.tensor(logits, "categorical"))
    key = draw_key(seed, "categorical")
    return rnd.random_categorical(
        key, logits, num_samples=int(num_samples), dtype=dtypes.as_dtype(dtype)
    )


def shuffle(x, axis: int = 0, seed=None) -> Tensor:
    """`x` with its slices along `axis` in a random order (differentiable w.r.t. `x`).

    Args:
        x: a tensor of rank >= 1.
        axis: the axis to shuffle along.
        seed: an int, a SeedGenerator, a uint32[2] key, or None (the global stream).

    Returns:
        A tensor with the shape and dtype of `x`.

    Example:
    >>> import gradflow as gf
    >>> sorted(gf.random.shuffle(gf.constant([1, 2, 3, 4]), seed=0).tolist())
    [1, 2, 3, 4]
    """
    x = _args.tensor(x, "shuffle")
    if x.ndim == 0:
        raise ShapeError(f"shuffle: needs a tensor of rank >= 1, got {x.dtype.name}[]")
    axis = normalize_axis(axis, x.ndim, "shuffle")
    perm = rnd.random_permutation(
        draw_key(seed, "shuffle"), n=x.shape[axis], dtype=dtypes.DEFAULT_INDEX
    )
    return gather(x, perm, axes=(axis,))
