"""Eager execution on the XLA backend: one compiled program per primitive call shape.

`kernel_for(prim)` makes the callable `bind` runs for `prim` on the xla backend. It
keeps one entry per (attributes, input shapes and dtypes): the outputs' specs (from the
primitive's own shape/dtype rule) and a `jax.jit` of the rule, so a repeated call costs
a dictionary lookup and a jitted dispatch. Ops whose output shape depends on the input
values (nonzero, unique, boolean masks) cannot compile; they run the rule op by op.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from gradflow.backends.xla.lowering import apply_rule, missing_rule_error
from gradflow.backends.xla.runtime import jax_module
from gradflow.core.spec import spec_of


class EagerKernel:
    """The xla-backend kernel of one primitive: `(*arrays, **attrs) -> array(s)`."""

    __slots__ = ("prim", "_cache")

    def __init__(self, prim):
        self.prim = prim
        self._cache: dict = {}

    def __call__(self, *arrays, **attrs):
        avals = tuple((a.shape, a.dtype) for a in arrays)
        try:
            key = (tuple(attrs.items()), avals)
            fn = self._cache.get(key)
        except TypeError:  # an unhashable attribute (a slice, a list): key on its form
            key = (_hashable(attrs), avals)
            fn = self._cache.get(key)
        if fn is None:
            fn = self._cache[key] = self._compile(arrays, attrs)
        return fn(*arrays)

    def _compile(self, arrays, attrs: dict) -> Callable:
        prim = self.prim
        out = prim.infer(*[spec_of(a.shape, np.dtype(a.dtype)) for a in arrays], **attrs)
        specs = tuple(out) if prim.multiple_results else (out,)

        def run(*xs):
            return apply_rule(prim, xs, attrs, specs)

        if any(None in s.shape for s in specs):
            return run  # a data-dependent shape: op by op, on concrete values
        return jax_module().jit(run)


def _hashable(value):
    """A hashable stand-in for an attribute value (equal values give equal keys)."""
    if isinstance(value, dict):
        return ("dict",) + tuple((k, _hashable(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,) + tuple(_hashable(v) for v in value)
    if isinstance(value, slice):
        return ("slice", _hashable(value.start), _hashable(value.stop), _hashable(value.step))
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return value


def kernel_for(prim) -> EagerKernel:
    """The eager xla kernel of `prim`; BackendError if it has no XLA rule."""
    if prim.xla is None:
        raise missing_rule_error(prim)
    jax_module()
    return EagerKernel(prim)


def array_type() -> type:
    """The type of the arrays this backend's kernels return (jax.Array)."""
    return jax_module().Array
