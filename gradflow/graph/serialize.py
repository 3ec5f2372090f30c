"""Graphs to JSON and back. Attributes keep their types (tuples, dtypes, nested
tuples); constants are stored with their dtype and shape. Variables are stored by name
and shape: loading needs the variables to bind to (or makes fresh ones)."""

from __future__ import annotations

import json

import numpy as np

from gradflow import dtypes
from gradflow.core.spec import TensorSpec
from gradflow.errors import ArgumentError
from gradflow.graph.ir import Graph, Node


def _encode(value):
    if isinstance(value, np.dtype):
        return {"dtype": value.name}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise ArgumentError(f"to_json: cannot serialize the attribute value {value!r}")


def _decode(value):
    if isinstance(value, dict):
        if "dtype" in value:
            return dtypes.as_dtype(value["dtype"])
        return tuple(_decode(v) for v in value["tuple"])
    return value


def _spec(v) -> dict:
    return {"id": v.index, "shape": list(v.shape), "dtype": v.dtype.name}


def to_json(graph: Graph) -> str:
    """The graph as a JSON string."""
    data = {
        "name": graph.name,
        "inputs": [_spec(v) for v in graph.inputs],
        "state": [
            dict(_spec(v), variable=var.name) for v, var in zip(graph.state, graph.variables)
        ],
        "constants": [
            dict(
                _spec(v),
                values=a.astype(np.float64 if a.dtype.kind == "f" else a.dtype).tolist()
                if a.dtype.kind != "c"
                else [a.real.tolist(), a.imag.tolist()],
            )
            for v, a in graph.constants
        ],
        "nodes": [
            {
                "op": n.prim.name,
                "inputs": [v.index for v in n.inputs],
                "attrs": {k: _encode(a) for k, a in n.attrs.items()},
                "outputs": [_spec(v) for v in n.outputs],
            }
            for n in graph.nodes
        ],
        "outputs": [v.index for v in graph.outputs],
        "updates": {str(k): v.index for k, v in graph.updates.items()},
    }
    return json.dumps(data)


def from_json(text: str, variables: list | None = None) -> Graph:
    """A Graph from `to_json`'s text.

    Args:
        text: the JSON string.
        variables: the Variables for the graph's state, in order; by default fresh
            zero-valued Variables of the recorded names and shapes.
    """
    from gradflow.core.primitive import REGISTRY
    from gradflow.core.variable import Variable
    from gradflow.graph.ir import SymbolicTensor

    data = json.loads(text)
    graph = Graph(data["name"])
    values = {}

    def make(entry):
        spec = TensorSpec(entry["shape"], entry["dtype"])
        v = SymbolicTensor(spec, graph)
        values[entry["id"]] = v
        return v

    for entry in data["inputs"]:
        graph.inputs.append(make(entry))
    for i, entry in enumerate(data["state"]):
        graph.state.append(make(entry))
        if variables is not None:
            graph.variables.append(variables[i])
        else:
            shape = tuple(entry["shape"])
            graph.variables.append(
                Variable(np.zeros(shape, dtypes.as_dtype(entry["dtype"])), name=entry["variable"])
            )
    for entry in data["constants"]:
        v = make(entry)
        dtype = dtypes.as_dtype(entry["dtype"])
        raw = entry["values"]
        array = (
            (np.asarray(raw[0]) + 1j * np.asarray(raw[1])) if dtype.kind == "c" else np.asarray(raw)
        )
        graph.constants.append((v, array.astype(dtype).reshape(entry["shape"])))
    for entry in data["nodes"]:
        if entry["op"] not in REGISTRY:
            raise ArgumentError(f"from_json: unknown op '{entry['op']}' in the graph")
        prim = REGISTRY[entry["op"]]
        outs = tuple(make(o) for o in entry["outputs"])
        attrs = {k: _decode(a) for k, a in entry["attrs"].items()}
        graph.nodes.append(Node(prim, tuple(values[i] for i in entry["inputs"]), attrs, outs))
    graph.outputs = [values[i] for i in data["outputs"]]
    graph.updates = {int(k): values[i] for k, i in data["updates"].items()}
    graph.output_structure = (list(graph.outputs), [False] * len(graph.outputs))
    return graph
