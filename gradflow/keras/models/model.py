"""keras.Model: a layer that trains. `Model(inputs, outputs)` makes a Functional model;
subclasses define `call`."""

from __future__ import annotations

import json

from gradflow.keras import backend
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.layers.layer import Layer
from gradflow.keras.trainers.trainer import Trainer


def _is_functional_call(args, kwargs) -> bool:
    if "inputs" in kwargs and "outputs" in kwargs:
        return True
    return len(args) >= 2 or (len(args) == 1 and "outputs" in kwargs)


class Model(Trainer, Layer):
    """A model: layers plus training (compile, fit, evaluate, predict) and saving.

    Two ways to make one: `keras.Model(inputs, outputs)` over a graph of layer calls
    (a Functional model), or a subclass that defines its layers in `__init__` and its
    forward pass in `call`.

    Example:
    >>> import numpy as np
    >>> from gradflow import keras
    >>> class TwoLayers(keras.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = keras.layers.Dense(8, activation="relu")
    ...         self.out = keras.layers.Dense(1)
    ...     def call(self, x):
    ...         return self.out(self.hidden(x))
    >>> TwoLayers()(np.ones((2, 3), "float32")).shape
    (2, 1)
    """

    _keras_module = "keras"

    def __new__(cls, *args, **kwargs):
        if _is_functional_call(args, kwargs):
            from gradflow.keras.models.functional import Functional

            if cls is Model:
                return Functional.__new__(Functional, *args, **kwargs)
            if not issubclass(cls, Functional):
                # A subclass called like Model(inputs, outputs): Keras mixes Functional in.
                mixed = _functional_subclass(cls)
                return Functional.__new__(mixed, *args, **kwargs)
        return super().__new__(cls)

    def __init__(self, *args, **kwargs):
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        if args:
            raise TypeError(
                f"Model.__init__() got unexpected positional arguments {args}. Subclassed "
                "models take keyword arguments (name, trainable, dtype)."
            )
        Layer.__init__(self, name=name, trainable=trainable, dtype=dtype, **kwargs)
        self._init_trainer()

    @property
    def layers(self) -> list:
        return [layer for layer in self._layers if isinstance(layer, Layer)]

    def get_layer(self, name=None, index=None):
        """A layer by name or by index in `layers`."""
        if index is not None and name is not None:
            raise ValueError(
                f"Provide only a layer name or a layer index. Received: index={index}, name={name}."
            )
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(
                    f"Was asked to retrieve layer at index {index} but model only has "
                    f"{len(self.layers)} layers."
                )
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}."
        )

    def build(self, input_shape=None) -> None:
        """Create the weights by running `call` symbolically on `input_shape`."""
        if self.built:
            return
        if input_shape is None:
            raise ValueError(
                "You must provide an `input_shape` argument to build a subclassed model."
            )
        specs = _specs_for(input_shape, self.compute_dtype)
        backend.compute_output_spec(lambda x: self.call(x), specs)
        self._clear_losses()
        self._build_shapes_dict = {"input_shape": input_shape}
        self.built = True

    def summary(
        self,
        line_length=None,
        positions=None,
        print_fn=None,
        expand_nested=False,
        show_trainable=False,
        layer_range=None,
    ):
        """Print a table of the layers, their output shapes and parameter counts."""
        from gradflow.keras.utils.summary_utils import print_summary

        print_summary(
            self,
            line_length=line_length,
            positions=positions,
            print_fn=print_fn,
            expand_nested=expand_nested,
            show_trainable=show_trainable,
            layer_range=layer_range,
        )

    def to_json(self, **kwargs) -> str:
        """The model's architecture as Keras's JSON (no weights)."""
        from gradflow.keras.saving.serialization_lib import serialize_keras_object

        return json.dumps(serialize_keras_object(self), **kwargs)

    def get_config(self) -> dict:
        config = {"name": self.name, "trainable": self.trainable}
        config.update(getattr(self, "_init_kwargs", {}))
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from gradflow.keras.models.functional import Functional
        from gradflow.keras.models.functional_config import functional_from_config

        if "layers" in config and "input_layers" in config and "output_layers" in config:
            target = cls if issubclass(cls, Functional) else _functional_subclass(cls)
            return functional_from_config(target, config, custom_objects)
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(
                f"Unable to revive model from config. When overriding the `get_config()` "
                f"method, make sure that the returned config contains all items used as "
                f"arguments in the constructor to {cls}, which is the default behavior. "
                f"You can override this default behavior by defining a `from_config(cls, "
                f"config)` class method to specify how to create an instance of "
                f"{cls.__name__} from its config.\n\nReceived config={config}\n\n"
                f"Error encountered during deserialization: {error}"
            ) from None

    def save(self, filepath, overwrite=True, zipped=None, **kwargs) -> None:
        """Save the model (architecture, weights, optimizer) as a `.keras` file."""
        from gradflow.keras.saving.saving_api import save_model

        save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None) -> None:
        """Save the weights as a `.weights.h5` file (Keras's layout)."""
        from gradflow.keras.saving.saving_api import save_weights

        save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs) -> None:
        """Load weights saved by `save_weights` (or by Keras 3)."""
        from gradflow.keras.saving.saving_api import load_weights

        load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)


_MIXED_CLASSES: dict = {}


def _functional_subclass(cls):
    """`cls` with Functional mixed in (a subclass called with inputs and outputs)."""
    from gradflow.keras.models.functional import Functional

    if cls is Model:
        return Functional
    if cls not in _MIXED_CLASSES:
        _MIXED_CLASSES[cls] = type(cls.__name__, (cls, Functional), {"__module__": cls.__module__})
    return _MIXED_CLASSES[cls]


def _specs_for(input_shape, dtype):
    if isinstance(input_shape, dict):
        return {k: _specs_for(v, dtype) for k, v in input_shape.items()}
    if (
        isinstance(input_shape, (list, tuple))
        and input_shape
        and isinstance(input_shape[0], (list, tuple))
    ):
        return [_specs_for(s, dtype) for s in input_shape]
    return KerasTensor(tuple(input_shape), dtype)
