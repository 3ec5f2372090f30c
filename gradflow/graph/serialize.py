"""Graphs to JSON and back. Attributes keep their types (tuples, dtypes, nested
tuples); constants are stored with their dtype and shape. Variables are stored by name
and shape: loading needs the variables to bind to (or makes fresh ones).

Sub-graphs (cond's branches, scan's body, while_loop's condition and body, nested to
any depth) are stored once each in a top-level `subgraphs` table, in the order they are
first met, and an attribute names one as `{"graph": position}`; so a body that two
nodes share (a scan and its gradient's replay) is still one Graph after loading. Each
graph keeps its buffer plan (passes/buffer_reuse.py) and its nodes' source lines.
"""

from __future__ import annotations

import json

import numpy as np

from gradflow import dtypes
from gradflow.core.spec import TensorSpec
from gradflow.errors import ArgumentError
from gradflow.graph.ir import Graph, Node


class _Writer:
    """Turns graphs into dicts, collecting sub-graphs into one table."""

    def __init__(self):
        self.table: list[dict | None] = []
        self.position: dict[int, int] = {}  # id(graph) -> place in the table

    def encode(self, value):
        if isinstance(value, Graph):
            return {"graph": self.subgraph(value)}
        if isinstance(value, np.dtype):
            return {"dtype": value.name}
        if isinstance(value, tuple):
            return {"tuple": [self.encode(v) for v in value]}
        if isinstance(value, (np.integer, np.floating, np.bool_)):
            return value.item()
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        raise ArgumentError(f"to_json: cannot serialize the attribute value {value!r}")

    def subgraph(self, graph: Graph) -> int:
        found = self.position.get(id(graph))
        if found is None:
            found = self.position[id(graph)] = len(self.table)
            self.table.append(None)  # reserve the place: nested graphs come after it
            self.table[found] = self.graph(graph)
        return found

    def graph(self, graph: Graph) -> dict:
        return {
            "name": graph.name,
            "inputs": [_spec(v) for v in graph.inputs],
            "state": [
                dict(_spec(v), variable=var.name) for v, var in zip(graph.state, graph.variables)
            ],
            "constants": [dict(_spec(v), values=_values(a)) for v, a in graph.constants],
            "nodes": [
                {
                    "op": n.prim.name,
                    "inputs": [v.index for v in n.inputs],
                    "attrs": {k: self.encode(a) for k, a in n.attrs.items()},
                    "outputs": [_spec(v) for v in n.outputs],
                    "source": n.source,
                }
                for n in graph.nodes
            ],
            "outputs": [v.index for v in graph.outputs],
            "updates": {str(k): v.index for k, v in graph.updates.items()},
            "buffer_plan": [[out, donor] for out, donor in graph.buffer_plan.items()],
        }


def _spec(v) -> dict:
    return {"id": v.index, "shape": list(v.shape), "dtype": v.dtype.name}


def _values(a: np.ndarray):
    if a.dtype.kind == "c":
        return [a.real.tolist(), a.imag.tolist()]
    return a.astype(np.float64 if a.dtype.kind == "f" else a.dtype).tolist()


def to_json(graph: Graph) -> str:
    """The graph as a JSON string.

    Args:
        graph: the graph, possibly with sub-graphs in its nodes' attributes.

    Returns:
        The JSON text; `from_json` rebuilds the graph from it.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow.graph.trace import trace
    >>> spec = gf.TensorSpec((2,), np.float32)
    >>> graph = trace(lambda x: x + x, [spec], lambda s: (s, {}), "double")
    >>> print(from_json(to_json(graph)))
    graph double(%0: float32[2]) {
      %1 = add(%0, %0)
      return (%1)
    }
    """
    writer = _Writer()
    data = writer.graph(graph)
    data["subgraphs"] = writer.table
    return json.dumps(data)


class _Reader:
    """Rebuilds graphs from `_Writer` dicts; each table entry becomes one Graph."""

    def __init__(self, table: list[dict]):
        self.table = table
        self.built: dict[int, Graph] = {}

    def decode(self, value):
        if isinstance(value, dict):
            if "dtype" in value:
                return dtypes.as_dtype(value["dtype"])
            if "graph" in value:
                return self.subgraph(value["graph"])
            return tuple(self.decode(v) for v in value["tuple"])
        return value

    def subgraph(self, position: int) -> Graph:
        if not isinstance(position, int) or not 0 <= position < len(self.table):
            raise ArgumentError(
                f"from_json: a node refers to sub-graph {position!r}, but the text holds "
                f"{len(self.table)} sub-graphs"
            )
        if position not in self.built:
            self.built[position] = self.graph(self.table[position], None)
        return self.built[position]

    def graph(self, data: dict, variables: list | None) -> Graph:
        from gradflow.core.primitive import REGISTRY
        from gradflow.core.variable import Variable
        from gradflow.graph.ir import SymbolicTensor

        graph = Graph(data["name"])
        values = {}

        def make(entry):
            v = SymbolicTensor(TensorSpec(entry["shape"], entry["dtype"]), graph)
            values[entry["id"]] = v
            return v

        graph.inputs = [make(entry) for entry in data["inputs"]]
        for i, entry in enumerate(data["state"]):
            graph.state.append(make(entry))
            if variables is not None:
                graph.variables.append(variables[i])
            else:
                array = np.zeros(tuple(entry["shape"]), dtypes.as_dtype(entry["dtype"]))
                graph.variables.append(Variable(array, name=entry["variable"]))
        for entry in data["constants"]:
            graph.constants.append((make(entry), _array(entry)))
        for entry in data["nodes"]:
            if entry["op"] not in REGISTRY:
                raise ArgumentError(f"from_json: unknown op '{entry['op']}' in the graph")
            attrs = {k: self.decode(a) for k, a in entry["attrs"].items()}
            outs = tuple(make(o) for o in entry["outputs"])
            inputs = tuple(values[i] for i in entry["inputs"])
            node = Node(REGISTRY[entry["op"]], inputs, attrs, outs, entry.get("source", ""))
            graph.nodes.append(node)
        graph.outputs = [values[i] for i in data["outputs"]]
        graph.updates = {int(k): values[i] for k, i in data["updates"].items()}
        graph.output_structure = (list(graph.outputs), [False] * len(graph.outputs))
        graph.buffer_plan = {
            values[out].index: values[donor].index for out, donor in data.get("buffer_plan", [])
        }
        return graph


def _array(entry: dict) -> np.ndarray:
    dtype = dtypes.as_dtype(entry["dtype"])
    raw = entry["values"]
    if dtype.kind == "c":
        array = np.asarray(raw[0]) + 1j * np.asarray(raw[1])
    else:
        array = np.asarray(raw)
    return array.astype(dtype).reshape(entry["shape"])


def from_json(text: str, variables: list | None = None) -> Graph:
    """A Graph from `to_json`'s text.

    Args:
        text: the JSON string.
        variables: the Variables for the graph's state, in order; by default fresh
            zero-valued Variables of the recorded names and shapes.

    Returns:
        The graph, with its sub-graphs rebuilt (one Graph per stored sub-graph).
    """
    data = json.loads(text)
    return _Reader(data.get("subgraphs", [])).graph(data, variables)
