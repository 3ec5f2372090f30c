"""Dead-code elimination: drop nodes whose outputs reach no output or state update, and
constants nobody reads."""

from __future__ import annotations

from gradflow.graph.ir import Graph


def eliminate_dead_code(graph: Graph) -> Graph:
    """Remove unused nodes and constants (in place); returns the graph."""
    needed = {v.index for v in graph.live_values()}
    kept = []
    for node in reversed(graph.nodes):
        if any(out.index in needed for out in node.outputs):
            kept.append(node)
            needed.update(v.index for v in node.inputs)
    graph.nodes = kept[::-1]
    graph.constants = [(v, a) for v, a in graph.constants if v.index in needed]
    return graph
