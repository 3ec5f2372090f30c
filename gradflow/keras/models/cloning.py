"""keras.models.clone_model: the same architecture with new layers (and new weights)."""

from __future__ import annotations

import inspect

from gradflow.core import tree
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.layers.core.input_layer import Input, InputLayer
from gradflow.keras.layers.layer import Layer
from gradflow.keras.saving import serialization_lib


def clone_model(
    model,
    input_tensors=None,
    clone_function=None,
    call_function=None,
    recursive=False,
    **kwargs,
):
    """A copy of a Sequential or Functional model made of new layers (fresh weights).

    Args:
        model: a Sequential or Functional model (a subclassed model is rebuilt from
            its config, without `clone_function` or `input_tensors`).
        input_tensors: KerasTensors to build the copy on (the structure of
            `model.input`); new `keras.Input`s by default.
        clone_function: `fn(layer) -> layer` making each layer of the copy (InputLayers
            excepted); by default `layer.__class__.from_config(layer.get_config())`.
        call_function: `fn(layer, *args, **kwargs) -> outputs` calling each layer of a
            Functional copy; by default `layer(*args, **kwargs)`.
        recursive: clone inner Sequential/Functional models with `clone_model` (same
            arguments) instead of `clone_function`.

    Returns:
        The new model, compiled like `model` when `model` is compiled.

    Example:
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    >>> copy = clone_model(model)
    >>> copy.layers[0] is model.layers[0], copy.output_shape
    (False, (None, 2))
    """
    from gradflow.keras.models.functional import Functional
    from gradflow.keras.models.sequential import Sequential

    cache = kwargs.pop("cache", None)
    if kwargs:
        raise ValueError(f"Unexpected keyword argument(s): {tuple(kwargs.keys())}")
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(
                "`call_function` argument is not supported with Sequential models. In a "
                "Sequential model, layers aren't called at model-construction time (they're "
                "merely listed). Use `call_function` with Functional models only. Received "
                f"model of type '{model.__class__.__name__}', with "
                f"call_function={call_function}"
            )
        wrapped = _wrap_clone_function(clone_function, None, recursive, cache)
        return _clone_sequential_model(model, wrapped, input_tensors)
    if isinstance(model, Functional):
        wrapped = _wrap_clone_function(clone_function, call_function, recursive, cache)
        return _clone_functional_model(model, wrapped, input_tensors, call_function)
    if clone_function is not None or input_tensors is not None:
        raise ValueError(
            "Arguments `clone_function` and `input_tensors` are only supported for "
            "Sequential models or Functional models. Received model of type "
            f"'{model.__class__.__name__}', with clone_function={clone_function} and "
            f"input_tensors={input_tensors}"
        )
    if call_function is not None:
        raise ValueError(
            "Argument `call_function` is only supported for Functional models. Received "
            f"model of type '{model.__class__.__name__}', with call_function={call_function}"
        )
    config = serialization_lib.serialize_keras_object(model)
    return serialization_lib.deserialize_keras_object(
        config, custom_objects={model.__class__.__name__: model.__class__}
    )


def _default_clone(layer):
    return layer.__class__.from_config(layer.get_config())


def _wrap_clone_function(clone_function, call_function, recursive, cache):
    """`clone_function` made to clone a shared layer once and, when `recursive`, to
    clone inner models with `clone_model`."""
    from gradflow.keras.models.functional import Functional
    from gradflow.keras.models.sequential import Sequential

    clone_function = clone_function or _default_clone
    if not callable(clone_function):
        raise ValueError(
            f"Expected `clone_function` argument to be a callable. Received: "
            f"clone_function={clone_function}"
        )
    cache = {} if cache is None else cache

    def wrapped(layer):
        if id(layer) in cache:
            return cache[id(layer)]
        if recursive and isinstance(layer, (Sequential, Functional)):
            clone = clone_model(
                layer,
                clone_function=clone_function,
                call_function=None if isinstance(layer, Sequential) else call_function,
                recursive=True,
                cache=cache,
            )
        else:
            clone = clone_function(layer)
        cache[id(layer)] = clone
        return clone

    return wrapped


