"""`LossFunctionWrapper`: a `Loss` made from a function `fn(y_true, y_pred, **kwargs)`, and
`BuiltinLossWrapper`, the base of the built-in loss classes."""

from __future__ import annotations

from gradflow.keras.losses.loss import Loss, squeeze_or_expand_to_same_rank
from gradflow.keras.saving import serialization_lib


class LossFunctionWrapper(Loss):
    """Wraps a loss function into a `Loss`, with reduction and sample weights.

    Args:
        fn: the loss function, `fn(y_true, y_pred, **kwargs)` -> per-sample losses.
        reduction: how the per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.
        **kwargs: keyword arguments passed on to `fn`.

    Example:
    >>> import gradflow as gf
    >>> def absolute(y_true, y_pred, scale=1.0):
    ...     return scale * gf.numpy.mean(gf.numpy.abs(y_pred - y_true), axis=-1)
    >>> loss = LossFunctionWrapper(absolute, scale=2.0)
    >>> float(loss([[0.0, 0.0]], [[1.0, 3.0]]))
    4.0
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        config["fn"] = serialization_lib.serialize_keras_object(self.fn)
        config.update(serialization_lib.serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict):
        if "fn" in config:
            from gradflow.keras.losses import ALL_OBJECTS_DICT  # the package imports us

            config = serialization_lib.deserialize_keras_object(
                config, module_objects=ALL_OBJECTS_DICT
            )
        return cls(**config)

    def __repr__(self) -> str:
        return f"<LossFunctionWrapper({self.fn}, kwargs={self._fn_kwargs})>"


class BuiltinLossWrapper(LossFunctionWrapper):
    """The base of the built-in loss classes (`MeanSquaredError`, `Huber` …): a
    `LossFunctionWrapper` whose class fixes the function, so its config names no
    function.

    The keyword arguments named in `_config_keys` are kept as same-named attributes and
    written to the config, in that order, after the name and reduction; the others
    (e.g. Huber's `delta`, which Keras 3 leaves out of the config) only reach `fn`.
    """

    _config_keys: tuple = ()

    def __init__(self, fn, reduction, name, dtype, **kwargs):
        super().__init__(fn, reduction=reduction, name=name, dtype=dtype, **kwargs)
        for key in self._config_keys:
            setattr(self, key, kwargs[key])

    def get_config(self) -> dict:
        config = Loss.get_config(self)
        config.update({key: getattr(self, key) for key in self._config_keys})
        return config
