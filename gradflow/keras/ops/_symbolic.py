"""The decorator every public keras.ops function wears: on KerasTensors it records a node
of the layer graph (through `symbolic_call`) instead of computing."""

from __future__ import annotations

import functools
import sys

from gradflow.keras.engine.keras_tensor import any_symbolic_tensors
from gradflow.keras.engine.operation import symbolic_call

_EXPORTED: dict[str, list[str]] = {}


def keras_op(fn):
    """Make `fn` a public op: symbolic on KerasTensors, eager otherwise.

    Args:
        fn: the op's eager implementation (on gradflow tensors).

    Returns:
        The public function, registered for its module's `__all__`.

    Example:
    >>> @keras_op
    ... def twice(x):
    ...     return x * 2
    >>> twice(3)
    6
    """

    op = symbolic_aware(fn)
    _EXPORTED.setdefault(fn.__module__, []).append(fn.__name__)
    return op


def symbolic_aware(fn):
    """`fn`, recording a node (instead of computing) when called on KerasTensors."""

    @functools.wraps(fn)
    def op(*args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            return symbolic_call(op, args, kwargs)
        return fn(*args, **kwargs)

    return op


def exported(module_name: str) -> list[str]:
    """The names `keras_op` registered in `module_name`, in definition order."""
    return list(_EXPORTED.get(module_name, []))


def register(name: str, module_name: str) -> None:
    """Export `name` from `module_name` without wrapping it (host-side functions such as
    `shape`, which never build nodes)."""
    _EXPORTED.setdefault(module_name, []).append(name)


def alias(name: str, fn, module_name: str):
    """Export `fn` a second time under `name` in `module_name` (e.g. absolute = abs)."""
    module = sys.modules[module_name]
    setattr(module, name, fn)
    _EXPORTED.setdefault(module_name, []).append(name)
