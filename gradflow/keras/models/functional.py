"""Functional: a model defined by a graph of layer calls on `keras.Input` tensors."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.core import tree
from gradflow.keras import backend, masking
from gradflow.keras.engine.graph_map import map_graph
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.layers.core.input_layer import InputLayer
from gradflow.keras.layers.layer import Layer
from gradflow.keras.models.model import Model


class Functional(Model):
    """A model made of layer calls from `inputs` to `outputs` (made by
    `keras.Model(inputs, outputs)`).

    Args:
        inputs: a KerasTensor from `keras.Input`, or a list or dict of them.
        outputs: KerasTensors computed from `inputs`, in any nested structure.
        name: the model's name.

    Example:
    >>> from gradflow import keras
    >>> x = keras.Input((4,))
    >>> model = keras.Model(x, keras.layers.Dense(2)(x))
    >>> model.output_shape
    (None, 2)
    """

    _keras_module = "keras.src.models.functional"
    _keras_registered_name = "Functional"

    def __init__(self, inputs, outputs, name=None, **kwargs):
        trainable = kwargs.pop("trainable", True)
        super().__init__(name=name, trainable=trainable, **kwargs)
        if isinstance(inputs, dict):
            for key, value in inputs.items():
                if not isinstance(value, KerasTensor):
                    raise ValueError(
                        "When providing `inputs` as a dict, all values in the dict must be "
                        f"KerasTensors. Received: inputs={inputs} including invalid value "
                        f"{value} of type {type(value)}"
                    )
        flat_inputs = tree.flatten(inputs)
        for x in flat_inputs:
            if not isinstance(x, KerasTensor):
                raise ValueError(
                    "All `inputs` values must be KerasTensors (made with keras.Input). "
                    f"Received: inputs={inputs} including invalid value {x} of type {type(x)}"
                )
        if (
            isinstance(inputs, (list, tuple))
            and len(inputs) == 1
            and not isinstance(inputs[0], (list, tuple, dict))
        ):
            inputs = inputs[0] if isinstance(inputs, tuple) else inputs
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = flat_inputs
        self._outputs = tree.flatten(outputs)
        self._nodes_by_depth, operations = map_graph(self._inputs, self._outputs)
        self._operations = operations
        self._layers = [op for op in operations if isinstance(op, Layer)]
        self.built = True
        self._build_shapes_dict = None
        self.input_spec = None

    # -- structure ------------------------------------------------------------------
    @property
    def layers(self) -> list:
        return list(self._layers)

    @property
    def operations(self) -> list:
        return list(self._operations)

    @property
    def inputs(self) -> list:
        return list(self._inputs)

    @property
    def outputs(self) -> list:
        return list(self._outputs)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        return (
            tree.map_structure(lambda t: t.shape, self._inputs_struct)
            if not isinstance(self._inputs_struct, KerasTensor)
            else self._inputs_struct.shape
        )

    @property
    def output_shape(self):
        if isinstance(self._outputs_struct, KerasTensor):
            return self._outputs_struct.shape
        return _shapes_of(self._outputs_struct)

    @property
    def input_names(self) -> list[str]:
        return [t._keras_history[0].name for t in self._inputs]

    @property
    def output_names(self) -> list[str]:
        return [t._keras_history[0].name for t in self._outputs]

    # -- running --------------------------------------------------------------------
    def call(self, inputs, training=None, mask=None):
        values = self._standardize_inputs(inputs)
        if mask is not None:
            for x, m in zip(values, tree.flatten(mask)):
                if m is not None:
                    masking.set_keras_mask(x, m)
        computed = {id(t): v for t, v in zip(self._inputs, values)}
        for depth in sorted(self._nodes_by_depth, reverse=True):
            for node in self._nodes_by_depth[depth]:
                if node.is_input or isinstance(node.operation, InputLayer):
                    continue
                if any(id(t) not in computed for t in node.input_tensors):
                    continue  # a node of this layer outside the model's graph

                def fill(leaf):
                    return computed[id(leaf)] if isinstance(leaf, KerasTensor) else leaf

                args = tree.map_structure(fill, node.arguments_args)
                kwargs = tree.map_structure(fill, node.arguments_kwargs)
                outputs = node.operation(*args, **kwargs)
                for t, v in zip(node.outputs, tree.flatten(outputs)):
                    computed[id(t)] = v
        return tree.unflatten_as(self._outputs_struct, [computed[id(t)] for t in self._outputs])

    def _standardize_inputs(self, inputs) -> list:
        if isinstance(inputs, dict) and not isinstance(self._inputs_struct, dict):
            names = self.input_names
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(
                    f"Missing data for input {missing[0]!r}. You passed a data dictionary "
                    f"with keys {sorted(inputs)}. Expected the following keys: {names}"
                )
            flat = [inputs[n] for n in names]
        elif isinstance(self._inputs_struct, dict) and isinstance(inputs, dict):
            flat = tree.flatten({k: inputs[k] for k in self._inputs_struct})
        else:
            flat = tree.flatten(inputs)
        if len(flat) != len(self._inputs):
            raise ValueError(
                f'Layer "{self.name}" expects {len(self._inputs)} input(s), but it received '
                f"{len(flat)} input tensors. Inputs received: {inputs}"
            )
        return [self._conform(x, spec) for x, spec in zip(flat, self._inputs)]

    def _conform(self, x, spec: KerasTensor):
        if x is None:
            return x
        if not isinstance(x, (gf.Tensor, gf.Variable)):
            x = backend.convert_to_tensor(np.asarray(x), dtype=spec.dtype)
        elif (
            x.dtype.name != spec.dtype
            and backend.is_float_dtype(spec.dtype)
            and backend.is_float_dtype(x.dtype)
        ):
            x = gf.numpy.astype(x, spec.dtype)
        if len(x.shape) == len(spec.shape) - 1 and spec.shape[-1] == 1:
            x = gf.numpy.expand_dims(x, -1)  # Keras adds a missing trailing unit axis
        elif len(x.shape) == len(spec.shape) + 1 and x.shape[-1] == 1:
            x = gf.numpy.squeeze(x, -1)
        return x

    def compute_output_spec(self, inputs, training=None, mask=None):
        return backend.compute_output_spec(self.call, inputs)

    def compute_output_shape(self, input_shape):
        specs = tree.map_structure(lambda t: KerasTensor(t.shape, t.dtype), self._inputs_struct)
        return _shapes_of(backend.compute_output_spec(self.call, specs))

    def _maybe_build(self, args, kwargs) -> None:
        return None

    # -- serialization ----------------------------------------------------------------
    def get_config(self) -> dict:
        from gradflow.keras.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from gradflow.keras.models.functional_config import functional_from_config

        return functional_from_config(cls, config, custom_objects)


def _shapes_of(structure):
    if isinstance(structure, KerasTensor):
        return structure.shape
    if isinstance(structure, dict):
        return {k: _shapes_of(v) for k, v in structure.items()}
    return [_shapes_of(v) for v in structure]
