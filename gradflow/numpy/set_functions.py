"""Array API set functions: unique_all, unique_counts, unique_inverse, unique_values.

Each works on the flattened input and returns the unique values sorted ascending. NaNs
compare unequal, so every NaN is a separate unique value (counted once each). The
number of unique values depends on the data, so these run eagerly or in graph mode with
an unknown dimension, and are not differentiable.
"""

from __future__ import annotations

from typing import NamedTuple

from gradflow.core.tensor import Tensor
from gradflow.numpy._args import tensor
from gradflow.ops import sets

__all__ = ["unique_all", "unique_counts", "unique_inverse", "unique_values"]


class UniqueAllResult(NamedTuple):
    """What `unique_all` returns."""

    values: Tensor
    indices: Tensor
    inverse_indices: Tensor
    counts: Tensor


class UniqueCountsResult(NamedTuple):
    """What `unique_counts` returns."""

    values: Tensor
    counts: Tensor


class UniqueInverseResult(NamedTuple):
    """What `unique_inverse` returns."""

    values: Tensor
    inverse_indices: Tensor


def _unique(op: str, x, index: bool, inverse: bool, counts: bool) -> tuple:
    return sets.unique(
        tensor(x, op), return_index=index, return_inverse=inverse, return_counts=counts
    )


def unique_all(x, /) -> UniqueAllResult:
    """The unique values of x, with where they first occur, the inverse map and counts.

    Args:
        x: a tensor of any shape and dtype.

    Returns:
        UniqueAllResult(values, indices, inverse_indices, counts): the sorted unique
        values; the flat index of each one's first occurrence in x; for each element
        of x (x's shape) the index of its value in `values`; how often each occurs.
        Index outputs are int64.

    Example:
    >>> import gradflow as gf
    >>> out = gf.numpy.unique_all(gf.constant([3, 1, 3]))
    >>> out.values.tolist(), out.indices.tolist(), out.inverse_indices.tolist()
    ([1, 3], [1, 0], [1, 0, 1])
    >>> out.counts.tolist()
    [1, 2]
    """
    return UniqueAllResult(*_unique("unique_all", x, True, True, True))


def unique_counts(x, /) -> UniqueCountsResult:
    """The unique values of x and how often each occurs.

    Args:
        x: a tensor of any shape and dtype.

    Returns:
        UniqueCountsResult(values, counts), counts as int64.

    Example:
    >>> import gradflow as gf
    >>> out = gf.numpy.unique_counts(gf.constant([2.0, 2.0, 5.0]))
    >>> out.values.tolist(), out.counts.tolist()
    ([2.0, 5.0], [2, 1])
    """
    return UniqueCountsResult(*_unique("unique_counts", x, False, False, True))


def unique_inverse(x, /) -> UniqueInverseResult:
    """The unique values of x and, for each element, the index of its value.

    Args:
        x: a tensor of any shape and dtype.

    Returns:
        UniqueInverseResult(values, inverse_indices); inverse_indices has x's shape,
        so `take(values, inverse_indices)` rebuilds x.

    Example:
    >>> import gradflow as gf
    >>> out = gf.numpy.unique_inverse(gf.constant([[5, 1], [1, 5]]))
    >>> out.values.tolist(), out.inverse_indices.tolist()
    ([1, 5], [[1, 0], [0, 1]])
    """
    return UniqueInverseResult(*_unique("unique_inverse", x, False, True, False))


def unique_values(x, /) -> Tensor:
    """The unique values of x, sorted ascending.

    Args:
        x: a tensor of any shape and dtype.

    Returns:
        A one-dimensional tensor of x's dtype.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.unique_values(gf.constant([[2, 1], [2, 3]])).tolist()
    [1, 2, 3]
    """
    (values,) = _unique("unique_values", x, False, False, False)
    return values
