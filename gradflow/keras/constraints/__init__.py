"""keras.constraints: weight constraints, and `get`, `serialize`, `deserialize` to look
them up by name ('max_norm', 'NonNeg' …) or config."""

import inspect

from gradflow.keras.constraints.constraints import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    UnitNorm,
)
from gradflow.keras.saving import serialization_lib
from gradflow.keras.utils.naming import to_snake_case

# Keras's lower-case public names for the same classes
max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

_ALL_OBJECTS = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in _ALL_OBJECTS})


def serialize(constraint):
    """A constraint as its Keras config dict.

    Example:
    >>> serialize(MaxNorm(3))["config"]
    {'max_value': 3, 'axis': 0}
    """
    return serialization_lib.serialize_keras_object(constraint)


def deserialize(config, custom_objects=None):
    """The constraint a config describes.

    Example:
    >>> deserialize({"class_name": "UnitNorm", "config": {"axis": 1}}).axis
    1
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


def get(identifier):
    """A constraint from a name, config, class or callable (None for None).

    Example:
    >>> type(get("non_neg")).__name__
    'NonNeg'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            raise ValueError(
                serialization_lib.unknown_name_message("constraint", identifier, ALL_OBJECTS_DICT)
            )
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret constraint identifier: {identifier}")


__all__ = [
    "get", "serialize", "deserialize", "Constraint", "MaxNorm", "MinMaxNorm", "NonNeg",
    "UnitNorm", "max_norm", "min_max_norm", "non_neg", "unit_norm",
]  # fmt: skip
