"""Metrics that reduce values: `Sum`, `Mean`, and `MeanMetricWrapper`, the mean of any
function `fn(y_true, y_pred)`, with `BuiltinMeanMetricWrapper`, the base of the accuracy,
regression, probabilistic, correlation and hinge metrics."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend, masking
from gradflow.keras.losses.loss import apply_mask, squeeze_or_expand_to_same_rank
from gradflow.keras.losses.numerics import divide_no_nan
from gradflow.keras.metrics.metric import Metric
from gradflow.keras.saving import serialization_lib

gnp = gf.numpy


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weight `values` by `sample_weight` and reduce them to one value per sample.

    Values with more axes than the weights are first reduced (with `reduce_fn`) down to
    the weights' rank; the weights are broadcast to the values and reduced to one per
    sample.

    Returns:
        `(values, sample_weight)`: values of shape `(batch,)` (or `()`), and the
        per-sample weights (None when none were given).

    Example:
    >>> v, w = reduce_to_samplewise_values(gf.constant([[1.0, 3.0], [5.0, 7.0]]),
    ...                                    gf.constant([1.0, 0.0]), gf.numpy.mean, "float32")
    >>> v.tolist(), w.tolist()
    ([2.0, 0.0], [1.0, 0.0])
    """
    mask = masking.get_keras_mask(values)
    values = backend.convert_to_tensor(values, dtype)
    if sample_weight is not None:
        sample_weight = backend.convert_to_tensor(sample_weight, dtype)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, dtype=dtype, reduction="sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_ndim, values_ndim = sample_weight.ndim, values.ndim
        if values_ndim > weight_ndim:
            values = reduce_fn(values, axis=tuple(range(weight_ndim, values_ndim)))
        # Broadcasting the weights does not change the product, but it does change how
        # many samples they count for below.
        sample_weight = gnp.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if weight_ndim > 1:
            sample_weight = reduce_fn(sample_weight, axis=tuple(range(1, weight_ndim)))
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


class Sum(Metric):
    """Computes the (weighted) sum of the given values.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = Sum()
    >>> m.update_state([1, 3, 5, 7])
    >>> float(m.result())
    16.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="total"
        )

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, gnp.sum, self.dtype)
        self.total.assign_add(gnp.sum(values))

    def result(self):
        return gnp.astype(self.total.value(), self.dtype)


class Mean(Metric):
    """Computes the (weighted) mean of the given values.

    With `sample_weight`, the result is `sum(values * weights) / sum(weights)`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = Mean()
    >>> m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="total"
        )
        self.count = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="count"
        )

    def update_state(self, values, sample_weight=None):
        values, sample_weight = reduce_to_samplewise_values(
            values, sample_weight, gnp.mean, self.dtype
        )
        self.total.assign_add(gnp.sum(values))
        if sample_weight is not None:
            num_samples = gnp.sum(sample_weight)
        elif values.ndim >= 1 and values.shape[0] is not None:
            num_samples = gf.constant(values.shape[0], dtype=self.dtype)
        elif values.ndim >= 1:
            num_samples = gnp.sum(gnp.ones_like(values))
        else:
            num_samples = gf.constant(1, dtype=self.dtype)
        self.count.assign_add(gnp.astype(num_samples, self.dtype))

    def result(self):
        return divide_no_nan(self.total.value(), self.count.value())


class MeanMetricWrapper(Mean):
    """Wraps a stateless function `fn(y_true, y_pred, **kwargs)` into a metric that
    keeps the (weighted) mean of its per-sample values.

    Args:
        fn: the function to wrap.
        name: name of the metric instance.
        dtype: data type of the metric result.
        **kwargs: keyword arguments passed to `fn`.

    Example:
    >>> def absolute_error(y_true, y_pred):
    ...     return gf.numpy.abs(gf.asarray(y_true) - gf.asarray(y_pred))
    >>> m = MeanMetricWrapper(absolute_error)
    >>> m.update_state([1.0, 2.0], [1.5, 1.0])
    >>> float(m.result())
    0.75
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        module = getattr(fn, "__module__", None) or type(fn).__module__
        if module.startswith("gradflow.keras.losses"):
            self._direction = "down"  # a wrapped Keras loss is minimized

    def update_state(self, y_true, y_pred, sample_weight=None):
        mask = masking.get_keras_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, dtype=self.dtype, reduction="sum")
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "fn": serialization_lib.serialize_keras_object(self._fn),
        }
        config.update(serialization_lib.serialize_keras_object(self._fn_kwargs))
        return config

    @classmethod
    def from_config(cls, config: dict):
        if "fn" in config:
            config = serialization_lib.deserialize_keras_object(config)
        return cls(**config)


class BuiltinMeanMetricWrapper(MeanMetricWrapper):
    """The base of the built-in metrics that are the mean of one function
    (`BinaryAccuracy`, `MeanSquaredError` …): the class fixes the function, so its config
    names no function.

    The keyword arguments named in `_config_keys` are kept as same-named attributes and
    written to the config, in that order, after the name and dtype; the others (e.g.
    CosineSimilarity's `axis`, which Keras 3 leaves out of the config) only reach `fn`.
    A metric to maximize sets `_direction = "up"`; the means of Keras losses are marked
    "down" by `MeanMetricWrapper`.
    """

    _config_keys: tuple = ()

    def __init__(self, fn, name, dtype, **kwargs):
        super().__init__(fn, name=name, dtype=dtype, **kwargs)
        for key in self._config_keys:
            setattr(self, key, kwargs[key])

    def get_config(self) -> dict:
        config = {"name": self.name, "dtype": self.dtype}
        config.update({key: getattr(self, key) for key in self._config_keys})
        return config
