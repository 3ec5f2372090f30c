"""Constant folding: a node whose inputs are all constants is run once at compile time
and its outputs become constants (unless they would be large)."""

from __future__ import annotations

import numpy as np

from gradflow.graph.ir import Graph, Node
from gradflow.graph.passes._rewrite import replace_uses

MAX_FOLDED_ELEMENTS = 1 << 16  # folding must not turn a small graph into a huge constant


def fold_constants(graph: Graph) -> Graph:
    """Evaluate all-constant nodes (in place); returns the graph."""
    values = {v.index: a for v, a in graph.constants}
    mapping, kept = {}, []
    for node in graph.nodes:
        if any(v.index in mapping for v in node.inputs):
            inputs = tuple(mapping.get(v.index, v) for v in node.inputs)
            node = Node(node.prim, inputs, node.attrs, node.outputs, node.source)
        if node.inputs and all(v.index in values for v in node.inputs) and _small(node):
            result = node.prim.impls["numpy"](*[values[v.index] for v in node.inputs], **node.attrs)
            results = result if node.prim.multiple_results else (result,)
            for out, array in zip(node.outputs, results):
                array = np.asarray(array, dtype=out.dtype)
                const = graph.add_constant(array)
                values[const.index] = array
                mapping[out.index] = const
            continue
        kept.append(node)
    graph.nodes = kept
    replace_uses(graph, mapping)
    return graph


def _small(node) -> bool:
    for out in node.outputs:
        size = out.size
        if size is None or size > MAX_FOLDED_ELEMENTS:
            return False
    return True
