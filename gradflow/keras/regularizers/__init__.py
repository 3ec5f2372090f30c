"""keras.regularizers: weight penalties, and `get`, `serialize`, `deserialize` to look
them up by name ('l2', 'L1L2' …) or config."""

import inspect

from gradflow.keras.regularizers.regularizers import (
    L1,
    L1L2,
    L2,
    OrthogonalRegularizer,
    Regularizer,
)
from gradflow.keras.saving import serialization_lib
from gradflow.keras.utils.naming import to_snake_case

# Keras's lower-case public names for the same classes
l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

_ALL_OBJECTS = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _ALL_OBJECTS})
# Keras's snake_case of "L1L2" is "l1l2"; "l1_l2" is its public function-style name
ALL_OBJECTS_DICT.update({"l1l2": L1L2, "l1_l2": L1L2})


def serialize(regularizer):
    """A regularizer as its Keras config dict.

    Example:
    >>> serialize(L2(0.5))["config"]
    {'l2': 0.5}
    """
    return serialization_lib.serialize_keras_object(regularizer)


def deserialize(config, custom_objects=None):
    """The regularizer a config describes.

    Example:
    >>> deserialize({"class_name": "L1", "config": {"l1": 0.5}}).l1
    0.5
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


def get(identifier):
    """A regularizer from a name, config, class or callable (None for None).

    Example:
    >>> get("l2").l2
    0.01
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            raise ValueError(
                serialization_lib.unknown_name_message("regularizer", identifier, ALL_OBJECTS_DICT)
            )
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret regularizer identifier: {identifier}")


__all__ = [
    "get", "serialize", "deserialize", "Regularizer", "L1", "L2", "L1L2",
    "OrthogonalRegularizer", "l1", "l2", "l1_l2", "orthogonal_regularizer",
]  # fmt: skip
