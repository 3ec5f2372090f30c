"""Common-subexpression elimination: two nodes with the same primitive, inputs and
attributes compute the same values (random ops included: their key is an input), so
the later one's readers read the earlier one's outputs."""

from __future__ import annotations

from gradflow.graph.ir import Graph
from gradflow.graph.passes._rewrite import replace_uses


def _attrs_key(attrs: dict):
    try:
        key = tuple(sorted(attrs.items()))
        hash(key)
    except TypeError:
        return None
    return key


def eliminate_common_subexpressions(graph: Graph) -> Graph:
    """Merge duplicate nodes (in place); returns the graph."""
    seen: dict[tuple, object] = {}
    mapping: dict[int, object] = {}
    kept = []
    for node in graph.nodes:
        inputs = tuple(mapping.get(v.index, v).index for v in node.inputs)
        attrs = _attrs_key(node.attrs)
        key = None if attrs is None else (node.prim.name, inputs, attrs)
        first = seen.get(key) if key is not None else None
        if first is not None:
            for old, new in zip(node.outputs, first.outputs):
                mapping[old.index] = new
            continue
        if key is not None:
            seen[key] = node
        kept.append(node)
    graph.nodes = kept
    replace_uses(graph, mapping)
    return graph
