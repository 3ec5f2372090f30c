"""Scan primitives (cumulative_sum, cumulative_prod) and their inverse, diff.

Both scans take the same attributes, which make the family closed under transposition,
so every gradient is again a scan and no slicing op is needed:

- `axis`: the (normalized) axis scanned;
- `reverse`: scan from the last element to the first;
- `include_initial`: start the output with the identity (0 or 1): n + 1 entries;
- `include_total`: end the output with the reduction of all n elements; without it the
  last entry (in scan order) is dropped: `include_initial=True, include_total=False` is
  the exclusive scan (n entries). Lengths never go below 0.

The transpose of a sum scan with (reverse, include_initial, include_total) is the sum
scan with (not reverse, not include_total, not include_initial).
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError, ShapeError
from gradflow.ops._rules import require_kind
from gradflow.ops.elementwise import (
    astype,
    divide,
    equal,
    multiply,
    ones_like,
    where,
    zeros_like,
)


def _scan_infer(
    x: TensorSpec, *, axis: int, reverse: bool, include_initial: bool, include_total: bool
) -> TensorSpec:
    require_kind(x, "numeric")
    if not 0 <= axis < x.ndim:
        raise ArgumentError(f"axis {axis} is not an axis of a rank-{x.ndim} tensor")
    n = x.shape[axis]
    if n is not None:
        n = max(n + include_initial - (not include_total), 0)
    return spec_of(x.shape[:axis] + (n,) + x.shape[axis + 1 :], x.dtype)


def _transposed(axis: int, reverse: bool, include_initial: bool, include_total: bool) -> dict:
    """The attributes of the scan whose matrix is the transpose of this one's."""
    return dict(
        axis=axis,
        reverse=not reverse,
        include_initial=not include_total,
        include_total=not include_initial,
    )


def _scan_kernel(accumulate, identity):
    def run(x, *, axis, reverse, include_initial, include_total):
        if reverse:
            x = np.flip(x, axis)
        before = (slice(None),) * axis
        if include_initial:
            shape = x.shape[:axis] + (x.shape[axis] + 1,) + x.shape[axis + 1 :]
            out = np.empty(shape, dtype=x.dtype)
            out[before + (0,)] = identity
            accumulate(x, axis=axis, dtype=x.dtype, out=out[before + (slice(1, None),)])
        else:
            out = accumulate(x, axis=axis, dtype=x.dtype)
        if not include_total:  # drop the last entry (in scan order)
            out = out[before + (slice(0, max(out.shape[axis] - 1, 0)),)]
        return np.flip(out, axis) if reverse else out

    return run


def _scan_xla(name: str, identity):
    def rule(lax, x, *, axis, reverse, include_initial, include_total):
        out = getattr(lax, name)(x, axis=axis, reverse=reverse)
        if include_initial:
            config = [(0, 0, 0)] * x.ndim
            config[axis] = (0, 1, 0) if reverse else (1, 0, 0)
            out = lax.pad(out, lax.np.array(identity, dtype=x.dtype), config)
        if not include_total:  # drop the last entry in scan order
            n = out.shape[axis]
            start, stop = (min(1, n), n) if reverse else (0, max(n - 1, 0))
            out = lax.slice_in_dim(out, start, stop, axis=axis)
        return out

    return rule


cumulative_sum = primitive(
    "cumulative_sum",
    infer=_scan_infer,
    # a sum scan is linear: its gradient is the transposed scan of g
    grad=lambda g, x, *, out, **attrs: (cumulative_sum(g, **_transposed(**attrs)),),
    numpy=_scan_kernel(np.cumsum, 0),
    xla=_scan_xla("cumsum", 0),
)


def _cumulative_prod_grad(g, x, *, out, **attrs):
    """d out_j/d x_i = prod_{k in scan j, k != i} x_k, exact at zeros.

    Before the first zero (in scan order) this is out_j / x_i, summed by the transposed
    sum scan. At the first zero z it is the scan of x with x_z set to 1. After it every
    term holds the factor x_z = 0. (So first derivatives are exact everywhere; second
    derivatives are exact where x has no zero.)
    """
    transposed = _transposed(**attrs)
    zero, one = zeros_like(x), ones_like(x)
    is_zero = equal(x, zero)
    counts = astype(is_zero, dtype=dtypes.int32)
    seen = cumulative_sum(counts, **{**attrs, "include_initial": False, "include_total": True})
    before_first = equal(seen, zeros_like(seen))
    first = where(is_zero, equal(seen, ones_like(seen)), is_zero)
    before = divide(cumulative_sum(multiply(g, out), **transposed), where(is_zero, one, x))
    out_without_first = cumulative_prod(where(first, one, x), **attrs)
    at_first = cumulative_sum(multiply(g, out_without_first), **transposed)
    return (where(before_first, before, where(first, at_first, zero)),)


cumulative_prod = primitive(
    "cumulative_prod",
    infer=_scan_infer,
    grad=_cumulative_prod_grad,
    numpy=_scan_kernel(np.cumprod, 1),
    xla=_scan_xla("cumprod", 1),
)


# -- diff ----------------------------------------------------------------------------------
def _diff_infer(x: TensorSpec, *, axis: int, adjoint: bool) -> TensorSpec:
    require_kind(x, "numeric")
    if not 0 <= axis < x.ndim:
        raise ShapeError(f"axis {axis} is not an axis of a rank-{x.ndim} tensor")
    n = x.shape[axis]
    if n is not None:
        n = n + 1 if adjoint else max(n - 1, 0)
    return spec_of(x.shape[:axis] + (n,) + x.shape[axis + 1 :], x.dtype)


def _diff_kernel(x, *, axis, adjoint):
    if not adjoint:
        return np.diff(x, axis=axis)
    pad = np.zeros(x.shape[:axis] + (1,) + x.shape[axis + 1 :], dtype=x.dtype)
    return np.concatenate([pad, x], axis=axis) - np.concatenate([x, pad], axis=axis)


def _diff_xla(lax, x, *, axis, adjoint):
    n = x.shape[axis]
    if not adjoint:
        hi = lax.slice_in_dim(x, min(1, n), n, axis=axis)
        lo = lax.slice_in_dim(x, 0, max(n - 1, 0), axis=axis)
        return lax.sub(hi, lo)
    zero = lax.np.array(0, dtype=x.dtype)
    front, back = [(0, 0, 0)] * x.ndim, [(0, 0, 0)] * x.ndim
    front[axis], back[axis] = (1, 0, 0), (0, 1, 0)
    return lax.sub(lax.pad(x, zero, front), lax.pad(x, zero, back))


def _diff_grad(g, x, *, out, axis, adjoint):
    """diff is linear; its transpose maps g to g[k-1] - g[k] (zero beyond the ends)."""
    if not adjoint and x.shape[axis] == 0:
        return (zeros_like(x),)
    return (diff(g, axis=axis, adjoint=not adjoint),)


diff = primitive(
    "diff",
    # adjoint=False: out[i] = x[i+1] - x[i] (n - 1 entries, none for n = 0);
    # adjoint=True, the transpose: out[k] = x[k-1] - x[k] with zeros beyond the ends (n + 1)
    infer=_diff_infer,
    grad=_diff_grad,
    numpy=_diff_kernel,
    xla=_diff_xla,
)
