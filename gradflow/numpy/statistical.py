"""Array API statistical functions: reductions (sum, prod, max, min, mean, var, std) and
the cumulative scans (cumulative_sum, cumulative_prod)."""

from __future__ import annotations

import builtins

import numpy as np

from gradflow import dtypes
from gradflow.core.spec import format_spec, normalize_axes, normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, ShapeError
from gradflow.numpy._args import cast, tensor, to_float
from gradflow.ops import cumulative as scan
from gradflow.ops import elementwise as ew
from gradflow.ops import reduce as red
from gradflow.ops import shape as shape_ops

__all__ = [
    "cumulative_prod", "cumulative_sum", "max", "mean", "min", "prod", "std", "sum", "var",
]  # fmt: skip


def _sum_dtype(x_dtype, dtype):
    """The Array API accumulation dtype: small ints widen to the default integer."""
    if dtype is not None:
        return dtypes.as_dtype(dtype)
    if x_dtype == dtypes.bool:
        return dtypes.DEFAULT_INT
    if x_dtype in dtypes.SIGNED and x_dtype.itemsize < dtypes.DEFAULT_INT.itemsize:
        return dtypes.DEFAULT_INT
    if x_dtype in dtypes.UNSIGNED and x_dtype.itemsize < dtypes.DEFAULT_INT.itemsize:
        return dtypes.uint32
    return x_dtype


def sum(x, /, *, axis=None, dtype=None, keepdims: bool = False):  # noqa: A001
    """Sum of elements over `axis` (all axes by default).

    Args:
        x: a numeric tensor.
        axis: an int, a tuple of ints, or None for all axes.
        dtype: the accumulation and result dtype; by default small integer types widen
            to the default integer, as the Array API specifies.
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        The sums (0 over an empty axis).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.sum(gf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=0).tolist()
    [4.0, 6.0]
    """
    x = tensor(x, "sum")
    axes = normalize_axes(axis, x.ndim, "sum")
    x = cast(x, _sum_dtype(x.dtype, dtype))
    return red.sum(x, axes=axes, keepdims=bool(keepdims))


def prod(x, /, *, axis=None, dtype=None, keepdims: bool = False):
    """Product of elements over `axis` (all axes by default).

    Args:
        x: a numeric tensor.
        axis: an int, a tuple of ints, or None for all axes.
        dtype: the accumulation and result dtype; by default small integer types widen
            to the default integer, as for `sum`.
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        The products (1 over an empty axis). The gradient is exact at zeros.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.prod(gf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=1).tolist()
    [2.0, 12.0]
    """
    x = tensor(x, "prod")
    axes = normalize_axes(axis, x.ndim, "prod")
    x = cast(x, _sum_dtype(x.dtype, dtype))
    return red.prod(x, axes=axes, keepdims=bool(keepdims))


def max(x, /, *, axis=None, keepdims: bool = False):  # noqa: A001
    """Largest element over `axis` (all axes by default); NaN if the slice holds a NaN.

    Args:
        x: a real numeric tensor.
        axis: an int, a tuple of ints, or None for all axes. Reduced axes must not be
            empty (a maximum of nothing is not defined).
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        The maxima, in x's dtype. The gradient is split evenly among tied maxima.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.max(gf.constant([[1.0, 5.0], [3.0, 4.0]]), axis=0).tolist()
    [3.0, 5.0]
    """
    x = tensor(x, "max")
    return red.max(x, axes=normalize_axes(axis, x.ndim, "max"), keepdims=bool(keepdims))


def min(x, /, *, axis=None, keepdims: bool = False):  # noqa: A001
    """Smallest element over `axis` (all axes by default); NaN if the slice holds a NaN.

    Args:
        x: a real numeric tensor.
        axis: an int, a tuple of ints, or None for all axes. Reduced axes must not be
            empty (a minimum of nothing is not defined).
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        The minima, in x's dtype. The gradient is split evenly among tied minima.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.min(gf.constant([[1.0, 5.0], [3.0, 4.0]]), axis=1).tolist()
    [1.0, 3.0]
    """
    x = tensor(x, "min")
    return red.min(x, axes=normalize_axes(axis, x.ndim, "min"), keepdims=bool(keepdims))


def _divide_by(t, n):
    """t / n for a count n: a Python number (a broadcast 0-d constant in t's dtype) or,
    over unknown dimensions, a tensor of t's shape (see `_count`)."""
    if isinstance(n, Tensor):
        return ew.divide(t, n)
    divisor = Tensor(np.asarray(n, dtype=t.dtype))
    if t.ndim:
        divisor = (
            shape_ops.broadcast_like(divisor, t)
            if None in t.shape
            else shape_ops.broadcast_to(divisor, shape=t.shape)
        )
    return ew.divide(t, divisor)


def _count(x, axes: tuple, keepdims: bool = False):
    """How many elements each reduction over `axes` sees: an int, or — when a reduced
    dimension is unknown (None, while tracing) — a tensor shaped like the reduction,
    counted at run time."""
    if builtins.any(x.shape[a] is None for a in axes):
        return red.sum(ew.ones_like(x), axes=axes, keepdims=keepdims)
    n = 1
    for a in axes:
        n *= x.shape[a]
    return n


def _real_float(x, op: str):
    x = to_float(tensor(x, op))
    if dtypes.is_complex(x.dtype):
        raise ArgumentError(
            f"{op}: x must have a real dtype, got {format_spec(x.spec)}; take abs() or the "
            "real part first"
        )
    return x


