"""Sorting primitives: sort, argsort, and permute_along_axis (the gather by a permutation
that carries sort's gradient back to the input order).

NaN sorts as the largest value: last when ascending, first when descending.
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, format_spec, spec_of
from gradflow.errors import ArgumentError, ShapeError
from gradflow.ops._rules import require_kind


def _check_axis(x: TensorSpec, axis: int) -> None:
    if not 0 <= axis < x.ndim:
        raise ArgumentError(f"axis {axis} is not an axis of a rank-{x.ndim} tensor")


def _sort_infer(x: TensorSpec, *, axis: int, descending: bool) -> TensorSpec:
    require_kind(x, "real numeric")
    _check_axis(x, axis)
    return x


def _argsort_infer(x: TensorSpec, *, axis: int, descending: bool, stable: bool) -> TensorSpec:
    require_kind(x, "real numeric")
    _check_axis(x, axis)
    return spec_of(x.shape, dtypes.DEFAULT_INDEX)


def _sort_kernel(x, *, axis, descending):
    out = np.sort(x, axis=axis)
    return np.flip(out, axis) if descending else out


def _argsort_kernel(x, *, axis, descending, stable):
    kind = "stable" if stable else None
    if not descending:
        return np.argsort(x, axis=axis, kind=kind).astype(dtypes.DEFAULT_INDEX, copy=False)
    # A stable descending order: sort the reversed array ascending, then reverse the
    # result, so equal elements keep their original relative order.
    reversed_order = np.argsort(np.flip(x, axis), axis=axis, kind=kind)
    last = x.shape[axis] - 1
    return (last - np.flip(reversed_order, axis)).astype(dtypes.DEFAULT_INDEX, copy=False)


def _sort_grad(g, x, *, out, axis, descending):
    """out = x[perm]: each input element gets the gradient of the place it moved to,
    g_x = g[inverse(perm)]."""
    perm = argsort(x, axis=axis, descending=descending, stable=True)
    inverse = argsort(perm, axis=axis, descending=False, stable=False)
    return (permute_along_axis(g, inverse, axis=axis),)


sort = primitive(
    "sort",
    infer=_sort_infer,
    grad=_sort_grad,
    numpy=_sort_kernel,
    xla=lambda lax, x, *, axis, descending: lax.np.sort(x, axis=axis, descending=descending),
)
argsort = primitive(
    "argsort",
    infer=_argsort_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_argsort_kernel,
    xla=lambda lax, x, *, axis, descending, stable: lax.np.argsort(
        x, axis=axis, descending=descending, stable=stable
    ).astype(dtypes.DEFAULT_INDEX),
)


def _permute_infer(x: TensorSpec, indices: TensorSpec, *, axis: int) -> TensorSpec:
    require_kind(indices, "integer", "indices")
    _check_axis(x, axis)
    if indices.shape != x.shape:
        raise ShapeError(
            f"indices must have the shape of x (a permutation along axis {axis}), got "
            f"{format_spec(indices)} for {format_spec(x)}"
        )
    return x


def _permute_grad(g, x, indices, *, out, axis):
    """out = x[perm] along axis, so g_x = g[inverse(perm)]."""
    inverse = argsort(indices, axis=axis, descending=False, stable=False)
    return (permute_along_axis(g, inverse, axis=axis), None)


permute_along_axis = primitive(
    "permute_along_axis",
    # x reordered along `axis` by `indices`, a permutation of 0..n-1 for every position
    # of the other axes (what argsort returns): out[..., i, ...] = x[..., indices[i], ...]
    infer=_permute_infer,
    grad=_permute_grad,
    numpy=lambda x, indices, *, axis: np.take_along_axis(x, indices, axis=axis),
    xla=lambda lax, x, indices, *, axis: lax.np.take_along_axis(x, indices, axis=axis),
)
