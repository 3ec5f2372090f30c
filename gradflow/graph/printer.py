"""The graph as readable text (jaxpr-like), for users, golden tests and error messages.

graph f(%0: float32[?,3]) {
  const %1: float32[] = 2.0
  %2 = multiply(%0, %3)    # f.py:12
  return (%2)
}
"""

from __future__ import annotations

import numpy as np

from gradflow.core.spec import format_spec


def _format_attr(value) -> str:
    if isinstance(value, np.dtype):
        return value.name
    return repr(value)


def _format_constant(array: np.ndarray) -> str:
    if array.size <= 4:
        return np.array2string(array, separator=", ").replace("\n", "")
    return f"<{array.size} values>"


def format_graph(graph, sources: bool = False) -> str:
    """The graph as text; `sources=True` appends each node's user source line."""
    params = ", ".join(f"{v.name}: {format_spec(v.spec)}" for v in graph.inputs)
    lines = [f"graph {graph.name}({params}) {{"]
    for v, var in zip(graph.state, graph.variables):
        lines.append(f"  state {v.name}: {format_spec(v.spec)} = variable '{var.name}'")
    for v, array in graph.constants:
        lines.append(f"  const {v.name}: {format_spec(v.spec)} = {_format_constant(array)}")
    for node in graph.nodes:
        outs = ", ".join(v.name for v in node.outputs)
        args = [v.name for v in node.inputs]
        args += [f"{k}={_format_attr(a)}" for k, a in node.attrs.items()]
        line = f"  {outs} = {node.prim.name}({', '.join(args)})"
        if sources and node.source:
            line = f"{line:<60}  # {node.source}"
        lines.append(line)
    lines.append(f"  return ({', '.join(v.name for v in graph.outputs)})")
    for position, v in sorted(graph.updates.items()):
        lines.append(f"  assign '{graph.variables[position].name}' <- {v.name}")
    lines.append("}")
    return "\n".join(lines)
