"""Graph optimization passes, one per module. The pipeline order is stated once, here."""

from __future__ import annotations

from gradflow.graph.ir import Graph
from gradflow.graph.passes._rewrite import shallow_copy
from gradflow.graph.passes.constant_folding import fold_constants
from gradflow.graph.passes.cse import eliminate_common_subexpressions
from gradflow.graph.passes.dce import eliminate_dead_code
from gradflow.graph.passes.simplify import simplify

PIPELINE = (
    ("constant_folding", fold_constants),
    ("simplify", simplify),
    ("cse", eliminate_common_subexpressions),
    ("dce", eliminate_dead_code),
)


def optimize(graph: Graph, report: list | None = None) -> Graph:
    """A copy of `graph` with every pass applied in PIPELINE order.

    Args:
        graph: the traced graph (left unchanged).
        report: if given, gets one `(pass name, nodes before, nodes after)` per pass.

    Returns:
        The optimized graph.
    """
    graph = shallow_copy(graph)
    for name, run in PIPELINE:
        before = len(graph.nodes)
        graph = run(graph)
        if report is not None:
            report.append((name, before, len(graph.nodes)))
    return graph
