"""Reduction primitives: sum, max, min (the rest of the statistics are composites or
live beside this file)."""

from __future__ import annotations

import numpy as np

from gradflow.core.primitive import primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError
from gradflow.ops._rules import require_kind
from gradflow.ops.elementwise import divide, equal, multiply, where, zeros_like
from gradflow.ops.shape import broadcast_to, reshape


def reduced_shape(shape: tuple, axes: tuple, keepdims: bool) -> tuple:
    """The shape after reducing `axes` (each a normalized, sorted axis)."""
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def reduction_infer(kind: str):
    def rule(x: TensorSpec, *, axes: tuple, keepdims: bool) -> TensorSpec:
        require_kind(x, kind)
        if any(not 0 <= a < x.ndim for a in axes) or len(set(axes)) != len(axes):
            raise ArgumentError(f"axes {axes} are not distinct axes of a rank-{x.ndim} tensor")
        return spec_of(reduced_shape(x.shape, axes, keepdims), x.dtype)

    return rule


def expand_reduced(g, x_shape: tuple, axes: tuple, keepdims: bool):
    """Broadcast a reduction's output gradient back over the reduced axes."""
    if not keepdims:
        g = reshape(g, shape=reduced_shape(x_shape, axes, True))
    return broadcast_to(g, shape=x_shape)


sum = primitive(  # noqa: A001 - the Array API name
    "sum",
    infer=reduction_infer("numeric"),
    grad=lambda g, x, *, out, axes, keepdims: (expand_reduced(g, x.shape, axes, keepdims),),
    numpy=lambda x, *, axes, keepdims: np.sum(x, axis=axes, keepdims=keepdims, dtype=x.dtype),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_sum, x, axes, keepdims),
)


def _extremum_grad(g, x, *, out, axes, keepdims):
    """The gradient goes to the elements equal to the extremum, split evenly among ties."""
    out_b = expand_reduced(out, x.shape, axes, keepdims)
    hits = where(equal(x, out_b), _ones(x), zeros_like(x))
    count = expand_reduced(sum(hits, axes=axes, keepdims=keepdims), x.shape, axes, keepdims)
    return (multiply(expand_reduced(g, x.shape, axes, keepdims), divide(hits, count)),)


def _ones(x):
    from gradflow.ops.elementwise import ones_like

    return ones_like(x)


def _nonempty(kernel):
    def run(x, *, axes, keepdims):
        if x.size == 0 and any(x.shape[a] == 0 for a in axes):
            raise ArgumentError(
                f"{kernel.__name__}: cannot reduce a size-0 axis (shape {x.shape}, axes {axes}); "
                "there is no identity for max/min"
            )
        return kernel(x, axis=axes, keepdims=keepdims)

    return run


max = primitive(  # noqa: A001 - the Array API name
    "max",
    infer=reduction_infer("real numeric"),
    grad=_extremum_grad,
    numpy=_nonempty(np.max),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_max, x, axes, keepdims),
)
min = primitive(  # noqa: A001 - the Array API name
    "min",
    infer=reduction_infer("real numeric"),
    grad=_extremum_grad,
    numpy=_nonempty(np.min),
    xla=lambda lax, x, *, axes, keepdims: _xla_keepdims(lax, lax.reduce_min, x, axes, keepdims),
)


def _xla_keepdims(lax, reducer, x, axes, keepdims):
    out = reducer(x, axes)
    if keepdims:
        out = lax.reshape(out, tuple(1 if i in axes else d for i, d in enumerate(x.shape)))
    return out
