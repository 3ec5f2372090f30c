"""Algebraic simplification: x*1, x+0, x-0, x/1, double transposes, reshape chains,
no-op reshapes and broadcasts."""

from __future__ import annotations

import numpy as np

from gradflow.graph.ir import Graph, Node
from gradflow.graph.passes._rewrite import replace_uses

_IDENTITY_RIGHT = {"add": 0, "subtract": 0, "multiply": 1, "divide": 1}
_IDENTITY_LEFT = {"add": 0, "multiply": 1}


def simplify(graph: Graph) -> Graph:
    """Apply the rewrites (in place) until none applies; returns the graph."""
    constants = {v.index: a for v, a in graph.constants}
    producer: dict[int, Node] = {}
    mapping: dict[int, object] = {}
    kept = []
    for node in graph.nodes:
        inputs = tuple(_resolve(v, mapping) for v in node.inputs)
        if any(a is not b for a, b in zip(inputs, node.inputs)):
            node = Node(node.prim, inputs, node.attrs, node.outputs, node.source)
        replacement = _rewrite(node, constants, producer)
        if isinstance(replacement, Node):
            node = replacement
        elif replacement is not None:
            mapping[node.outputs[0].index] = replacement
            continue
        for out in node.outputs:
            producer[out.index] = node
        kept.append(node)
    graph.nodes = kept
    replace_uses(graph, mapping)
    return graph


def _resolve(v, mapping):
    while v.index in mapping:
        v = mapping[v.index]
    return v


def _is_fill(value, constants, fill) -> bool:
    array = constants.get(value.index)
    return array is not None and array.size > 0 and bool(np.all(array == fill))


def _rewrite(node: Node, constants: dict, producer: dict):
    """A value that replaces the node's output, a cheaper Node, or None."""
    name = node.prim.name
    out = node.outputs[0] if node.outputs else None
    if name in _IDENTITY_RIGHT and len(node.inputs) == 2:
        x, y = node.inputs
        if _is_fill(y, constants, _IDENTITY_RIGHT[name]) and x.spec == out.spec:
            return x
        if (
            name in _IDENTITY_LEFT
            and _is_fill(x, constants, _IDENTITY_LEFT[name])
            and y.spec == out.spec
        ):
            return y
    if name in ("reshape", "broadcast_to") and node.inputs[0].shape == out.shape:
        if None not in out.shape:
            return node.inputs[0]
    if name == "reshape":
        inner = producer.get(node.inputs[0].index)
        if inner is not None and inner.prim.name == "reshape":
            return Node(node.prim, inner.inputs, node.attrs, node.outputs, node.source)
    if name == "permute_dims":
        axes = node.attrs["axes"]
        if axes == tuple(range(len(axes))):
            return node.inputs[0]
        inner = producer.get(node.inputs[0].index)
        if inner is not None and inner.prim.name == "permute_dims":
            composed = tuple(inner.attrs["axes"][a] for a in axes)
            if composed == tuple(range(len(composed))):
                return inner.inputs[0]
            return Node(node.prim, inner.inputs, {"axes": composed}, node.outputs, node.source)
    return None
