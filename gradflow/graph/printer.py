"""The graph as readable text (jaxpr-like), for users, golden tests and error messages.

graph f(%0: float32[?,3]) {
  const %1: float32[] = 2.0
  %2 = broadcast_to(%1, shape=(3,))
  %3 = multiply(%0, %2)
  %4 = exp(%3)  # reuses %3
  %5 = scan(%4, body={scan_body}, length=None, ...)
    graph scan_body(%0: float32[3]) {
      %1 = sin(%0)
      return (%1)
    }
  return (%5)
}

A node holding sub-graphs (cond's branches, scan's body, while_loop's condition and
body) names them in its attributes (`{scan_body}`) and prints them, in that order,
indented under its line. `# reuses %3` marks a node the NumPy executor runs in place,
writing into the buffer of its dying input %3 (see passes/buffer_reuse.py).
"""

from __future__ import annotations

import numpy as np

from gradflow.core.spec import format_spec
from gradflow.graph.ir import Graph


def _format_attr(value) -> str:
    if isinstance(value, np.dtype):
        return value.name
    if isinstance(value, Graph):
        return f"{{{value.name}}}"
    if isinstance(value, tuple) and subgraphs(value):
        items = [_format_attr(v) for v in value]
        return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
    return repr(value)


def _format_constant(array: np.ndarray) -> str:
    if array.size <= 4:
        return np.array2string(array, separator=", ").replace("\n", "")
    return f"<{array.size} values>"


def subgraphs(value) -> list[Graph]:
    """The graphs held by an attribute value (a Graph or nested tuples of them), in order."""
    if isinstance(value, Graph):
        return [value]
    if isinstance(value, tuple):
        return [g for v in value for g in subgraphs(v)]
    return []


def format_graph(graph: Graph, sources: bool = False) -> str:
    """The graph as text; `sources=True` appends each node's user source line.

    Args:
        graph: the graph to print.
        sources: whether to append each node's `file.py:line`.

    Returns:
        The text, one line per value definition, sub-graphs indented under their node.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow.graph.trace import trace
    >>> spec = gf.TensorSpec((2,), np.float32)
    >>> print(format_graph(trace(lambda x: x * x, [spec], lambda s: (s, {}), "square")))
    graph square(%0: float32[2]) {
      %1 = multiply(%0, %0)
      return (%1)
    }
    """
    return "\n".join(_lines(graph, sources, ""))


def _lines(graph: Graph, sources: bool, indent: str) -> list[str]:
    params = ", ".join(f"{v.name}: {format_spec(v.spec)}" for v in graph.inputs)
    lines = [f"graph {graph.name}({params}) {{"]
    for v, var in zip(graph.state, graph.variables):
        lines.append(f"  state {v.name}: {format_spec(v.spec)} = variable '{var.name}'")
    for v, array in graph.constants:
        lines.append(f"  const {v.name}: {format_spec(v.spec)} = {_format_constant(array)}")
    plan = graph.buffer_plan
    for node in graph.nodes:
        outs = ", ".join(v.name for v in node.outputs)
        args = [v.name for v in node.inputs]
        args += [f"{k}={_format_attr(a)}" for k, a in node.attrs.items()]
        line = f"  {outs} = {node.prim.name}({', '.join(args)})"
        notes = []
        donor = plan.get(node.outputs[0].index) if node.outputs else None
        if donor is not None:
            notes.append(f"reuses %{donor}")
        if sources and node.source:
            line = f"{line:<60}"
            notes.append(node.source)
        if notes:
            line = f"{line}  # {', '.join(notes)}"
        lines.append(line)
        for sub in (g for a in node.attrs.values() for g in subgraphs(a)):
            lines.extend(_lines(sub, sources, "    "))
    lines.append(f"  return ({', '.join(v.name for v in graph.outputs)})")
    for position, v in sorted(graph.updates.items()):
        lines.append(f"  assign '{graph.variables[position].name}' <- {v.name}")
    lines.append("}")
    return [indent + line for line in lines]
