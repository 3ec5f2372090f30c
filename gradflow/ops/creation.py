"""Creation primitives: arange, eye, linspace (no inputs, static attributes) and the
triangle selections tril/triu. (zeros_like, ones_like and full live in elementwise.py.)"""

from __future__ import annotations

import math

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError, ShapeError
from gradflow.ops._rules import check_shape_arg


def arange_length(start, stop, step) -> int:
    """The number of values of arange(start, stop, step), as NumPy counts them."""
    if step == 0:
        raise ArgumentError("step must not be zero")
    if all(isinstance(v, int) for v in (start, stop, step)):
        return len(range(start, stop, step))
    return max(0, math.ceil((stop - start) / step))


def _arange_infer(*, start, stop, step, dtype) -> TensorSpec:
    return spec_of((arange_length(start, stop, step),), dtypes.as_dtype(dtype))


def _arange_numpy(*, start, stop, step, dtype):
    if dtypes.is_floating(np.dtype(dtype)):
        # computed in float64, then rounded once: no float32 accumulation error
        return np.arange(start, stop, step, dtype=np.float64).astype(dtype)
    return np.arange(start, stop, step, dtype=dtype)


arange = primitive(
    "arange",
    infer=_arange_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_arange_numpy,
    xla=lambda lax, *, start, stop, step, dtype: lax.np.arange(start, stop, step, dtype=dtype),
)


def _eye_infer(*, n_rows: int, n_cols: int, k: int, dtype) -> TensorSpec:
    return spec_of(check_shape_arg((n_rows, n_cols)), dtypes.as_dtype(dtype))


eye = primitive(
    "eye",
    infer=_eye_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda *, n_rows, n_cols, k, dtype: np.eye(n_rows, n_cols, k, dtype=dtype),
    xla=lambda lax, *, n_rows, n_cols, k, dtype: lax.np.eye(n_rows, n_cols, k, dtype=dtype),
)


def _linspace_infer(*, start, stop, num: int, endpoint: bool, dtype) -> TensorSpec:
    if num < 0:
        raise ArgumentError(f"num must be non-negative, got {num}")
    return spec_of((num,), dtypes.as_dtype(dtype))


def _linspace_numpy(*, start, stop, num, endpoint, dtype):
    # NumPy computes in float64 and rounds once (integer dtypes floor)
    return np.linspace(start, stop, num, endpoint=endpoint, dtype=dtype)


def _linspace_xla(lax, *, start, stop, num, endpoint, dtype):
    # as NumPy: in float64 (complex128), rounded once; integer dtypes floor
    dtype = np.dtype(dtype)
    wide = np.complex128 if dtype.kind == "c" else np.float64
    values = lax.np.linspace(start, stop, num, endpoint=endpoint, dtype=wide)
    if dtype.kind in "iu":
        values = lax.np.floor(values)
    return values.astype(dtype)


linspace = primitive(
    "linspace",
    infer=_linspace_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_linspace_numpy,
    xla=_linspace_xla,
)


def _triangle_infer(x: TensorSpec, *, k: int) -> TensorSpec:
    if x.ndim < 2:
        raise ShapeError(f"needs a tensor of rank >= 2 (a matrix or a batch), got rank {x.ndim}")
    return x


tril = primitive(
    "tril",
    infer=_triangle_infer,
    grad=lambda g, x, *, out, k: (tril(g, k=k),),  # a linear mask: its own transpose
    numpy=lambda x, *, k: np.tril(x, k),
    xla=lambda lax, x, *, k: lax.np.tril(x, k),
)
triu = primitive(
    "triu",
    infer=_triangle_infer,
    grad=lambda g, x, *, out, k: (triu(g, k=k),),
    numpy=lambda x, *, k: np.triu(x, k),
    xla=lambda lax, x, *, k: lax.np.triu(x, k),
)
