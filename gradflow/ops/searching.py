"""Searching primitives: argmax, argmin, nonzero, searchsorted. None is differentiable
(they return indices); `where`, the select, is in elementwise.py."""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, format_spec, spec_of
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.ops._rules import require_kind

_INDEX = dtypes.DEFAULT_INDEX


def _arg_extremum_infer(x: TensorSpec, *, axis: int | None, keepdims: bool) -> TensorSpec:
    require_kind(x, "real numeric")
    if axis is None:
        if x.shape and any(d == 0 for d in x.shape):
            raise ArgumentError(
                "cannot take the index of the extremum of an empty tensor; it has no elements"
            )
        return spec_of((1,) * x.ndim if keepdims else (), _INDEX)
    if not 0 <= axis < x.ndim:
        raise ArgumentError(f"axis {axis} is not an axis of a rank-{x.ndim} tensor")
    if x.shape[axis] == 0:
        raise ArgumentError(
            f"cannot take the index of the extremum along axis {axis}, which has size 0"
        )
    shape = x.shape[:axis] + ((1,) if keepdims else ()) + x.shape[axis + 1 :]
    return spec_of(shape, _INDEX)


def _arg_extremum_kernel(find):
    def run(x, *, axis, keepdims):
        return find(x, axis=axis, keepdims=keepdims).astype(_INDEX, copy=False)

    return run


def _arg_extremum_xla(name: str):
    def rule(lax, x, *, axis, keepdims):
        flat = lax.reshape(x, (x.size,)) if axis is None else x
        out = getattr(lax, name)(flat, 0 if axis is None else axis, _INDEX)
        if keepdims:
            shape = (1,) * x.ndim if axis is None else x.shape[:axis] + (1,) + x.shape[axis + 1 :]
            out = lax.reshape(out, shape)
        return out

    return rule


argmax = primitive(
    "argmax",
    # the first maximum (and the first NaN, if any); axis None indexes the flattened x
    infer=_arg_extremum_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_arg_extremum_kernel(np.argmax),
    xla=_arg_extremum_xla("argmax"),
)
argmin = primitive(
    "argmin",
    infer=_arg_extremum_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=_arg_extremum_kernel(np.argmin),
    xla=_arg_extremum_xla("argmin"),
)


def _nonzero_infer(x: TensorSpec) -> tuple:
    if x.ndim == 0:
        raise ShapeError(
            "x must have at least one dimension (the indices of a 0-d tensor are not "
            "defined); reshape it to (1,) first"
        )
    # one index vector per axis; their length depends on the values
    return tuple(spec_of((None,), _INDEX) for _ in range(x.ndim))


nonzero = primitive(
    "nonzero",
    infer=_nonzero_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda x: tuple(i.astype(_INDEX, copy=False) for i in np.nonzero(x)),
    # a data-dependent shape: this runs under XLA only outside jit
    xla=lambda lax, x: tuple(i.astype(_INDEX) for i in lax.np.nonzero(x)),
    multiple_results=True,
)


def _searchsorted_infer(x1: TensorSpec, x2: TensorSpec, *, side: str) -> TensorSpec:
    require_kind(x1, "real numeric", "x1")
    if x1.ndim != 1:
        raise ShapeError(f"x1 must be one-dimensional (a sorted vector), got {format_spec(x1)}")
    if x2.dtype != x1.dtype:
        raise DTypeError(
            f"x1 and x2 must have one dtype (the public function promotes them), got "
            f"{format_spec(x1)} and {format_spec(x2)}"
        )
    if side not in ("left", "right"):
        raise ArgumentError(f"side must be 'left' or 'right', got {side!r}")
    return spec_of(x2.shape, _INDEX)


searchsorted = primitive(
    "searchsorted",
    # for each x2 value, where it would be inserted into the ascending x1 to keep it sorted
    infer=_searchsorted_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda x1, x2, *, side: np.searchsorted(x1, x2, side=side).astype(_INDEX, copy=False),
    xla=lambda lax, x1, x2, *, side: lax.np.searchsorted(x1, x2, side=side).astype(_INDEX),
)
