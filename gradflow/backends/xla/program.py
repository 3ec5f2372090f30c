"""A gf.function graph compiled by XLA into one program.

Forward pass, backward pass (already in the graph: tapes inside gf.function trace
their gradients) and variable updates become a single `jax.jit` program. The buffers
of the variables the graph updates are donated, so XLA writes the new values in place;
a buffer something else still references (a tensor read from the variable and kept by
the caller) is copied first, so donation never invalidates a live tensor.
"""

from __future__ import annotations

import sys

import numpy as np

from gradflow.backends.xla.lowering import evaluate
from gradflow.backends.xla.runtime import jax_module
from gradflow.graph.ir import Graph


def _private_refs() -> int:
    """What `sys.getrefcount` says of an object held only by one slot and one local, as
    `donatable_state` holds a variable's tensor and array (measured, since interpreters
    count differently); a higher count means someone else holds it too."""

    class Slot:
        __slots__ = ("value",)

    holder = Slot()
    holder.value = object()
    value = holder.value
    return sys.getrefcount(value)


_PRIVATE_REFS = _private_refs()


class XlaProgram:
    """A Graph ready to run as one XLA program, with the interface of the NumPy
    executor's Program: `run(inputs, state) -> (outputs, [(state position, array)])`.

    Args:
        graph: the (optimized) graph.
        to_numpy: give NumPy arrays back (a `jit_compile=True` function on the numpy
            backend) instead of jax arrays.
    """

    def __init__(self, graph: Graph, to_numpy: bool = False):
        jax = jax_module()
        self.graph = graph
        self.to_numpy = to_numpy
        self.updated = sorted(graph.updates)
        self._updated_set = frozenset(self.updated)
        self.kept = [p for p in range(len(graph.state)) if p not in self._updated_set]
        # A constant whose elements are all equal (a folded broadcast of a scalar) is
        # rebuilt inside the program as a broadcast, which XLA fuses into its consumers;
        # other constants are passed in as device arrays, read rather than recompiled.
        self.uniform = {}
        self.constants = []
        for position, (_, array) in enumerate(graph.constants):
            if _uniform(array):
                self.uniform[position] = (array.reshape(-1)[0], array.shape, array.dtype)
            else:
                self.constants.append(jax.numpy.asarray(array))
        self._jitted = jax.jit(self._program, donate_argnums=(0,))

    def _program(self, donated, kept, passed, inputs):
        graph = self.graph
        state = [None] * len(graph.state)
        for p, a in zip(self.updated, donated):
            state[p] = a
        for p, a in zip(self.kept, kept):
            state[p] = a
        env = evaluate(graph, inputs, state, self._all_constants(passed))
        outputs = [env[v.index] for v in graph.outputs]
        updates = [env[graph.updates[p].index] for p in self.updated]
        return outputs, updates

    def _all_constants(self, passed: list) -> list:
        full = jax_module().numpy.full
        it = iter(passed)
        constants = []
        for position in range(len(self.graph.constants)):
            uniform = self.uniform.get(position)
            if uniform is None:
                constants.append(next(it))
            else:
                value, shape, dtype = uniform
                constants.append(full(shape, value, dtype))
        return constants

    def run(self, inputs: list, state: list) -> tuple[list, list]:
        """Run on input and state arrays; returns (outputs, [(state position, array)])."""
        donated = [state[p] for p in self.updated]
        kept = [state[p] for p in self.kept]
        outputs, updates = self._jitted(donated, kept, self.constants, inputs)
        if self.to_numpy:
            outputs = [np.asarray(a) for a in outputs]
            updates = [np.array(a) for a in updates]  # variables own writable buffers
        return outputs, list(zip(self.updated, updates))

    def donatable_state(self, variables: list) -> list:
        """The variables' arrays, each safe to donate: one referenced elsewhere is copied.

        Call as `program.donatable_state(graph.variables)`: only the variables the
        program updates are donated, so only they are checked.
        """
        state = []
        updated = self._updated_set
        for position, variable in enumerate(variables):
            tensor = variable._tensor
            array = tensor._value
            if position in updated and (
                sys.getrefcount(tensor) > _PRIVATE_REFS or sys.getrefcount(array) > _PRIVATE_REFS
            ):
                array = _copy(array)
            state.append(array)
        return state


def _uniform(array: np.ndarray) -> bool:
    """Whether every element of `array` equals the first (NaN never does: kept as is)."""
    if array.size == 0:
        return False
    flat = array.reshape(-1)
    return bool(np.all(flat == flat[0]))


def _copy(array):
    jax = jax_module()
    if isinstance(array, jax.Array):
        return jax.numpy.array(array, copy=True)
    return array  # a NumPy array: jax copies it to the device, so it is never donated
