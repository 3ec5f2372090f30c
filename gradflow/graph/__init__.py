"""Graph mode: tracing Python functions into dataflow graphs, optimizing and running them."""

from gradflow.graph.function import ConcreteFunction, Function, RetracingWarning, function
from gradflow.graph.ir import Graph, Node, SymbolicTensor
from gradflow.graph.printer import format_graph
from gradflow.graph.serialize import from_json, to_json

__all__ = [
    "ConcreteFunction", "Function", "Graph", "Node", "RetracingWarning", "SymbolicTensor",
    "format_graph", "from_json", "function", "to_json",
]  # fmt: skip
