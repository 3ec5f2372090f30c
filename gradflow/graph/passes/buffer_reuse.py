"""Buffer reuse: an elementwise node whose input dies at that node writes its result into
that input's buffer (`kernel(..., out=buffer)`) instead of allocating a new array.

The pass changes no node; it records its decisions in `graph.buffer_plan` (output index
-> donor input index), which the NumPy executor (graph/interpret.py) follows, the
printer shows (`# reuses %3`) and `to_json` keeps. A donor must be

- a buffer the executor owns: the output of a kernel known to return a fresh array
  (a NumPy ufunc, or one of FRESH_OPS). Graph inputs (the caller still holds them),
  state (a variable's storage) and constants are never donors;
- dead after this node, and so are all its possible aliases: the output of any other
  kernel (reshape, permute_dims, broadcast_to, getitem, split, cond, scan, ...) may be
  a view of, or the same array as, any of its inputs, so values are grouped with
  everything that may share their memory and a group dies with its last reader; a
  group holding an output or a final variable value never dies;
- of the output's shape and dtype, and read by no other input of the node through an
  alias (NumPy would copy the overlapping operand first, so nothing would be saved);
- at least one-dimensional (a ufunc returns a NumPy scalar, not an array, for 0-d
  inputs) and of a NumPy builtin dtype.

Only nodes whose NumPy kernel is a ufunc with one output and no attributes run in place.
"""

from __future__ import annotations

import numpy as np

from gradflow.graph.ir import Graph, Node

FRESH_OPS = frozenset(
    {
        "astype",  # ndarray.astype copies by default
        "log_softmax",
        "matmul",
        "one_hot",
        "ones_like",
        "relu",  # np.maximum(x, 0)
        "softmax",
        "sum",  # np.sum(..., dtype=x.dtype) copies even for axes=()
        "where",
        "zeros_like",
    }
)
"""Non-ufunc primitives whose NumPy kernel always returns a new, writeable array
(tests/graph/passes/test_buffer_reuse.py checks each one)."""


def plan_buffer_reuse(graph: Graph) -> Graph:
    """Decide which nodes run in place (in place on `graph`); returns the graph.

    Args:
        graph: the graph, after every pass that adds, removes or rewires nodes.

    Returns:
        The same graph, with `graph.buffer_plan` set.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow import numpy as gnp
    >>> from gradflow.graph.trace import trace
    >>> f = lambda x: gnp.exp(gnp.exp(x) * 2.0)
    >>> graph = trace(f, [gf.TensorSpec((3,), np.float32)], lambda s: (s, {}), "f")
    >>> print(plan_buffer_reuse(graph))
    graph f(%0: float32[3]) {
      const %2: float32[3] = [2., 2., 2.]
      %1 = exp(%0)
      %3 = multiply(%1, %2)  # reuses %1
      %4 = exp(%3)  # reuses %3
      return (%4)
    }
    """
    group = _alias_groups(graph)
    last_read, pinned = _group_lifetimes(graph, group)
    fresh = _fresh_values(graph)
    plan: dict[int, int] = {}
    for position, node in enumerate(graph.nodes):
        if not runs_in_place(node):
            continue
        out = node.outputs[0]
        for v in node.inputs:
            root = group[v.index]
            if (
                v.index in fresh
                and root not in pinned
                and last_read[root] == position
                and v.spec == out.spec
                and all(w.index == v.index or group[w.index] != root for w in node.inputs)
            ):
                plan[out.index] = v.index
                break
    graph.buffer_plan = plan
    return graph


def runs_in_place(node: Node) -> bool:
    """Whether the node's NumPy kernel can write into an input's buffer: a one-output
    ufunc, no attributes, a known shape of rank >= 1 that every input shares, and a
    NumPy builtin dtype."""
    kernel = node.prim.impls.get("numpy")
    if not isinstance(kernel, np.ufunc) or kernel.nout != 1 or node.attrs:
        return False
    if len(node.outputs) != 1:
        return False
    out = node.outputs[0]
    return (
        len(out.shape) >= 1
        and out.dtype.kind in "biufc"
        and all(v.shape == out.shape for v in node.inputs)
    )


def summarize(graph: Graph) -> str:
    """One line: how many nodes run in place and how many bytes they stop allocating."""
    by_index = {out.index: out for node in graph.nodes for out in node.outputs}
    saved, unknown = 0, 0
    for out_index in graph.buffer_plan:
        size = by_index[out_index].size
        if size is None:
            unknown += 1
        else:
            saved += size * by_index[out_index].dtype.itemsize
    line = (
        f"buffer reuse: {len(graph.buffer_plan)} of {len(graph.nodes)} nodes run in place, "
        f"{saved / 2**20:.2f} MiB fewer allocations per run"
    )
    if unknown:
        line += f" (+{unknown} of run-time size)"
    return line


def _fresh_values(graph: Graph) -> set[int]:
    """The values produced by kernels known to return a new array."""
    fresh = set()
    for node in graph.nodes:
        kernel = node.prim.impls.get("numpy")
        if isinstance(kernel, np.ufunc) or node.prim.name in FRESH_OPS:
            fresh.update(out.index for out in node.outputs if len(out.shape) >= 1)
    return fresh


def _alias_groups(graph: Graph) -> dict[int, int]:
    """Each value's group: values that may share memory are in one group (named by its
    first value). Fresh outputs start a group; any other output joins its inputs'."""
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for v in list(graph.inputs) + list(graph.state) + [v for v, _ in graph.constants]:
        parent[v.index] = v.index
    fresh = _fresh_values(graph)
    for node in graph.nodes:
        for out in node.outputs:
            parent[out.index] = out.index
            if out.index in fresh:
                continue
            for v in node.inputs:  # may be a view of (or the very array of) any input
                a, b = find(v.index), find(out.index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {i: find(i) for i in parent}


def _group_lifetimes(graph: Graph, group: dict[int, int]) -> tuple[dict[int, int], set[int]]:
    """The position of the last node reading each group, and the groups a run returns
    (their memory outlives the run)."""
    last_read: dict[int, int] = {}
    for position, node in enumerate(graph.nodes):
        for v in node.inputs:
            last_read[group[v.index]] = position
    pinned = {group[v.index] for v in graph.live_values()}
    return last_read, pinned
