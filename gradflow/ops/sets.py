"""The set primitive: unique, over the flattened input. Not differentiable.

NaNs compare unequal, so each NaN is its own unique value (as the Array API requires).
The number of unique values depends on the data, so that dimension is None in the rule.
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.ops._rules import require_kind

_INDEX = dtypes.DEFAULT_INDEX


def _unique_infer(
    x: TensorSpec, *, return_index: bool, return_inverse: bool, return_counts: bool
) -> tuple:
    require_kind(x, "any")
    outs = [spec_of((None,), x.dtype)]
    if return_index:
        outs.append(spec_of((None,), _INDEX))
    if return_inverse:
        outs.append(spec_of(x.shape, _INDEX))
    if return_counts:
        outs.append(spec_of((None,), _INDEX))
    return tuple(outs)


def _unique_with(np_like, x, flags: dict, cast) -> tuple:
    """Run `np_like.unique` on the flattened x and return the outputs `flags` ask for,
    index outputs cast to the index dtype and the inverse in x's shape."""
    found = np_like.unique(x.reshape(-1), **flags, equal_nan=False)
    if not isinstance(found, tuple):
        return (found,)
    values, *rest = found
    outs = [values]
    if flags["return_index"]:
        outs.append(cast(rest.pop(0)))
    if flags["return_inverse"]:
        outs.append(cast(rest.pop(0).reshape(x.shape)))
    if flags["return_counts"]:
        outs.append(cast(rest.pop(0)))
    return tuple(outs)


def _unique_kernel(x, **flags):
    return _unique_with(np, x, flags, lambda i: i.astype(_INDEX, copy=False))


def _unique_xla(lax, x, **flags):
    # a data-dependent shape: this runs under XLA only outside jit
    return _unique_with(lax.np, x, flags, lambda i: i.astype(_INDEX))


unique = primitive(
    "unique",
    # outputs: the sorted unique values, then (as asked) the flat index of each value's
    # first occurrence, each element's index into the values (x's shape), the counts
    infer=_unique_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_unique_kernel,
    xla=_unique_xla,
    multiple_results=True,
)
