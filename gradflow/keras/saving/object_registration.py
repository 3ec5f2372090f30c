"""Custom objects: `register_keras_serializable`, `custom_object_scope` and lookups."""

from __future__ import annotations

import threading

GLOBAL_CUSTOM_OBJECTS: dict[str, object] = {}
GLOBAL_CUSTOM_NAMES: dict[object, str] = {}
_SCOPE = threading.local()


class CustomObjectScope:
    """Within this scope, the given objects are found by their names on deserialization.

    Args:
        custom_objects: a dict (or several) mapping names to classes or functions.

    Example:
    >>> def my_loss(y_true, y_pred):
    ...     return y_pred
    >>> with CustomObjectScope({"my_loss": my_loss}):
    ...     get_registered_object("my_loss") is my_loss
    True
    """

    def __init__(self, *custom_objects: dict):
        self.custom_objects: dict[str, object] = {}
        for objects in custom_objects:
            self.custom_objects.update(objects or {})

    def __enter__(self):
        stack = _scopes()
        stack.append(self.custom_objects)
        return self

    def __exit__(self, *exc):
        _scopes().pop()


custom_object_scope = CustomObjectScope


def _scopes() -> list[dict]:
    if not hasattr(_SCOPE, "stack"):
        _SCOPE.stack = []
    return _SCOPE.stack


def get_custom_objects() -> dict[str, object]:
    """The global dict of registered custom objects (mutable, as in Keras)."""
    return GLOBAL_CUSTOM_OBJECTS


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator: register a class or function under 'package>name' for deserialization.

    Args:
        package: the namespace of the registered name.
        name: the name; defaults to the object's `__name__`.

    Example:
    >>> @register_keras_serializable(package="docs")
    ... def twice(x):
    ...     return 2 * x
    >>> get_registered_name(twice)
    'docs>twice'
    """

    def decorator(obj):
        registered_name = f"{package}>{name or obj.__name__}"
        if isinstance(obj, type) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register a class that does not have a get_config() method: {obj}"
            )
        GLOBAL_CUSTOM_OBJECTS[registered_name] = obj
        GLOBAL_CUSTOM_NAMES[obj] = registered_name
        return obj

    return decorator


def get_registered_name(obj) -> str:
    """The name `obj` was registered under, else its `__name__`."""
    if obj in GLOBAL_CUSTOM_NAMES:
        return GLOBAL_CUSTOM_NAMES[obj]
    return obj.__name__


def get_registered_object(
    name: str, custom_objects: dict | None = None, module_objects: dict | None = None
):
    """Find `name` in the active scopes, the global registry, `custom_objects` and
    `module_objects`, in that order; None when it is nowhere."""
    for scope in reversed(_scopes()):
        if name in scope:
            return scope[name]
    if name in GLOBAL_CUSTOM_OBJECTS:
        return GLOBAL_CUSTOM_OBJECTS[name]
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None
