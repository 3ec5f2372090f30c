"""Reduction primitives: sum, prod, max, min, all, any (mean, var, std and the rest of
the statistics are composites in gradflow/numpy/statistical.py; scans live in
cumulative.py)."""

from __future__ import annotations

import builtins

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError
from gradflow.ops._rules import require_kind
from gradflow.ops.cumulative import cumulative_prod
from gradflow.ops.elementwise import divide, equal, multiply, ones_like, where, zeros_like
from gradflow.ops.shape import broadcast_to, permute_dims, reshape


def reduced_shape(shape: tuple, axes: tuple, keepdims: bool) -> tuple:
    """The shape after reducing `axes` (each a normalized, sorted axis)."""
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def reduction_infer(kind: str, out_dtype=None, nonempty: bool = False):
    """The rule of a reduction over `axes` (normalized, sorted): the input must be of
    `kind`; the output keeps its dtype unless `out_dtype` is given. With `nonempty`, a
    reduced axis of static size 0 is an error (max and min have no identity)."""

    def rule(x: TensorSpec, *, axes: tuple, keepdims: bool) -> TensorSpec:
        require_kind(x, kind)
        # builtins.any: this module's `any` is the primitive below
        if builtins.any(not 0 <= a < x.ndim for a in axes) or len(set(axes)) != len(axes):
            raise ArgumentError(f"axes {axes} are not distinct axes of a rank-{x.ndim} tensor")
        if nonempty and builtins.any(x.shape[a] == 0 for a in axes):
            raise ArgumentError(
                f"cannot reduce a size-0 axis (shape {x.shape}, axes {axes}): there is no "
                "identity for max/min; reduce only non-empty axes"
            )
        dtype = x.dtype if out_dtype is None else out_dtype
        return spec_of(reduced_shape(x.shape, axes, keepdims), dtype)

    return rule


def expand_reduced(g, x, axes: tuple, keepdims: bool):
    """Broadcast a reduction's output `g` back over the reduced axes of `x` (a tensor, or
    its shape when fully known)."""
    from gradflow.ops.shape import broadcast_like, expand_dims

    x_shape = tuple(x) if isinstance(x, (tuple, list)) else x.shape
    if None not in x_shape:
        if not keepdims:
            g = reshape(g, shape=reduced_shape(x_shape, axes, True))
        return broadcast_to(g, shape=x_shape)
    if not keepdims:
        g = expand_dims(g, axes=tuple(axes))
    return broadcast_like(g, x)


sum = primitive(  # noqa: A001 - the Array API name
    "sum",
    infer=reduction_infer("numeric"),
    grad=lambda g, x, *, out, axes, keepdims: (expand_reduced(g, x, axes, keepdims),),
    numpy=lambda x, *, axes, keepdims: np.sum(x, axis=axes, keepdims=keepdims, dtype=x.dtype),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_sum, x, axes, keepdims),
)


def _extremum_grad(g, x, *, out, axes, keepdims):
    """The gradient goes to the elements equal to the extremum, split evenly among ties."""
    out_b = expand_reduced(out, x, axes, keepdims)
    hits = where(equal(x, out_b), ones_like(x), zeros_like(x))
    count = expand_reduced(sum(hits, axes=axes, keepdims=keepdims), x, axes, keepdims)
    return (multiply(expand_reduced(g, x, axes, keepdims), divide(hits, count)),)


def _nonempty(kernel):
    def run(x, *, axes, keepdims):
        if x.size == 0 and builtins.any(x.shape[a] == 0 for a in axes):
            raise ArgumentError(
                f"{kernel.__name__}: cannot reduce a size-0 axis (shape {x.shape}, axes {axes}); "
                "there is no identity for max/min"
            )
        return kernel(x, axis=axes, keepdims=keepdims)

    return run


max = primitive(  # noqa: A001 - the Array API name
    "max",
    infer=reduction_infer("real numeric", nonempty=True),
    grad=_extremum_grad,
    numpy=_nonempty(np.max),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_max, x, axes, keepdims),
)
min = primitive(  # noqa: A001 - the Array API name
    "min",
    infer=reduction_infer("real numeric", nonempty=True),
    grad=_extremum_grad,
    numpy=_nonempty(np.min),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_min, x, axes, keepdims),
)


def _prod_grad(g, x, *, out, axes, keepdims):
    """d/dx_i prod(x) = the product of the other elements (computed without division,
    so zeros are exact)."""
    if not axes:
        return (g,)
    return (multiply(expand_reduced(g, x, axes, keepdims), _product_of_others(x, axes)),)


def _product_of_others(x, axes: tuple):
    """prod_{k != i} x_k over `axes`, as (exclusive cumprod from the left) * (from the
    right) along the reduced axes flattened into one."""
    kept = tuple(i for i in range(x.ndim) if i not in axes)
    order = kept + axes
    moved = x if order == tuple(range(x.ndim)) else permute_dims(x, axes=order)
    lead = moved.shape[: len(kept)]
    count = 1
    for a in axes:
        count *= x.shape[a]
    flat = reshape(moved, shape=lead + (count,))
    scan = dict(axis=len(lead), include_initial=True, include_total=False)
    left = cumulative_prod(flat, reverse=False, **scan)
    right = cumulative_prod(flat, reverse=True, **scan)
    others = reshape(multiply(left, right), shape=moved.shape)
    if moved is x:
        return others
    return permute_dims(others, axes=tuple(int(i) for i in np.argsort(order)))


prod = primitive(
    "prod",
    infer=reduction_infer("numeric"),
    grad=_prod_grad,
    numpy=lambda x, *, axes, keepdims: np.prod(x, axis=axes, keepdims=keepdims, dtype=x.dtype),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_prod, x, axes, keepdims),
)

all = primitive(  # noqa: A001 - the Array API name
    "all",
    infer=reduction_infer("boolean", out_dtype=dtypes.bool),
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda x, *, axes, keepdims: np.all(x, axis=axes, keepdims=keepdims),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_and, x, axes, keepdims),
)
any = primitive(  # noqa: A001 - the Array API name
    "any",
    infer=reduction_infer("boolean", out_dtype=dtypes.bool),
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda x, *, axes, keepdims: np.any(x, axis=axes, keepdims=keepdims),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_or, x, axes, keepdims),
)


def _xla_keepdims(lax, reducer, x, axes, keepdims):
    out = reducer(x, axes)
    if keepdims:
        out = lax.reshape(out, tuple(1 if i in axes else d for i, d in enumerate(x.shape)))
    return out
