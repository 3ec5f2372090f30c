"""keras.config: global settings (float type, epsilon, image layout, dtype policy,
safe deserialization)."""

from gradflow.keras.backend import (
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from gradflow.keras.mixed_precision.policies import dtype_policy, set_dtype_policy
from gradflow.keras.saving.serialization_lib import enable_unsafe_deserialization

__all__ = [
    "backend",
    "dtype_policy",
    "enable_unsafe_deserialization",
    "epsilon",
    "floatx",
    "image_data_format",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
]


def backend() -> str:
    """The name of the backend Keras runs on: always 'gradflow' here.

    Example:
    >>> backend()
    'gradflow'
    """
    return "gradflow"
