"""Node: one call of an operation (layer or op) on symbolic tensors, the edge list of
a Functional model's graph."""

from __future__ import annotations

from gradflow.core import tree
from gradflow.keras.engine.keras_tensor import KerasTensor


class Node:
    """Records `operation(*call_args, **call_kwargs) -> outputs` on KerasTensors.

    Args:
        operation: the Operation (or Layer) called.
        call_args: the positional arguments of the call.
        call_kwargs: the keyword arguments.
        outputs: the KerasTensor outputs (any nested structure).
    """

    def __init__(self, operation, call_args=(), call_kwargs=None, outputs=None):
        self.operation = operation
        self.arguments_args = tuple(call_args)
        self.arguments_kwargs = dict(call_kwargs or {})
        self.outputs = tree.flatten(outputs) if outputs is not None else []
        self.output_structure = outputs
        node_index = len(operation._inbound_nodes)
        for i, tensor in enumerate(self.outputs):
            tensor._keras_history = (operation, node_index, i)
        operation._inbound_nodes.append(self)
        for tensor in self.input_tensors:
            history = tensor._keras_history
            if history is not None:
                history[0]._outbound_nodes.append(self)

    @property
    def input_tensors(self) -> list:
        """The KerasTensor leaves among the call's arguments, in order."""
        leaves = tree.flatten((self.arguments_args, self.arguments_kwargs))
        return [x for x in leaves if isinstance(x, KerasTensor)]

    @property
    def parent_nodes(self) -> list:
        """The nodes that produced this node's inputs."""
        parents = []
        for tensor in self.input_tensors:
            history = tensor._keras_history
            if history is not None:
                operation, node_index, _ = history
                node = operation._inbound_nodes[node_index]
                if node not in parents:
                    parents.append(node)
        return parents

    @property
    def is_input(self) -> bool:
        return not self.input_tensors

    def __repr__(self) -> str:
        return f"<Node operation={self.operation.name}, outputs={len(self.outputs)}>"
