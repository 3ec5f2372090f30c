"""Order a layer graph: the nodes between some KerasTensors, by depth, as Keras does
(the order decides layer lists, summaries and weight-file names, so it must match)."""

from __future__ import annotations

from gradflow.core import tree


def map_graph(inputs: list, outputs: list):
    """Validate the graph from `inputs` to `outputs` and order its nodes and operations.

    Returns:
        (nodes_by_depth, operations): {depth: [Node]} (depth 0 = the outputs' nodes)
        and the operations ordered from inputs to outputs.

    Raises:
        ValueError: a tensor on the way cannot be computed from `inputs`, or two
            operations share a name.
    """
    ordered, first_seen = _depth_first(inputs, outputs)
    in_graph = set(ordered)
    node_depth: dict = {}
    operation_depth: dict = {}
    for node in reversed(ordered):
        depth = max(node_depth.setdefault(node, 0), operation_depth.get(node.operation, 0))
        operation_depth[node.operation] = depth
        node_depth[node] = depth
        for parent in node.parent_nodes:
            if parent in in_graph:
                node_depth[parent] = max(depth + 1, node_depth.get(parent, 0))
    for tensor in inputs:
        operation, node_index, _ = tensor._keras_history
        node = operation._inbound_nodes[node_index]
        if operation not in operation_depth and node.is_input:
            operation_depth[operation] = 0
            first_seen[operation] = -1
            node_depth[node] = 0
    nodes_by_depth: dict = {}
    for node, depth in node_depth.items():
        nodes_by_depth.setdefault(depth, []).append(node)
    operations_by_depth: dict = {}
    for operation, depth in operation_depth.items():
        operations_by_depth.setdefault(depth, []).append(operation)
    operations = []
    for depth in sorted(operations_by_depth, reverse=True):
        operations.extend(sorted(operations_by_depth[depth], key=lambda op: first_seen[op]))
    _check_connected(inputs, nodes_by_depth)
    names = [op.name for op in operations]
    for name in names:
        if names.count(name) != 1:
            raise ValueError(
                f'The name "{name}" is used {names.count(name)} times in the model. All '
                "operation names should be unique."
            )
    return nodes_by_depth, operations


def _depth_first(inputs, outputs):
    finished: set = set()
    in_progress: set = set()
    ordered: list = []
    first_seen: dict = {}
    input_ids = {id(x) for x in inputs}

    def visit(tensor):
        operation, node_index, _ = tensor._keras_history
        node = operation._inbound_nodes[node_index]
        if node in finished:
            return
        if not node.is_input and id(tensor) in input_ids:
            finished.add(node)
            return
        if node in in_progress:
            raise ValueError(
                f"Tensor {tensor} from operation '{operation.name}' is part of a cycle."
            )
        first_seen.setdefault(operation, len(first_seen))
        in_progress.add(node)
        if not node.is_input:
            for parent_tensor in node.input_tensors:
                visit(parent_tensor)
        finished.add(node)
        in_progress.remove(node)
        ordered.append(node)

    for output in tree.flatten(outputs):
        if getattr(output, "_keras_history", None) is None:
            raise ValueError(
                "Output tensors of a Functional model must be the output of a Keras "
                f"layer or keras.ops call (made from keras.Input). Received: {output}"
            )
        visit(output)
    return ordered, first_seen


def _check_connected(inputs, nodes_by_depth) -> None:
    computable = {id(x) for x in inputs}
    reached: list[str] = []
    for depth in sorted(nodes_by_depth, reverse=True):
        for node in nodes_by_depth[depth]:
            for tensor in node.input_tensors:
                if id(tensor) not in computable:
                    raise ValueError(
                        f"Graph disconnected: cannot find parent for tensor {tensor} at "
                        f"operation '{node.operation.name}'. The following previous "
                        f"operations were accessed without issue: {reached}"
                    )
            reached.append(node.operation.name)
            computable.update(id(x) for x in node.outputs)
