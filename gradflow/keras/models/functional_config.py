"""A Functional model's config in Keras 3's format (layers with `inbound_nodes`,
`input_layers`, `output_layers`) and the model rebuilt from one."""

from __future__ import annotations

from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.engine.operation import FunctionOperation
from gradflow.keras.saving import serialization_lib


def _node_offset(operation) -> int:
    """Keras counts a Functional model's own construction as its node 0."""
    from gradflow.keras.models.functional import Functional

    return 1 if isinstance(operation, Functional) else 0


def serialize_index_value(value):
    """A call argument as Keras writes it: slices and `...` (indexing keys) get Keras's
    `__slice__` / `__ellipsis__` entries; anything else goes to serialize_keras_object."""
    if isinstance(value, slice):
        return {
            "class_name": "__slice__",
            "config": {
                "start": serialize_index_value(value.start),
                "stop": serialize_index_value(value.stop),
                "step": serialize_index_value(value.step),
            },
        }
    if value is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    return serialization_lib.serialize_keras_object(value)


def serialize_operation(operation) -> dict:
    """An operation's entry in the "layers" list: a keras.ops call as Keras's op class
    (module `keras.src.ops.<group>`, registered under its class name), a layer as itself."""
    if not isinstance(operation, FunctionOperation):
        return serialization_lib.serialize_keras_object(operation)
    return {
        "module": operation.keras_module,
        "class_name": operation.keras_class_name,
        "config": serialization_lib.serialize_keras_object(operation.get_config()),
        "registered_name": operation.keras_class_name,
    }


def deserialize_operation(layer_data: dict, custom_objects=None):
    """The layer or op (a FunctionOperation) that a "layers" entry describes."""
    module = layer_data.get("module") or ""
    if module.startswith(("keras.src.ops.", "keras.ops")):
        config = serialization_lib.deserialize_keras_object(
            layer_data.get("config") or {}, custom_objects
        )
        return FunctionOperation.from_keras_config(module, layer_data["class_name"], config)
    return serialization_lib.deserialize_keras_object(layer_data, custom_objects)


def functional_config(model) -> dict:
    """The Keras 3 config of a Functional `model`."""
    kept = {id(node) for nodes in model._nodes_by_depth.values() for node in nodes}
    reindex: dict = {}
    for operation in model._operations:
        new_index = _node_offset(operation)
        for old_index, node in enumerate(operation._inbound_nodes):
            if id(node) in kept:
                reindex[(id(operation), old_index)] = new_index
                new_index += 1

    def tensor_ref(tensor: KerasTensor) -> list:
        operation, node_index, tensor_index = tensor._keras_history
        return [operation.name, reindex.get((id(operation), node_index), node_index), tensor_index]

    def serialize_arg(value):
        if isinstance(value, KerasTensor):
            return {
                "class_name": "__keras_tensor__",
                "config": {
                    "shape": list(value.shape),
                    "dtype": value.dtype,
                    "keras_history": tensor_ref(value),
                },
            }
        if isinstance(value, (list, tuple)):
            return [serialize_arg(v) for v in value]
        if isinstance(value, dict):
            return {k: serialize_arg(v) for k, v in value.items()}
        return serialize_index_value(value)

    layers = []
    for operation in model._operations:
        entry = serialize_operation(operation)
        entry["name"] = operation.name
        entry["inbound_nodes"] = [
            {
                "args": serialize_arg(node.arguments_args),
                "kwargs": serialize_arg(node.arguments_kwargs),
            }
            for node in operation._inbound_nodes
            if id(node) in kept and not node.is_input
        ]
        layers.append(entry)

    def structure_refs(structure):
        if isinstance(structure, KerasTensor):
            return tensor_ref(structure)
        if isinstance(structure, dict):
            return {k: structure_refs(v) for k, v in structure.items()}
        return [structure_refs(v) for v in structure]

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": structure_refs(model._inputs_struct),
        "output_layers": structure_refs(model._outputs_struct),
    }


def _is_get_item(operation) -> bool:
    return isinstance(operation, FunctionOperation) and operation.keras_class_name == "GetItem"


def functional_from_config(cls, config: dict, custom_objects=None):
    """Rebuild a Functional model (of class `cls`) from its Keras config."""
    config = dict(config)
    created: dict = {}
    pending: dict = {}
    for layer_data in config["layers"]:
        layer = deserialize_operation(layer_data, custom_objects)
        created[layer_data["name"]] = layer
        pending[layer_data["name"]] = list(layer_data.get("inbound_nodes", []))

    def get_tensor(name, node_index, tensor_index):
        if name not in created:
            raise ValueError(f"Invalid Functional model configuration: unknown layer {name!r}")
        layer = created[name]
        node_index -= _node_offset(layer)
        nodes = layer._inbound_nodes
        if node_index >= len(nodes):
            raise IndexError(node_index)
        return nodes[node_index].outputs[tensor_index]

    def restore(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            return get_tensor(*value["config"]["keras_history"])
        if isinstance(value, dict) and value.get("class_name") == "__slice__":
            inner = value["config"]
            return slice(restore(inner["start"]), restore(inner["stop"]), restore(inner["step"]))
        if isinstance(value, dict) and value.get("class_name") == "__ellipsis__":
            return Ellipsis
        if isinstance(value, dict) and "class_name" in value:
            return serialization_lib.deserialize_keras_object(value, custom_objects)
        if isinstance(value, list):
            return [restore(v) for v in value]
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        return value

    while any(pending.values()):
        progressed = False
        for layer_data in config["layers"]:
            name = layer_data["name"]
            while pending[name]:
                node_data = pending[name][0]
                try:
                    args = [restore(a) for a in node_data.get("args", [])]
                    kwargs = {k: restore(v) for k, v in node_data.get("kwargs", {}).items()}
                except IndexError:
                    break
                if _is_get_item(created[name]) and len(args) == 2 and isinstance(args[1], list):
                    args[1] = tuple(args[1])  # JSON has no tuples; Keras's GetItem does this
                created[name](*args, **kwargs)
                pending[name].pop(0)
                progressed = True
        if not progressed:
            raise ValueError(
                "Invalid Functional model configuration. The graph of the Functional model "
                "either has loops or disconnected nodes. The following nodes failed to be "
                f"resolved: { {k: v for k, v in pending.items() if v} }"
            )

    def refs(structure):
        if isinstance(structure, list) and len(structure) == 3 and isinstance(structure[0], str):
            return get_tensor(*structure)
        if isinstance(structure, dict):
            return {k: refs(v) for k, v in structure.items()}
        return [refs(v) for v in structure]

    inputs = refs(config.pop("input_layers"))
    outputs = refs(config.pop("output_layers"))
    config.pop("layers")
    return cls(
        inputs=inputs,
        outputs=outputs,
        name=config.pop("name", None),
        trainable=config.pop("trainable", True),
    )