def mean(x, /, *, axis=None, keepdims: bool = False):
    """Arithmetic mean over `axis` (all axes by default).

    Args:
        x: a floating tensor (integers are converted to the default float).
        axis: an int, a tuple of ints, or None for all axes.
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        The means, in x's floating dtype; NaN over an empty axis.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.mean(gf.constant([[1.0, 2.0], [3.0, 5.0]]), axis=1).tolist()
    [1.5, 4.0]
    """
    x = to_float(tensor(x, "mean"))
    axes = normalize_axes(axis, x.ndim, "mean")
    keepdims = bool(keepdims)
    return _divide_by(red.sum(x, axes=axes, keepdims=keepdims), _count(x, axes, keepdims))


def var(x, /, *, axis=None, correction=0.0, keepdims: bool = False):
    """Variance over `axis`: sum((x - mean)**2) / (N - correction).

    Args:
        x: a real floating tensor (integers are converted to the default float).
        axis: an int, a tuple of ints, or None for all axes.
        correction: degrees of freedom subtracted from the count N: 0 for the
            population variance, 1 for the unbiased sample variance (Bessel).
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        The variances, in x's floating dtype; inf or NaN when N - correction <= 0.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.var(gf.constant([1.0, 2.0, 3.0, 4.0]), correction=1).tolist()
    1.6666666269302368
    """
    x = _real_float(x, "var")
    axes = normalize_axes(axis, x.ndim, "var")
    if isinstance(correction, bool) or not isinstance(correction, (int, float)):
        raise ArgumentError(f"var: correction must be a number, got {correction!r}")
    means = _divide_by(red.sum(x, axes=axes, keepdims=True), _count(x, axes, True))
    centered = ew.subtract(x, red.expand_reduced(means, x, axes, True))
    squares = red.sum(ew.multiply(centered, centered), axes=axes, keepdims=bool(keepdims))
    n = _count(x, axes, bool(keepdims))
    # max(N - correction, 0), as NumPy: no correction makes a variance negative
    if isinstance(n, Tensor):
        dof = ew.subtract(n, ew.full_like(n, fill_value=float(correction)))
        return ew.divide(squares, ew.maximum(dof, ew.zeros_like(n)))
    return _divide_by(squares, builtins.max(n - correction, 0))


def std(x, /, *, axis=None, correction=0.0, keepdims: bool = False):
    """Standard deviation over `axis`: the square root of `var`.

    Args:
        x: a real floating tensor (integers are converted to the default float).
        axis: an int, a tuple of ints, or None for all axes.
        correction: degrees of freedom subtracted from the count (see `var`).
        keepdims: keep reduced axes as size-1 dimensions.

    Returns:
        The standard deviations, in x's floating dtype. The gradient is NaN where the
        deviation is 0 (the square root has no derivative there).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.std(gf.constant([1.0, 3.0])).tolist()
    1.0
    """
    x = _real_float(x, "std")
    return ew.sqrt(var(x, axis=axis, correction=correction, keepdims=keepdims))


def _scan_args(op: str, x, axis, dtype, include_initial):
    x = tensor(x, op)
    if x.ndim == 0:
        raise ShapeError(
            f"{op}: x must have at least one dimension, got {format_spec(x.spec)}; "
            "reshape it to (1,) first"
        )
    if axis is None:
        if x.ndim > 1:
            raise ArgumentError(
                f"{op}: axis is required for a tensor of rank {x.ndim} "
                f"({format_spec(x.spec)}); pass axis=0 ... axis={x.ndim - 1}"
            )
        axis = 0
    axis = normalize_axis(axis, x.ndim, op)
    x = cast(x, _sum_dtype(x.dtype, dtype))
    return x, dict(
        axis=axis, reverse=False, include_initial=bool(include_initial), include_total=True
    )


def cumulative_sum(x, /, *, axis=None, dtype=None, include_initial: bool = False):
    """Running sums along `axis`.

    Args:
        x: a numeric tensor of rank >= 1.
        axis: the axis to scan; optional for one-dimensional x, required otherwise.
        dtype: the accumulation and result dtype (default: as `sum`).
        include_initial: start with 0 (the sum of no elements), giving N + 1 entries.

    Returns:
        The running sums; entry i sums x[0] ... x[i] (x[i-1] with include_initial).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.cumulative_sum(gf.constant([1.0, 2.0, 3.0])).tolist()
    [1.0, 3.0, 6.0]
    >>> gf.numpy.cumulative_sum(gf.constant([1, 2, 3]), include_initial=True).tolist()
    [0, 1, 3, 6]
    """
    x, attrs = _scan_args("cumulative_sum", x, axis, dtype, include_initial)
    return scan.cumulative_sum(x, **attrs)


def cumulative_prod(x, /, *, axis=None, dtype=None, include_initial: bool = False):
    """Running products along `axis`.

    Args:
        x: a numeric tensor of rank >= 1.
        axis: the axis to scan; optional for one-dimensional x, required otherwise.
        dtype: the accumulation and result dtype (default: as `prod`).
        include_initial: start with 1 (the product of no elements), giving N + 1 entries.

    Returns:
        The running products. The gradient is exact at zeros.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.cumulative_prod(gf.constant([1.0, 2.0, 3.0])).tolist()
    [1.0, 2.0, 6.0]
    """
    x, attrs = _scan_args("cumulative_prod", x, axis, dtype, include_initial)
    return scan.cumulative_prod(x, **attrs)
