"""keras.Sequential: a plain stack of layers, each with one input and one output."""

from __future__ import annotations

from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.layers.core.input_layer import InputLayer
from gradflow.keras.layers.layer import Layer
from gradflow.keras.models.model import Model
from gradflow.keras.saving import serialization_lib


class Sequential(Model):
    """A linear stack of layers.

    Args:
        layers: the layers, in order (more can be added with `add`).
        trainable: whether the weights are trained.
        name: the model's name.

    Example:
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(8)])
    >>> model.add(keras.layers.Dense(4))
    >>> model.output_shape
    (None, 4)
    """

    _keras_module = "keras"

    def __new__(cls, *args, **kwargs):
        return Layer.__new__(cls)

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        object.__setattr__(self, "_functional", None)
        self._stack: list = []
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    def add(self, layer, rebuild=True) -> None:
        """Append a layer (a `keras.Input(...)` tensor adds an InputLayer)."""
        if isinstance(layer, KerasTensor) and layer._keras_history is not None:
            origin = layer._keras_history[0]
            if isinstance(origin, InputLayer):
                layer = origin
        if not isinstance(layer, Layer):
            raise ValueError(
                "Only instances of `keras.Layer` can be added to a Sequential model. "
                f"Received: {layer} (of type {type(layer)})"
            )
        if isinstance(layer, InputLayer) and self._stack and isinstance(self._stack[0], InputLayer):
            raise ValueError(
                f"Sequential model '{self.name}' has already been configured to use input "
                f"shape {self._stack[0].batch_shape}. You cannot add a different Input layer "
                "to it."
            )
        if (
            not self._stack
            and not isinstance(layer, InputLayer)
            and getattr(layer, "_input_shape_arg", None) is not None
        ):
            self._stack.append(
                InputLayer(batch_shape=(layer._batch_size_arg,) + layer._input_shape_arg)
            )
        if any(layer.name == other.name for other in self._stack):
            raise ValueError(
                "All layers added to a Sequential model should have unique names. Name "
                f"'{layer.name}' is already the name of a layer in this model. Update the "
                "`name` argument to pass a unique name."
            )
        self._stack.append(layer)
        self._track(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self.built = False
            object.__setattr__(self, "_functional", None)

    def pop(self, rebuild=True):
        """Remove and return the last layer."""
        layers = self.layers
        if not layers:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        self._layers = [x for x in self._layers if x is not layer]
        self.built = False
        object.__setattr__(self, "_functional", None)
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self) -> None:
        self.built = False
        object.__setattr__(self, "_functional", None)
        if self._stack and isinstance(self._stack[0], InputLayer) and len(self._stack) > 1:
            self.build(self._stack[0].batch_shape)

    @property
    def layers(self) -> list:
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    def build(self, input_shape=None) -> None:
        """Connect the layers on an input of `input_shape` (batch dimension included)."""
        from gradflow.keras.models.functional import Functional

        if input_shape is None:
            raise ValueError("You must provide an `input_shape` argument.")
        input_shape = tuple(input_shape)
        if self._stack and isinstance(self._stack[0], InputLayer):
            if self._stack[0].batch_shape != input_shape:
                self._stack[0] = InputLayer(batch_shape=input_shape)
        else:
            self._stack.insert(0, InputLayer(batch_shape=input_shape))
        self._layers = list(self._stack)
        inputs = self._stack[0].output
        x = inputs
        for layer in self._stack[1:]:
            x = layer(x)
        # not tracked as a sublayer: it holds the same layers as the stack
        object.__setattr__(
            self, "_functional", Functional(inputs=inputs, outputs=x, name=f"{self.name}_graph")
        )
        self._build_shapes_dict = {"input_shape": input_shape}
        self.built = True

    def _maybe_build(self, args, kwargs) -> None:
        if not self.built and args:
            first = args[0]
            shape = getattr(first, "shape", None)
            if shape is None:
                raise ValueError(
                    f"Sequential model '{self.name}' cannot be built from input {first!r}; "
                    "start the model with keras.Input(shape=...)."
                )
            self.build((None,) + tuple(shape)[1:])

    def call(self, inputs, training=None, mask=None):
        if self._functional is not None:
            return self._functional.call(inputs, training=training, mask=mask)
        x = inputs
        for layer in self.layers:
            x = layer(x, training=training) if layer._call_has_training else layer(x)
        return x

    @property
    def input_shape(self):
        return self._functional.input_shape if self._functional else None

    @property
    def output_shape(self):
        if self._functional is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined outputs yet.")
        return self._functional.output_shape

    @property
    def inputs(self):
        return self._functional.inputs if self._functional else None

    @property
    def outputs(self):
        return self._functional.outputs if self._functional else None

    @property
    def input(self):
        return self._functional.input if self._functional else None

    @property
    def output(self):
        return self._functional.output if self._functional else None

    @property
    def output_names(self) -> list[str]:
        return [self.layers[-1].name] if self.layers else []

    def compute_output_shape(self, input_shape):
        shape = input_shape
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape

    def get_config(self) -> dict:
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": serialization_lib.serialize_keras_object(self.dtype_policy),
            "layers": [serialization_lib.serialize_keras_object(layer) for layer in self._stack],
        }
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        layer_configs = config.pop("layers")
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in layer_configs:
            layer = serialization_lib.deserialize_keras_object(layer_config, custom_objects)
            model.add(layer, rebuild=False)
        model._maybe_rebuild()
        return model

    def build_from_config(self, config: dict) -> None:
        if not self.built and config and config.get("input_shape") is not None:
            self.build(tuple(config["input_shape"]))
