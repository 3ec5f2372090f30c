"""The NumPy graph executor: a Graph compiled to a flat list of kernel calls over slots.

Compilation happens once per traced signature; a run is one tight loop with no shape
inference, no dispatch and no tape — the per-node cost is a kernel call and a few list
operations. A value's slot is cleared after its last use so memory follows liveness, and
a node in the graph's `buffer_plan` (passes/buffer_reuse.py) writes its result into its
dying input's array (`ufunc(..., out=array)`) instead of allocating one.
"""

from __future__ import annotations

import numpy as np

from gradflow.errors import BackendError, GraphError
from gradflow.graph.ir import Graph, Node


class Program:
    """A Graph ready to run on NumPy arrays.

    Args:
        graph: the (optimized) graph.
        backend: the name of the kernel set to use.
    """

    def __init__(self, graph: Graph, backend: str = "numpy"):
        self.graph = graph
        slot: dict[int, int] = {}

        def slot_of(value) -> int:
            if value.index not in slot:
                slot[value.index] = len(slot)
            return slot[value.index]

        self.input_slots = [slot_of(v) for v in graph.inputs]
        self.state_slots = [slot_of(v) for v in graph.state]
        self.constants = [(slot_of(v), array) for v, array in graph.constants]
        last_use = _last_uses(graph)
        self.steps = []
        for position, node in enumerate(graph.nodes):
            kernel = node.prim.impls.get(backend)
            if kernel is None:
                raise BackendError(f"{node.prim.name}: no kernel for the '{backend}' backend")
            ins = tuple(slot_of(v) for v in node.inputs)
            outs = tuple(slot_of(v) for v in node.outputs)
            dead = tuple(slot[v.index] for v in node.inputs if last_use.get(v.index) == position)
            into = _donor_slot(graph, node, kernel, slot, dead)
            self.steps.append(
                (kernel, ins, node.attrs, outs, node.prim.multiple_results, dead, into)
            )
        self.output_slots = [slot_of(v) for v in graph.outputs]
        self.update_slots = [(pos, slot_of(v), v.dtype) for pos, v in sorted(graph.updates.items())]
        self.n_slots = len(slot)
        self.dtypes = [v.dtype for v in graph.outputs]

    def run(self, inputs: list, state: list) -> tuple[list, list]:
        """Run on input and state arrays; returns (output arrays, [(state position, array)])."""
        env = [None] * self.n_slots
        for s, array in zip(self.input_slots, inputs):
            env[s] = array
        for s, array in zip(self.state_slots, state):
            env[s] = array
        for s, array in self.constants:
            env[s] = array
        for kernel, ins, attrs, outs, multiple, dead, into in self.steps:
            if into is None:
                result = kernel(*[env[i] for i in ins], **attrs)
            else:
                result = kernel(*[env[i] for i in ins], out=env[into])
            if multiple:
                for s, r in zip(outs, result):
                    env[s] = r
            else:
                env[outs[0]] = result
            for s in dead:
                env[s] = None
        outputs = [_as_array(env[s], d) for s, d in zip(self.output_slots, self.dtypes)]
        updates = [(pos, _as_array(env[s], d)) for pos, s, d in self.update_slots]
        return outputs, updates


def _as_array(value, dtype) -> np.ndarray:
    if type(value) is not np.ndarray or value.dtype != dtype:
        return np.asarray(value, dtype=dtype)
    return value


def _donor_slot(graph: Graph, node: Node, kernel, slot: dict, dead: tuple) -> int | None:
    """The slot whose array the node writes into, if the buffer plan says so; None for the
    other nodes and for kernels that are not ufuncs (another backend's)."""
    donor = graph.buffer_plan.get(node.outputs[0].index) if node.outputs else None
    if donor is None or not isinstance(kernel, np.ufunc):
        return None
    if slot.get(donor) not in dead:
        raise GraphError(
            f"{node.prim.name}: the buffer plan of graph '{graph.name}' lets "
            f"{node.outputs[0].name} reuse %{donor}, which is still read later; run "
            "gradflow.graph.passes.buffer_reuse.plan_buffer_reuse after the last pass that "
            "changes the graph"
        )
    return slot[donor]


def _last_uses(graph: Graph) -> dict[int, int]:
    """For each value a node reads, the position of the last node that reads it; values
    the run returns (outputs, final state) are never dead."""
    last: dict[int, int] = {}
    for position, node in enumerate(graph.nodes):
        for v in node.inputs:
            last[v.index] = position
    for v in graph.live_values():
        last.pop(v.index, None)
    return last
