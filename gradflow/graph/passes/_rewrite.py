"""Shared machinery for passes: replacing values and copying graphs."""

from __future__ import annotations

import copy

from gradflow.graph.ir import Graph, Node


def shallow_copy(graph: Graph) -> Graph:
    """A graph sharing values and nodes with `graph` but with its own lists, and no buffer
    plan (a rewrite would make it stale; passes/buffer_reuse.py makes a new one)."""
    new = copy.copy(graph)
    new.inputs, new.state, new.variables = (
        list(graph.inputs),
        list(graph.state),
        list(graph.variables),
    )
    new.constants, new.nodes, new.outputs = (
        list(graph.constants),
        list(graph.nodes),
        list(graph.outputs),
    )
    new.updates = dict(graph.updates)
    new.buffer_plan = {}
    return new


def replace_uses(graph: Graph, mapping: dict) -> None:
    """Make every reader of value `old` read `mapping[old.index]` instead (in place)."""
    if not mapping:
        return

    def sub(v):
        while v.index in mapping:
            v = mapping[v.index]
        return v

    nodes = []
    for node in graph.nodes:
        inputs = tuple(sub(v) for v in node.inputs)
        if any(a is not b for a, b in zip(inputs, node.inputs)):
            node = Node(node.prim, inputs, node.attrs, node.outputs, node.source)
        nodes.append(node)
    graph.nodes = nodes
    graph.outputs = [sub(v) for v in graph.outputs]
    graph.updates = {k: sub(v) for k, v in graph.updates.items()}
