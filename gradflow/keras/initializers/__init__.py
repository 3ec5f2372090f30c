"""keras.initializers: weight initializers, and `get`, `serialize`, `deserialize` to look
them up by name ('glorot_uniform', 'zeros' …) or config."""

import inspect

import numpy as np

from gradflow.keras import backend
from gradflow.keras.initializers.constant_initializers import (
    STFT,
    Constant,
    Identity,
    Ones,
    Zeros,
)
from gradflow.keras.initializers.initializer import Initializer
from gradflow.keras.initializers.random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
)
from gradflow.keras.saving import serialization_lib
from gradflow.keras.utils.naming import to_snake_case

# Keras's lower-case and alternative public names for the same classes
constant = Constant
zeros = Zeros
ones = Ones
identity = IdentityInitializer = Identity
stft = STFTInitializer = STFT
orthogonal = OrthogonalInitializer = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
lecun_normal = LecunNormal
lecun_uniform = LecunUniform

_ALL_OBJECTS = (
    Initializer, Constant, Identity, Ones, STFT, Zeros, GlorotNormal, GlorotUniform,
    HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, RandomNormal, RandomUniform,
    TruncatedNormal, VarianceScaling,
)  # fmt: skip
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _ALL_OBJECTS})
ALL_OBJECTS_DICT.update(
    {
        "IdentityInitializer": Identity,
        "normal": RandomNormal,
        "one": Ones,
        "STFTInitializer": STFT,
        "OrthogonalInitializer": Orthogonal,
        "uniform": RandomUniform,
        "zero": Zeros,
    }
)


def serialize(initializer):
    """An initializer as its Keras config dict.

    Args:
        initializer: an `Initializer` instance.

    Returns:
        The config dict.

    Example:
    >>> serialize(Zeros())["class_name"]
    'Zeros'
    """
    return serialization_lib.serialize_keras_object(initializer)


def deserialize(config, custom_objects=None):
    """The initializer a config describes.

    Args:
        config: a config dict.
        custom_objects: extra name -> class mappings.

    Returns:
        An `Initializer` instance.

    Example:
    >>> deserialize({"class_name": "Constant", "config": {"value": 2.0}}).value
    2.0
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


def _from_array(array):
    def initialize_fn(shape, dtype=None):
        expected = tuple(array.shape)
        if tuple(shape) != expected:
            raise ValueError(
                f"Expected `shape` to be {expected} for direct tensor as initializer. "
                f"Received shape={tuple(shape)}"
            )
        return backend.convert_to_tensor(array, dtype=backend.standardize_dtype(dtype))

    return initialize_fn


def get(identifier):
    """An initializer from a name, config, class, tensor/array or callable.

    Args:
        identifier: None, a name ('glorot_uniform', 'Zeros' …), a config dict, a class
            (instantiated with defaults), a tensor or array (used as the value), or a
            callable.

    Returns:
        A callable `(shape, dtype=None) -> tensor` (None for None).

    Example:
    >>> type(get("glorot_uniform")).__name__
    'GlorotUniform'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        if identifier not in ALL_OBJECTS_DICT:
            raise ValueError(
                serialization_lib.unknown_name_message("initializer", identifier, ALL_OBJECTS_DICT)
            )
        obj = ALL_OBJECTS_DICT[identifier]()
    elif backend.is_tensor(identifier) or isinstance(identifier, (np.generic, np.ndarray)):
        obj = _from_array(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


__all__ = [
    "get", "serialize", "deserialize", "Initializer",
    "Constant", "Identity", "Ones", "STFT", "Zeros", "GlorotNormal", "GlorotUniform",
    "HeNormal", "HeUniform", "LecunNormal", "LecunUniform", "Orthogonal", "RandomNormal",
    "RandomUniform", "TruncatedNormal", "VarianceScaling", "IdentityInitializer",
    "OrthogonalInitializer", "STFTInitializer",
    "constant", "zeros", "ones", "identity", "stft", "orthogonal", "random_normal",
    "random_uniform", "truncated_normal", "variance_scaling", "glorot_normal",
    "glorot_uniform", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
]  # fmt: skip
