"""Keras's object serialization: objects to JSON-able dicts and back.

The format is Keras 3's (`{"module", "class_name", "config", "registered_name"}`), so
configs written by real Keras deserialize here and ours load in Keras. Built-in objects
are named by their public Keras module ("keras.layers"); gradflow's module paths never
appear in a config.
"""

from __future__ import annotations

import difflib
import importlib
import threading
import types

import numpy as np

from gradflow.keras.saving import object_registration

_SAFE_MODE = threading.local()


class SafeModeScope:
    """Within this scope, deserialization refuses (safe_mode=True) or allows unsafe
    content such as Lambda bytecode."""

    def __init__(self, safe_mode: bool | None = True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self.previous = getattr(_SAFE_MODE, "value", None)
        _SAFE_MODE.value = self.safe_mode
        return self

    def __exit__(self, *exc):
        _SAFE_MODE.value = self.previous


def in_safe_mode() -> bool | None:
    """The active safe-mode setting (None outside any scope: callers default to safe)."""
    return getattr(_SAFE_MODE, "value", None)


def enable_unsafe_deserialization() -> None:
    """Allow unsafe deserialization (Lambda bytecode) for the rest of this thread."""
    _SAFE_MODE.value = False


def public_module(cls) -> str:
    """The Keras module a built-in class is published in: 'keras.layers' for
    gradflow.keras.layers.core.dense; user classes keep their own module."""
    override = cls.__dict__.get("_keras_module")
    if override:
        return override
    module = cls.__module__
    if module.startswith("gradflow.keras."):
        return "keras." + module.split(".")[2]
    return module


def _is_builtin(cls) -> bool:
    return cls.__module__.startswith("gradflow.keras")


def serialize_keras_object(obj):
    """`obj` as Keras's JSON-able config (None, plain values and containers pass through).

    Example:
    >>> serialize_keras_object([1, "a", None, (2.5,)])
    [1, 'a', None, [2.5]]
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (np.integer, np.floating, np.bool_)):
        return obj.item()
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, slice):
        return {
            "class_name": "__slice__",
            "config": {
                "start": serialize_keras_object(obj.start),
                "stop": serialize_keras_object(obj.stop),
                "step": serialize_keras_object(obj.step),
            },
        }
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, np.dtype):
        return obj.name
    if isinstance(obj, np.ndarray) or _is_gf_tensor(obj):
        array = np.asarray(obj)
        return {
            "class_name": "__numpy__" if isinstance(obj, np.ndarray) else "__tensor__",
            "config": {"value": array.tolist(), "dtype": array.dtype.name},
        }
    if isinstance(obj, types.FunctionType) and obj.__name__ == "<lambda>":
        raise ValueError(
            "Cannot serialize a lambda function; give it a name with `def` and register it "
            f"with @keras.saving.register_keras_serializable(). Received: {obj}"
        )
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType)):
        name = object_registration.get_registered_name(obj)
        return {
            "module": public_module(obj) if _is_builtin(obj) else obj.__module__,
            "class_name": "function",
            "config": name,
            "registered_name": name,
        }
    if isinstance(obj, type):
        return {
            "module": public_module(obj),
            "class_name": obj.__name__,
            "config": None,
            "registered_name": object_registration.get_registered_name(obj),
        }
    if hasattr(obj, "get_config"):
        return _serialize_object(obj)
    raise TypeError(
        f"Cannot serialize object {obj!r} of type {type(obj).__name__}: it has no "
        "get_config() method. Implement get_config() to make it serializable."
    )


def _is_gf_tensor(obj) -> bool:
    from gradflow.core.tensor import Tensor

    return isinstance(obj, Tensor)


def _serialize_object(obj) -> dict:
    cls = obj.__class__
    config = obj.get_config()
    if not isinstance(config, dict):
        raise TypeError(f"{cls.__name__}.get_config() must return a dict. Received: {type(config)}")
    builtin = _is_builtin(cls) and cls.__dict__.get("_keras_registered_name") is None
    result = {
        "module": public_module(cls),
        "class_name": cls.__name__,
        "config": serialize_keras_object(config),
        "registered_name": None
        if builtin
        else cls.__dict__.get("_keras_registered_name")
        or object_registration.get_registered_name(cls),
    }
    build_config = getattr(obj, "get_build_config", None)
    if build_config is not None:
        value = build_config()
        if value is not None:
            result["build_config"] = serialize_keras_object(value)
    compile_config = getattr(obj, "get_compile_config", None)
    if compile_config is not None:
        value = compile_config()
        if value is not None:
            result["compile_config"] = serialize_keras_object(value)
    return result


def deserialize_keras_object(
    config,
    custom_objects: dict | None = None,
    safe_mode: bool = True,
    module_objects: dict | None = None,
    **kwargs,
):
    """The object a Keras config describes (the inverse of `serialize_keras_object`).

    Args:
        config: a config dict, a list of them, a registered name, or a plain value.
        custom_objects: extra name -> class/function mappings.
        safe_mode: refuse unsafe content such as Lambda bytecode.
        module_objects: the names a bare string may refer to (a family's built-ins).

    Example:
    >>> deserialize_keras_object({"class_name": "__numpy__",
    ...                           "config": {"value": [1, 2], "dtype": "int32"}}).dtype
    dtype('int32')
    """
    with SafeModeScope(safe_mode if in_safe_mode() is None else in_safe_mode() and safe_mode):
        return _deserialize(config, custom_objects or {}, module_objects or {})


def _deserialize(config, custom_objects, module_objects):
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, (list, tuple)):
        return [_deserialize(x, custom_objects, module_objects) for x in config]
    if isinstance(config, str):
        found = object_registration.get_registered_object(config, custom_objects, module_objects)
        return config if found is None else found
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config!r}")
    if "class_name" not in config or "config" not in config:
        return {
            key: _deserialize(value, custom_objects, module_objects)
            for key, value in config.items()
        }
    class_name = config["class_name"]
    inner = config["config"]
    if class_name in ("__numpy__", "__tensor__"):
        array = np.asarray(inner["value"], dtype=inner["dtype"])
        if class_name == "__numpy__":
            return array
        from gradflow.core.convert import constant

        return constant(array)
    if class_name == "__slice__":
        return slice(
            *(
                _deserialize(inner.get(k), custom_objects, module_objects)
                for k in ("start", "stop", "step")
            )
        )
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__lambda__":
        raise ValueError(
            "Requested the deserialization of a `lambda` function, which can run arbitrary "
            "code. This is refused in safe mode; pass `safe_mode=False` to the loading "
            "function, or call `keras.config.enable_unsafe_deserialization()`, only for "
            "files you trust."
        )
    if class_name == "function":
        fn = _locate(inner, config, custom_objects, module_objects)
        if fn is None:
            raise TypeError(
                f"Could not locate function '{inner}'. Make sure custom functions are "
                "decorated with `@keras.saving.register_keras_serializable()`. "
                f"Full object config: {config}"
            )
        return fn
    cls = _locate(class_name, config, custom_objects, module_objects)
    if cls is None:
        raise TypeError(
            f"Could not locate class '{class_name}'. Make sure custom classes are decorated "
            "with `@keras.saving.register_keras_serializable()`. "
            f"Full object config: {config}"
        )
    if inner is None:
        return cls
    obj = _instantiate(cls, inner, custom_objects)
    build_config = config.get("build_config")
    if build_config and hasattr(obj, "build_from_config") and not getattr(obj, "built", True):
        obj.build_from_config(build_config)
    compile_config = config.get("compile_config")
    if compile_config and hasattr(obj, "compile_from_config"):
        obj.compile_from_config(compile_config)
    return obj


def _instantiate(cls, inner: dict, custom_objects: dict):
    if not hasattr(cls, "from_config"):
        raise TypeError(f"Unable to reconstruct {cls.__name__}: it has no from_config().")
    with object_registration.CustomObjectScope(custom_objects):
        try:
            return cls.from_config(inner)
        except TypeError as error:
            raise TypeError(
                f"{cls.__name__} could not be deserialized properly. Please ensure that "
                "components that are Python object instances (layers, models, etc.) "
                "returned by `get_config()` are explicitly deserialized in the model's "
                "`from_config()` method.\n\n"
                f"config={inner}.\n\nException encountered: {error}"
            ) from error


def _locate(name: str, config: dict, custom_objects: dict, module_objects: dict):
    registered_name = config.get("registered_name")
    if registered_name:
        found = object_registration.get_registered_object(registered_name, custom_objects)
        if found is not None:
            return found
    found = object_registration.get_registered_object(name, custom_objects, module_objects)
    if found is not None:
        return found
    module = config.get("module")
    if module is None:
        return None
    # Only Keras's own namespaces are searched: a config naming any other module (say
    # `os`, `system`) must not reach it. User objects come through registration or
    # custom_objects above.
    target = _gradflow_module(module)
    if target is None:
        return None
    found = getattr(target, name, None)
    if found is None or not (isinstance(found, type) or callable(found)):
        return None
    owner = getattr(found, "__module__", "") or ""
    if not owner.startswith("gradflow.keras"):
        return None
    return found


def _gradflow_module(module: str):
    """The gradflow.keras module that holds what Keras publishes in `module`."""
    parts = module.split(".")
    if parts[0] != "keras":
        return None
    if len(parts) > 2 and parts[1] == "src":
        parts = ["keras", parts[2]]  # keras.src.models.functional -> keras.models
    name = "gradflow." + ".".join(parts)
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def lookup(identifier, kind: str, module_objects: dict, custom_objects: dict | None = None):
    """A family's `get`: the object for a string name, config dict, class or callable.

    Args:
        identifier: what the user passed ('mse', a config dict, a callable …).
        kind: the family's noun for error messages ('loss', 'activation' …).
        module_objects: the family's built-in names.
        custom_objects: extra names.

    Raises:
        ValueError: for an unknown name, with the closest valid names.
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize_keras_object(identifier, custom_objects, module_objects=module_objects)
    if isinstance(identifier, str):
        found = object_registration.get_registered_object(
            identifier, custom_objects, module_objects
        )
        if found is None:
            raise ValueError(unknown_name_message(kind, identifier, module_objects))
        return found
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret {kind} identifier: {identifier!r}")


def unknown_name_message(kind: str, name: str, valid_names) -> str:
    """'Could not interpret loss identifier: msee. Did you mean: 'mse', 'msle'?'"""
    close = difflib.get_close_matches(name, list(valid_names), n=3, cutoff=0.6)
    hint = (" Did you mean: " + ", ".join(repr(c) for c in close) + "?") if close else ""
    return f"Could not interpret {kind} identifier: {name!r}.{hint}"
