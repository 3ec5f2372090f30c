"""keras.random: sampling functions with Keras 3's names, arguments and seed semantics.

`seed` may be None (the global stream, reseeded by `keras.utils.set_random_seed`), an int
(the same numbers every call), or a `keras.random.SeedGenerator` (advances per draw).
"""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.ops import _dtypes

gnp = gf.numpy

# Rejection rounds for the gamma sampler: each proposal is accepted with probability
# above 0.95, so all rounds fail with probability below 1e-10.
_GAMMA_ROUNDS = 8


def _dtype(dtype) -> str:
    return backend.floatx() if dtype is None else backend.standardize_dtype(dtype)


def _stream(seed):
    """A seed that yields a new key per draw: an int seed becomes a private generator, so
    a call that draws several times stays reproducible."""
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return gf.random.SeedGenerator(int(seed))
    return seed


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Values drawn from a normal distribution.

    Args:
        shape: the output shape.
        mean: the mean.
        stddev: the standard deviation.
        dtype: a float dtype (`floatx()` by default).
        seed: None, an int, or a SeedGenerator.

    Returns:
        A tensor of `shape`.

    Example:
    >>> from gradflow import keras
    >>> keras.random.normal((2, 3), seed=0).shape
    (2, 3)
    """
    return gf.random.normal(shape, mean=mean, stddev=stddev, dtype=_dtype(dtype), seed=seed)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Values drawn uniformly from [minval, maxval).

    Example:
    >>> from gradflow import keras
    >>> x = keras.random.uniform((4,), minval=1.0, maxval=2.0, seed=0)
    >>> bool(((x >= 1.0) & (x < 2.0)).numpy().all())
    True
    """
    dtype = _dtype(dtype)
    if _dtypes.is_int(dtype):
        raise ValueError(
            "`keras.random.uniform` requires a floating point `dtype`. Use "
            f"`keras.random.randint` for integers. Received: dtype={dtype}"
        )
    return gf.random.uniform(shape, minval=minval, maxval=maxval, dtype=dtype, seed=seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal values, redrawn where more than two standard deviations from the mean.

    Example:
    >>> from gradflow import keras
    >>> x = keras.random.truncated_normal((100,), seed=0)
    >>> bool((abs(x.numpy()) <= 2.0).all())
    True
    """
    return gf.random.truncated_normal(shape, mean=mean, stddev=stddev, dtype=_dtype(dtype),
                                      seed=seed)  # fmt: skip


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers drawn uniformly from [minval, maxval).

    Example:
    >>> from gradflow import keras
    >>> keras.random.randint((3,), 0, 5, seed=0).dtype.name
    'int32'
    """
    return gf.random.randint(shape, minval, maxval, dtype=backend.standardize_dtype(dtype),
                             seed=seed)  # fmt: skip


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Class indices drawn from the unnormalized log-probabilities `logits` (batch, classes).

    Example:
    >>> from gradflow import keras
    >>> keras.random.categorical([[0.0, -1e9]], 3, seed=0).tolist()
    [[0, 0, 0]]
    """
    logits = _dtypes.to_float(logits)
    return gf.random.categorical(logits, int(num_samples), dtype=backend.standardize_dtype(dtype),
                                 seed=seed)  # fmt: skip


def dropout(inputs, rate, noise_shape=None, seed=None):
    """`inputs` with a fraction `rate` of entries zeroed and the rest scaled by
    1 / (1 - rate).

    Example:
    >>> from gradflow import keras
    >>> keras.random.dropout(keras.ops.ones((4,)), 0.0, seed=0).tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    x = _dtypes.tensor(inputs)
    if noise_shape is not None:
        noise_shape = tuple(x.shape[i] if d is None else d for i, d in enumerate(noise_shape))
    return gf.nn.dropout(x, rate, noise_shape=noise_shape, seed=seed)


def shuffle(x, axis=0, seed=None):
    """`x` with its slices along `axis` in a random order.

    Example:
    >>> from gradflow import keras
    >>> sorted(keras.random.shuffle([1, 2, 3], seed=0).tolist())
    [1, 2, 3]
    """
    return gf.random.shuffle(_dtypes.tensor(x), axis=axis, seed=seed)


def _gamma_unit(shape, alpha, dtype, seed):
    """Gamma(alpha, 1) samples by Marsaglia and Tsang's method (alpha < 1 boosted by
    U ** (1 / alpha))."""
    alpha = gnp.broadcast_to(_dtypes.tensor(alpha, dtype), shape)
    boosted = alpha < 1.0
    a = gnp.where(boosted, alpha + 1.0, alpha)
    d = a - 1.0 / 3.0
    c = 1.0 / gnp.sqrt(9.0 * d)
    stream = _stream(seed)
    sample = gnp.zeros(shape, dtype=dtype)
    done = gnp.zeros(shape, dtype="bool")
    for _ in range(_GAMMA_ROUNDS):
        z = gf.random.normal(shape, dtype=dtype, seed=stream)
        u = gf.random.uniform(shape, dtype=dtype, seed=stream)
        v = (1.0 + c * z) ** 3
        safe_v = gnp.where(v > 0, v, gnp.ones_like(v))
        accept = gnp.logical_and(
            v > 0, gnp.log(u) < 0.5 * z * z + d - d * safe_v + d * gnp.log(safe_v)
        )
        take = gnp.logical_and(accept, gnp.logical_not(done))
        sample = gnp.where(take, d * safe_v, sample)
        done = gnp.logical_or(done, accept)
    u = gf.random.uniform(shape, dtype=dtype, seed=stream)
    return gnp.where(boosted, sample * u ** (1.0 / alpha), sample)


def gamma(shape, alpha, dtype=None, seed=None):
    """Values drawn from the Gamma distribution with shape `alpha` and scale 1.

    Example:
    >>> from gradflow import keras
    >>> x = keras.random.gamma((2000,), alpha=2.0, seed=0)
    >>> 1.8 < float(x.numpy().mean()) < 2.2
    True
    """
    return _gamma_unit(tuple(shape), alpha, _dtype(dtype), seed)


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Values drawn from the Beta(alpha, beta) distribution (as X / (X + Y) of two Gamma
    draws).

    Example:
    >>> from gradflow import keras
    >>> x = keras.random.beta((2000,), 2.0, 2.0, seed=0)
    >>> 0.45 < float(x.numpy().mean()) < 0.55
    True
    """
    dtype, stream = _dtype(dtype), _stream(seed)
    x = _gamma_unit(tuple(shape), alpha, dtype, stream)
    y = _gamma_unit(tuple(shape), beta, dtype, stream)
    return x / (x + y)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Successes among `counts` trials with success probability `probabilities` (summed
    Bernoulli draws; `counts` must be concrete).

    Example:
    >>> from gradflow import keras
    >>> x = keras.random.binomial((2000,), 10, 0.3, seed=0)
    >>> 2.8 < float(x.numpy().mean()) < 3.2
    True
    """
    dtype = _dtype(dtype)
    shape = tuple(shape)
    counts_t = gnp.broadcast_to(_dtypes.tensor(counts, "float32"), shape)
    p = gnp.broadcast_to(_dtypes.tensor(probabilities, "float32"), shape)
    trials = int(np.max(counts_t.numpy())) if counts_t.size else 0
    u = gf.random.uniform((trials,) + shape, seed=_stream(seed))
    index = gnp.reshape(gnp.arange(trials, dtype="float32"), (trials,) + (1,) * len(shape))
    hits = gnp.logical_and(u < p, index < counts_t)
    return gnp.astype(gnp.sum(gnp.astype(hits, "float32"), axis=0), dtype)
