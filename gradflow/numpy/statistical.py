"""Array API statistical functions."""

from __future__ import annotations

from gradflow import dtypes
from gradflow.core.spec import normalize_axes
from gradflow.numpy._args import cast, tensor
from gradflow.ops import reduce as red

__all__ = ["sum"]


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
        The sums.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.sum(gf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=0).tolist()
    [4.0, 6.0]
    """
    x = tensor(x, "sum")
    axes = normalize_axes(axis, x.ndim, "sum")
    x = cast(x, _sum_dtype(x.dtype, dtype))
    return red.sum(x, axes=axes, keepdims=bool(keepdims))
