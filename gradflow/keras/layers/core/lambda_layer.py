"""Lambda: wraps an arbitrary function as a layer (saved as bytecode when a lambda)."""

from __future__ import annotations

import base64
import builtins
import inspect
import marshal
import types

from gradflow.core import tree
from gradflow.keras.layers.layer import Layer
from gradflow.keras.saving import serialization_lib


def _function_args(function) -> set:
    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return set()


def _dump_function(fn) -> dict:
    """A Python lambda as Keras's `__lambda__` config: base64 marshal bytecode, defaults
    and closure values (portable only to the same Python version)."""
    loaded_from = getattr(fn, "_lambda_config", None)
    if loaded_from is not None:
        return loaded_from  # re-marshalled bytecode may differ in flag bits: keep it
    code = base64.encodebytes(marshal.dumps(fn.__code__)).decode("ascii")
    closure = tuple(c.cell_contents for c in fn.__closure__) if fn.__closure__ else None
    return {
        "class_name": "__lambda__",
        "config": {"code": code, "defaults": fn.__defaults__, "closure": closure},
    }


def _load_function(config: dict):
    """The function a `__lambda__` config holds (runs untrusted code: callers check
    safe mode first)."""
    import numpy as np

    from gradflow import keras
    from gradflow.keras import ops

    code = marshal.loads(base64.decodebytes(config["code"].encode("ascii")))  # noqa: S302
    defaults = config.get("defaults")
    closure = config.get("closure")
    if closure is not None:
        closure = tuple(types.CellType(value) for value in closure)
    namespace = {"__builtins__": builtins, "keras": keras, "ops": ops, "np": np}
    function = types.FunctionType(
        code,
        namespace,
        name=code.co_name,
        argdefs=tuple(defaults) if defaults is not None else None,
        closure=closure,
    )
    function._lambda_config = {"class_name": "__lambda__", "config": dict(config)}
    return function


def _is_lambda_config(value) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__lambda__"


def _refuse_in_safe_mode(safe_mode: bool) -> None:
    if safe_mode:
        raise ValueError(
            "Requested the deserialization of a `Lambda` layer whose `function` is a Python "
            "lambda. This carries a potential risk of arbitrary code execution and thus it "
            "is disallowed by default. If you trust the source of the artifact, you can "
            "override this error by passing `safe_mode=False` to the loading function, or "
            "calling `keras.config.enable_unsafe_deserialization()`."
        )


class Lambda(Layer):
    """Wraps arbitrary expressions as a `Layer` object.

    Lambda layers are saved by serializing the Python bytecode of a lambda, which is
    non-portable and potentially unsafe: loading one is refused unless safe mode is
    off. Prefer subclassing `Layer` for anything that must be saved.

    Args:
        function: the function to evaluate; it takes the input tensor as its first
            argument (and `mask` / `training` when it declares them).
        output_shape: the expected output shape: a tuple without the batch dimension,
            or a function of the input shape. Usually inferred.
        mask: None, a callable with the signature of `compute_mask`, or a tensor to
            return as the output mask.
        arguments: a dict of keyword arguments passed to the function.

    Input shape:
        Arbitrary.

    Output shape:
        Given by `output_shape`, or inferred by tracing `function`.

    Example:
    >>> import numpy as np
    >>> Lambda(lambda x: x ** 2)(np.array([[1.0, 2.0]], "float32")).tolist()
    [[1.0, 4.0]]
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.arguments = arguments or {}
        self.function = function
        self.supports_masking = mask is not None
        self.mask = mask
        self._output_shape = output_shape
        function_args = _function_args(function)
        self._fn_expects_training_arg = "training" in function_args
        self._fn_expects_mask_arg = "mask" in function_args
        self.built = True

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch_size = tree.flatten(input_shape)[0]
        if isinstance(self._output_shape, (list, tuple)) and all(
            isinstance(d, int) or d is None for d in self._output_shape
        ):
            return (batch_size, *self._output_shape)
        return [(batch_size, *shape) for shape in self._output_shape]

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, previous_mask=None):
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def get_config(self) -> dict:
        config = {"function": self._serialize_function(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = (
                self._serialize_function(self._output_shape)
                if callable(self._output_shape)
                else self._output_shape
            )
        if self.mask is not None:
            config["mask"] = (
                self._serialize_function(self.mask)
                if callable(self.mask)
                else serialization_lib.serialize_keras_object(self.mask)
            )
        config["arguments"] = serialization_lib.serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @staticmethod
    def _serialize_function(fn):
        if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
            return _dump_function(fn)
        if callable(fn):
            return serialization_lib.serialize_keras_object(fn)
        raise ValueError(
            f"Invalid input type for serialization. Received: {fn} of type {type(fn)}."
        )

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuild the layer; lambdas load only when safe mode is off (explicitly, or by
        the active `SafeModeScope`)."""
        config = dict(config)
        effective = safe_mode if safe_mode is not None else serialization_lib.in_safe_mode()
        safe = effective is not False
        for key in ("function", "output_shape", "mask"):
            if key not in config:
                continue
            value = config[key]
            if _is_lambda_config(value):
                _refuse_in_safe_mode(safe)
                config[key] = _load_function(value["config"])
            elif key == "output_shape" or isinstance(value, dict):
                value = serialization_lib.deserialize_keras_object(
                    value, custom_objects=custom_objects, safe_mode=safe
                )
                if (
                    key == "output_shape"
                    and isinstance(value, list)
                    and all(isinstance(d, int) or d is None for d in value)
                ):
                    value = tuple(value)
                config[key] = value
        if "arguments" in config:
            config["arguments"] = serialization_lib.deserialize_keras_object(
                config["arguments"], custom_objects=custom_objects, safe_mode=safe
            )
        return super().from_config(config)
