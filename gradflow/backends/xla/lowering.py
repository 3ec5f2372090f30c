"""Lowering: primitives and graphs to jax, through each primitive's `xla=` rule.

A rule is called as `rule(lax, *arrays, **attrs)`; `lax` (the `LAX` namespace here)
offers every name of `jax.lax`, plus `lax.np` (jax.numpy), `lax.random` (jax.random)
and `lax.lower_graph`, which control-flow rules use to lower their body graphs.
`apply_rule` is the one place a rule runs: it names the op in every error and casts
results to the dtypes the op's shape/dtype rule promised.
"""

from __future__ import annotations

from typing import Callable, Sequence

from gradflow.backends.xla.runtime import jax_module
from gradflow.core.spec import TensorSpec
from gradflow.errors import BackendError


class _Lax:
    """The namespace XLA rules receive: jax.lax, with jax.numpy and jax.random beside it."""

    def __init__(self):
        jax = jax_module()
        self._lax = jax.lax
        self.np = jax.numpy
        self.random = jax.random
        self.linalg = jax.lax.linalg
        self.lower_graph = lower_graph

    def __getattr__(self, name: str):
        return getattr(self._lax, name)


_LAX: _Lax | None = None


def lax_namespace() -> _Lax:
    """The `lax` argument of every XLA rule (made on first use)."""
    global _LAX
    if _LAX is None:
        _LAX = _Lax()
    return _LAX


def missing_rule_error(prim) -> BackendError:
    return BackendError(
        f"{prim.name}: no kernel for the 'xla' backend (the primitive declares no xla= "
        "rule); run it on the 'numpy' backend, or give the primitive an XLA rule"
    )


def apply_rule(prim, arrays: Sequence, attrs: dict, specs: Sequence[TensorSpec], where=""):
    """`prim`'s XLA rule on jax values; the result has the dtypes of `specs`.

    Args:
        prim: the primitive.
        arrays: its operands (jax arrays or tracers, or NumPy arrays).
        attrs: its attributes.
        specs: the output specs its shape/dtype rule gave (one per output).
        where: the user's source line, for messages (graph mode).

    Returns:
        An array, or a tuple of them for a primitive with multiple results.
    """
    if prim.xla is None:
        raise missing_rule_error(prim)
    jax = jax_module()
    try:
        result = prim.xla(lax_namespace(), *arrays, **attrs)
    except (jax.errors.ConcretizationTypeError, jax.errors.NonConcreteBooleanIndexError):
        place = f" — in {where}" if where else ""
        raise BackendError(
            f"{prim.name}: the output's shape depends on the input values, which a "
            "compiled XLA program cannot have (every shape is fixed when it compiles); "
            f"compute it eagerly, or with a fixed size (e.g. a mask with gf.numpy.where)"
            f"{place}"
        ) from None
    results = tuple(result) if prim.multiple_results else (result,)
    if len(results) != len(specs):
        raise BackendError(
            f"{prim.name}: the XLA rule gave {len(results)} outputs, the shape/dtype rule "
            f"says {len(specs)}"
        )
    results = tuple(_as_dtype(r, s.dtype) for r, s in zip(results, specs))
    return results if prim.multiple_results else results[0]


def _as_dtype(value, dtype):
    np_ = jax_module().numpy
    if getattr(value, "dtype", None) != dtype:
        return np_.asarray(value).astype(dtype)
    return value


def node_specs(node) -> tuple:
    return tuple(v.spec for v in node.outputs)


def evaluate(graph, inputs: Sequence, state: Sequence, constants: Sequence) -> dict:
    """Run `graph`'s nodes through their XLA rules; a map from value index to array."""
    env = {}
    for v, a in zip(graph.inputs, inputs):
        env[v.index] = a
    for v, a in zip(graph.state, state):
        env[v.index] = a
    for (v, _), a in zip(graph.constants, constants):
        env[v.index] = a
    for node in graph.nodes:
        result = apply_rule(
            node.prim,
            [env[v.index] for v in node.inputs],
            node.attrs,
            node_specs(node),
            node.source,
        )
        results = result if node.prim.multiple_results else (result,)
        for out, value in zip(node.outputs, results):
            env[out.index] = value
    return env


def lower_graph(graph) -> Callable:
    """A function `(*arrays) -> list of arrays` evaluating a stateless graph's outputs.

    The graph's constants become constants of the lowered program. This is the
    `lax.lower_graph` that control-flow rules (cond, scan, while_loop) call.
    """
    constants = [array for _, array in graph.constants]

    def run(*arrays):
        env = evaluate(graph, arrays, (), constants)
        return [env[v.index] for v in graph.outputs]

    return run
