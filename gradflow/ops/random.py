"""Random primitives: every draw is a pure function of an explicit key.

A key is a uint32[2] tensor, as in JAX. The same key, shape and dtype always give the
same numbers on one backend; gf.random turns seeds and SeedGenerators into keys. The
NumPy kernels draw from a counter-based Philox generator keyed by the key's 64 bits;
the XLA rules use jax.random with the key as a raw (threefry) key, so the two backends
give different, equally good, streams.
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.ops._rules import check_shape_arg, require_kind

_NATIVE_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
TRUNCATION = 2.0  # truncated_normal redraws values beyond 2 standard deviations, as TF does


def check_key(key: TensorSpec) -> None:
    """Raise unless `key` is a uint32[2] spec."""
    if key.dtype != dtypes.uint32:
        raise DTypeError(f"key must be uint32[2], got a {key.dtype.name} key")
    if key.ndim != 1 or key.shape[0] not in (2, None):
        raise ShapeError(f"key must be uint32[2], got shape {key.shape}")


def generator(key: np.ndarray) -> np.random.Generator:
    """The NumPy generator for a uint32[2] key: Philox keyed by its 64 bits."""
    return np.random.Generator(np.random.Philox(key=(int(key[0]) << 32) | int(key[1])))


def _float_draw_infer(key: TensorSpec, *, shape: tuple, dtype) -> TensorSpec:
    check_key(key)
    dtype = dtypes.as_dtype(dtype)
    require_kind(spec_of((), dtype), "real floating", "dtype")
    return spec_of(check_shape_arg(shape), dtype)


def _native(dtype: np.dtype) -> np.dtype:
    """The dtype NumPy's generator draws in (float32/float64); narrower floats are cast."""
    return dtype if dtype in _NATIVE_FLOATS else np.dtype(np.float32)


def _uniform_kernel(key, *, shape, dtype):
    return generator(key).random(shape, dtype=_native(dtype)).astype(dtype, copy=False)


random_uniform = primitive(
    "random_uniform",
    infer=_float_draw_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_uniform_kernel,
    xla=lambda lax, key, *, shape, dtype: lax.random.uniform(key, shape, dtype),
)
"""Uniform values in [0, 1)."""


def _normal_kernel(key, *, shape, dtype):
    return generator(key).standard_normal(shape, dtype=_native(dtype)).astype(dtype, copy=False)


random_normal = primitive(
    "random_normal",
    infer=_float_draw_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_normal_kernel,
    xla=lambda lax, key, *, shape, dtype: lax.random.normal(key, shape, dtype),
)
"""Standard normal values."""


def _truncated_normal_kernel(key, *, shape, dtype):
    # Redraw the values beyond the bounds until none is left: each round keeps ~95%, so
    # the number of rounds is logarithmic in the size, and each round is vectorized.
    rng = generator(key)
    native = _native(dtype)
    out = rng.standard_normal(shape, dtype=native)
    bad = np.flatnonzero(np.abs(out) > TRUNCATION)
    flat = out.reshape(-1)
    while bad.size:
        flat[bad] = rng.standard_normal(bad.size, dtype=native)
        bad = bad[np.abs(flat[bad]) > TRUNCATION]
    return out.astype(dtype, copy=False)


random_truncated_normal = primitive(
    "random_truncated_normal",
    infer=_float_draw_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_truncated_normal_kernel,
    xla=lambda lax, key, *, shape, dtype: lax.random.truncated_normal(
        key, -TRUNCATION, TRUNCATION, shape, dtype
    ),
)
"""Standard normal values, redrawn where beyond 2 (so within [-2, 2])."""


def _randint_infer(key: TensorSpec, *, shape: tuple, minval: int, maxval: int, dtype) -> TensorSpec:
    check_key(key)
    dtype = dtypes.as_dtype(dtype)
    require_kind(spec_of((), dtype), "integer", "dtype")
    if not minval < maxval:
        raise ArgumentError(f"needs minval < maxval, got minval={minval}, maxval={maxval}")
    info = np.iinfo(dtype)
    if minval < info.min or maxval - 1 > info.max:
        raise ArgumentError(
            f"the range [{minval}, {maxval}) does not fit in {dtype.name} "
            f"([{info.min}, {info.max}]); use a wider dtype"
        )
    return spec_of(check_shape_arg(shape), dtype)


random_randint = primitive(
    "random_randint",
    infer=_randint_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda key, *, shape, minval, maxval, dtype: generator(key).integers(
        minval, maxval, size=shape, dtype=dtype
    ),
    xla=lambda lax, key, *, shape, minval, maxval, dtype: lax.random.randint(
        key, shape, minval, maxval, dtype
    ),
)
"""Integers uniform in [minval, maxval)."""


def _categorical_infer(
    key: TensorSpec, logits: TensorSpec, *, num_samples: int, dtype
) -> TensorSpec:
    check_key(key)
    require_kind(logits, "real floating", "logits")
    if logits.ndim != 2:
        raise ShapeError(f"logits must be 2-d (batch_size, num_classes), got shape {logits.shape}")
    if logits.shape[1] == 0:
        raise ShapeError("logits must have at least one class")
    if num_samples < 0:
        raise ArgumentError(f"num_samples must be >= 0, got {num_samples}")
    dtype = dtypes.as_dtype(dtype)
    require_kind(spec_of((), dtype), "integer", "dtype")
    return spec_of((logits.shape[0], num_samples), dtype)


def _categorical_kernel(key, logits, *, num_samples, dtype):
    # Inverse CDF, all rows at once: offsetting row r's CDF and its uniforms by r makes
    # one sorted array, so a single searchsorted serves every row.
    batch, classes = logits.shape
    x = logits.astype(np.float64)
    x = x - x.max(axis=1, keepdims=True)
    cdf = np.cumsum(np.exp(x), axis=1)
    cdf /= cdf[:, -1:]
    rows = np.arange(batch, dtype=np.float64)[:, None]
    u = generator(key).random((batch, num_samples)) + rows
    found = np.searchsorted((cdf + rows).reshape(-1), u.reshape(-1), side="right")
    found = found.reshape(batch, num_samples) - np.arange(batch)[:, None] * classes
    return np.clip(found, 0, classes - 1).astype(dtype)


def _categorical_xla(lax, key, logits, *, num_samples, dtype):
    shape = (logits.shape[0], num_samples)
    out = lax.random.categorical(key, logits[..., None], axis=1, shape=shape)
    return lax.convert_element_type(out, dtype)


random_categorical = primitive(
    "random_categorical",
    infer=_categorical_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_categorical_kernel,
    xla=_categorical_xla,
)
"""`num_samples` class indices per row of unnormalized log-probabilities."""


# -- permutations (gf.random.shuffle gathers with one) ----------------------------------------
def _permutation_infer(key: TensorSpec, *, n: int, dtype) -> TensorSpec:
    check_key(key)
    dtype = dtypes.as_dtype(dtype)
    require_kind(spec_of((), dtype), "integer", "dtype")
    if n < 0:
        raise ArgumentError(f"n must be >= 0, got {n}")
    if n - 1 > np.iinfo(dtype).max:
        raise ArgumentError(f"indices up to {n - 1} do not fit in {dtype.name}")
    return spec_of((n,), dtype)


random_permutation = primitive(
    "random_permutation",
    infer=_permutation_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda key, *, n, dtype: generator(key).permutation(n).astype(dtype, copy=False),
    xla=lambda lax, key, *, n, dtype: lax.convert_element_type(
        lax.random.permutation(key, n), dtype
    ),
)
"""A random permutation of 0 .. n-1."""
