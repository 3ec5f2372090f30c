"""Graph optimization passes, one per module. The pipeline order is stated once, here."""

from __future__ import annotations

from gradflow.errors import ArgumentError
from gradflow.graph.ir import Graph
from gradflow.graph.passes._rewrite import shallow_copy
from gradflow.graph.passes.buffer_reuse import plan_buffer_reuse
from gradflow.graph.passes.constant_folding import fold_constants
from gradflow.graph.passes.cse import eliminate_common_subexpressions
from gradflow.graph.passes.dce import eliminate_dead_code
from gradflow.graph.passes.simplify import simplify

PIPELINE = (
    ("constant_folding", fold_constants),
    ("simplify", simplify),
    ("cse", eliminate_common_subexpressions),
    ("dce", eliminate_dead_code),
    # last: it plans over the final nodes and liveness, and removes nothing
    ("buffer_reuse", plan_buffer_reuse),
)


def optimize(graph: Graph, report: list | None = None, skip: tuple = ()) -> Graph:
    """A copy of `graph` with every pass applied in PIPELINE order.

    Args:
        graph: the traced graph (left unchanged).
        report: if given, gets one `(pass name, nodes before, nodes after)` per pass.
        skip: names of passes not to run (e.g. `("buffer_reuse",)` to measure without it).

    Returns:
        The optimized graph.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow.graph.trace import trace
    >>> spec = gf.TensorSpec((2,), np.float32)
    >>> graph = trace(lambda x: (x * 1.0) * x, [spec], lambda s: (s, {}), "f")
    >>> report = []
    >>> len(optimize(graph, report).nodes)
    1
    >>> report[:2]
    [('constant_folding', 2, 2), ('simplify', 2, 1)]
    """
    unknown = [name for name in skip if name not in dict(PIPELINE)]
    if unknown:
        raise ArgumentError(
            f"optimize: unknown pass {unknown[0]!r} in skip; the passes are "
            f"{', '.join(name for name, _ in PIPELINE)}"
        )
    graph = shallow_copy(graph)
    for name, run in PIPELINE:
        if name in skip:
            continue
        before = len(graph.nodes)
        graph = run(graph)
        if report is not None:
            report.append((name, before, len(graph.nodes)))
    return graph
