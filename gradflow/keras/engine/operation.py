"""Operation: anything that can be called on KerasTensors to record a Node — layers, and
keras.ops functions called with symbolic arguments (wrapped by `symbolic_call`)."""

from __future__ import annotations

from gradflow.keras.engine.keras_tensor import any_symbolic_tensors
from gradflow.keras.engine.node import Node
from gradflow.keras.utils import naming


class Operation:
    """The base of layers and symbolic op calls.

    Args:
        name: the operation's name; made unique from the class name when None.
    """

    def __init__(self, name=None):
        if name is None:
            name = naming.auto_name(self.__class__.__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name} (of type {type(name)})"
            )
        self.name = name
        self._inbound_nodes: list[Node] = []
        self._outbound_nodes: list[Node] = []

    def __call__(self, *args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} must implement call()")

    def compute_output_spec(self, *args, **kwargs):
        from gradflow.keras import backend

        return backend.compute_output_spec(self.call, *args, **kwargs)


class FunctionOperation(Operation):
    """A keras.ops function called on symbolic tensors, as one node of the layer graph.

    Args:
        fn: the op function (e.g. keras.ops.add).
        name: the node's name; defaults to the function's name, made unique.
    """

    def __init__(self, fn, name=None):
        super().__init__(name=name or naming.uniquify(fn.__name__))
        self.fn = fn

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def get_config(self) -> dict:
        return {"name": self.name, "function": self.fn.__name__}


def symbolic_call(fn, args, kwargs, name=None):
    """Record `fn(*args, **kwargs)` on KerasTensors as a node; return KerasTensors.

    Every public keras.ops function starts with
    `if any_symbolic_tensors(args, kwargs): return symbolic_call(<itself>, args, kwargs)`.
    """
    return FunctionOperation(fn, name=name)(*args, **kwargs)
