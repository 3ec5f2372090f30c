"""Object names as Keras makes them: snake_case class names, uniquified per session."""

from __future__ import annotations

import re

from gradflow.keras import backend


def to_snake_case(name: str) -> str:
    """'BatchNormalization' -> 'batch_normalization', as Keras spells it.

    Example:
    >>> to_snake_case("Conv2DTranspose")
    'conv2d_transpose'
    """
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    if insecure[0] != "_":
        return insecure
    return "private" + insecure


def uniquify(name: str) -> str:
    """'dense' the first time, then 'dense_1', 'dense_2' … until `clear_session`."""
    count = backend.get_uid(name)
    return name if count == 1 else f"{name}_{count - 1}"


def auto_name(prefix: str) -> str:
    """A fresh name for an object of class `prefix` (e.g. 'Dense' -> 'dense_3')."""
    return uniquify(to_snake_case(prefix))
