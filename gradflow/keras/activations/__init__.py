"""keras.activations: the built-in activation functions, and `get`, `serialize`,
`deserialize` to look them up by name."""

import types

from gradflow.keras.activations.activations import (
    celu,
    elu,
    exponential,
    gelu,
    glu,
    hard_shrink,
    hard_sigmoid,
    hard_silu,
    hard_tanh,
    leaky_relu,
    linear,
    log_sigmoid,
    log_softmax,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    soft_shrink,
    softmax,
    softplus,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    sparsemax,
    squareplus,
    tanh,
    tanh_shrink,
    threshold,
)
from gradflow.keras.saving import object_registration, serialization_lib

swish = silu
hard_swish = hard_silu

_ALL_OBJECTS = (
    relu, leaky_relu, relu6, softmax, celu, elu, selu, softplus, softsign, squareplus,
    soft_shrink, sparse_plus, silu, gelu, glu, tanh, tanh_shrink, threshold, sigmoid,
    sparse_sigmoid, exponential, hard_sigmoid, hard_silu, hard_tanh, hard_shrink, linear,
    mish, log_softmax, log_sigmoid, sparsemax,
)  # fmt: skip
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in _ALL_OBJECTS}
ALL_OBJECTS_DICT["swish"] = silu
ALL_OBJECTS_DICT["hard_swish"] = hard_silu


def serialize(activation):
    """An activation as Keras saves it: a built-in function by its name, anything else
    as a config dict.

    Args:
        activation: an activation function (or a serializable callable object).

    Returns:
        The name string, or a config dict.

    Example:
    >>> serialize(relu), serialize(swish)
    ('relu', 'silu')
    """
    fn_config = serialization_lib.serialize_keras_object(activation)
    if not isinstance(fn_config, dict) or "config" not in fn_config:
        raise ValueError(
            f"Unknown activation function '{activation}' cannot be serialized due to invalid "
            "function name. Make sure to use an activation name that matches the references "
            "defined in activations.py or use `@keras.saving.register_keras_serializable()` "
            f"to register any custom activations. config={fn_config}"
        )
    if not isinstance(activation, types.FunctionType):
        return fn_config
    if isinstance(fn_config["config"], str) and fn_config["config"] not in ALL_OBJECTS_DICT:
        fn_config["config"] = object_registration.get_registered_name(activation)
        return fn_config
    return fn_config["config"]


def deserialize(config, custom_objects=None):
    """The activation function a name or config describes.

    Args:
        config: a name or a config dict.
        custom_objects: extra name -> function mappings.

    Returns:
        The activation function.

    Example:
    >>> deserialize("relu") is relu
    True
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


def get(identifier):
    """An activation function from a name, config or callable (`linear` for None).

    Args:
        identifier: None, a name ('relu', 'gelu' …), a config dict or a callable.

    Returns:
        A callable activation.

    Example:
    >>> get(None) is linear, get("swish") is silu
    (True, True)
    """
    if identifier is None:
        return linear
    if isinstance(identifier, dict):
        obj = serialization_lib.deserialize_keras_object(
            identifier, module_objects=ALL_OBJECTS_DICT
        )
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            raise ValueError(
                serialization_lib.unknown_name_message(
                    "activation function", identifier, ALL_OBJECTS_DICT
                )
            )
    else:
        obj = identifier
    if callable(obj):
        return obj
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")


__all__ = [
    "get", "serialize", "deserialize", *sorted(ALL_OBJECTS_DICT),
]  # fmt: skip
