"""Replay a traced graph op by op through `bind`, so that GradientTapes outside a
gf.function call record its primitives and can differentiate through it.

A gf.function normally runs its graph as one program that tapes cannot see into. When a
tape outside the call is recording a value the function uses, the call replays the same
optimized graph eagerly instead: every node goes through the one door (`bind`) with real
tensors, so the tape records exactly the primitives the graph holds — the Python
function itself is not run again (its trace-time side effects stay trace-time only).
"""

from __future__ import annotations

from gradflow.core import context, tree
from gradflow.core.primitive import bind
from gradflow.core.tensor import Tensor


def tape_needs_replay(graph, tensors: list) -> bool:
    """Whether a recording tape watches one of the call's inputs or variables."""
    for tape in context.state().tapes:
        if not tape._recording:
            continue
        if any(id(t) in tape._watched for t in tensors):
            return True
        if any((tape._watch_accessed and v.trainable) or id(v) in tape._watched_variable_ids
               for v in graph.variables):
            return True
    return False


def replay(graph, tensors: list):
    """Run `graph` on `tensors` node by node through `bind`; assign its variable updates;
    return its outputs in the function's structure."""
    values: dict[int, Tensor] = {}
    for symbol, tensor in zip(graph.inputs, tensors):
        values[symbol.index] = tensor
    for symbol, variable in zip(graph.state, graph.variables):
        values[symbol.index] = variable._read()  # tapes note the read, as eagerly
    for symbol, array in graph.constants:
        values[symbol.index] = Tensor(array)
    for node in graph.nodes:
        outputs = bind(node.prim, *[values[v.index] for v in node.inputs], **node.attrs)
        if not node.prim.multiple_results:
            outputs = (outputs,)
        for symbol, tensor in zip(node.outputs, outputs):
            values[symbol.index] = tensor
    for position, symbol in graph.updates.items():
        graph.variables[position].assign(values[symbol.index])
    result, none_mask = graph.output_structure
    it = iter(values[o.index] for o in graph.outputs)
    leaves = [None if is_none else next(it) for is_none in none_mask]
    return tree.unflatten_as(result, leaves)