def _clone_sequential_model(model, clone_function, input_tensors=None):
    from gradflow.keras.models.sequential import Sequential

    new_layers = [clone_function(layer) for layer in model.layers]
    stack = model._stack
    input_layer = stack[0] if stack and isinstance(stack[0], InputLayer) else None
    if input_tensors is not None:
        if isinstance(input_tensors, (list, tuple)):
            if len(input_tensors) != 1:
                raise ValueError("Argument `input_tensors` must contain a single tensor.")
            input_tensors = input_tensors[0]
        if not isinstance(input_tensors, KerasTensor):
            raise ValueError(
                "Argument `input_tensors` must be a KerasTensor. Received invalid value: "
                f"input_tensors={input_tensors}"
            )
        history = input_tensors._keras_history
        if history is None or not isinstance(history[0], InputLayer):
            input_tensors = Input(
                tensor=input_tensors,
                name=input_layer.name if input_layer else None,
                optional=input_layer.optional if input_layer else False,
            )
        new_layers = [input_tensors] + new_layers
    elif input_layer is not None:
        new_layers = [
            Input(
                batch_shape=input_layer.batch_shape,
                dtype=input_layer.dtype,
                name=input_layer.name,
                optional=input_layer.optional,
            )
        ] + new_layers
    cloned = Sequential(new_layers, name=model.name, trainable=model.trainable)
    _copy_compile_state(model, cloned)
    return cloned


def _clone_functional_model(model, clone_function, input_tensors=None, call_function=None):
    from gradflow.keras.models.functional import Functional

    if input_tensors is not None:
        if not all(isinstance(x, KerasTensor) for x in tree.flatten(input_tensors)):
            raise ValueError(
                "All entries in `input_tensors` must be KerasTensors. Received invalid "
                f"values: inputs_tensors={input_tensors}"
            )
        if len(tree.flatten(input_tensors)) != len(model.inputs):
            raise ValueError(
                "`input_tensors` must have the same structure as model.input\n"
                f"Reference structure: {model.input}\nReceived structure: {input_tensors}"
            )
        new_inputs = tree.unflatten_as(model.input, tree.flatten(input_tensors))
    else:
        new_inputs = tree.map_structure(
            lambda x: Input(batch_shape=x.shape, dtype=x.dtype, name=_input_name(x)),
            model.input,
        )
    new_outputs = _run_through_graph(model, new_inputs, clone_function, call_function)
    if _functional_like_constructor(model.__class__):
        cloned = model.__class__(new_inputs, new_outputs, name=model.name)
    else:
        cloned = Functional(new_inputs, new_outputs, name=model.name)
    _copy_compile_state(model, cloned)
    return cloned


def _run_through_graph(model, new_inputs, clone_function, call_function):
    """Replay the model's layer calls on `new_inputs`, each layer replaced by its clone
    (keras.ops calls, which hold no state, are replayed as they are)."""
    computed = {id(t): v for t, v in zip(model.inputs, tree.flatten(new_inputs))}
    for depth in sorted(model._nodes_by_depth, reverse=True):
        for node in model._nodes_by_depth[depth]:
            if node.is_input or isinstance(node.operation, InputLayer):
                continue
            if any(id(t) not in computed for t in node.input_tensors):
                continue  # a call of this layer outside the model's graph

            def fill(leaf):
                return computed[id(leaf)] if isinstance(leaf, KerasTensor) else leaf

            args = tree.map_structure(fill, node.arguments_args)
            kwargs = tree.map_structure(fill, node.arguments_kwargs)
            operation = node.operation
            if isinstance(operation, Layer):
                operation = clone_function(operation)
            if call_function is not None:
                outputs = call_function(operation, *args, **kwargs)
            else:
                outputs = operation(*args, **kwargs)
            for tensor, value in zip(node.outputs, tree.flatten(outputs)):
                computed[id(tensor)] = value
    return tree.unflatten_as(model.output, [computed[id(t)] for t in model.outputs])


def _input_name(tensor: KerasTensor):
    history = tensor._keras_history
    return history[0].name if history is not None else tensor.name


def _functional_like_constructor(cls) -> bool:
    """Whether `cls(inputs, outputs, name=...)` builds it (Keras's test)."""
    from gradflow.keras.models.functional import Functional

    spec = inspect.getfullargspec(cls.__init__)
    if spec.args[1:] == inspect.getfullargspec(Functional.__init__).args[1:]:
        return True
    return spec.varargs is not None and spec.varkw is not None


def _copy_compile_state(model, cloned) -> None:
    if getattr(model, "compiled", False):
        cloned.compile_from_config(model.get_compile_config())
