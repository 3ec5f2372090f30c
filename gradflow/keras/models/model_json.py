"""keras.models.model_from_json: a model from the JSON `model.to_json()` writes."""

from __future__ import annotations

import json

from gradflow.keras.saving import serialization_lib


def model_from_json(json_string, custom_objects=None):
    """Parse a JSON model configuration (from `model.to_json()`, or Keras's) into a
    model with fresh weights.

    Args:
        json_string: the JSON text of a model's config.
        custom_objects: a dict of names to custom classes or functions the config uses.

    Returns:
        The model (compiled only if the JSON holds a compile config).

    Example:
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5)])
    >>> model_from_json(model.to_json()).output_shape
    (None, 5)
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"model_from_json: `json_string` is not valid JSON ({error}). Pass the text "
            f"returned by `model.to_json()`. Received: {str(json_string)[:100]!r}"
        ) from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "model_from_json: the JSON does not describe a Keras object (expected a dict "
            f"with 'class_name' and 'config'). Received: {str(json_string)[:100]!r}"
        )
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
