"""Correlation metrics: Pearson's and Lin's concordance correlation along an axis,
averaged over batches."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.losses.loss import squeeze_or_expand_to_same_rank
from gradflow.keras.metrics.reduction_metrics import BuiltinMeanMetricWrapper

gnp = gf.numpy


def _inputs(y_true, y_pred):
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = backend.convert_to_tensor(y_true, dtype=y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def pearson_correlation(y_true, y_pred, axis=-1):
    """Pearson's correlation coefficient of `y_true` and `y_pred` along `axis`.

    Example:
    >>> round(float(pearson_correlation([[0.0, 1.0, 2.0]], [[0.0, 1.0, 3.0]])[0]), 4)
    0.982
    """
    y_true, y_pred = _inputs(y_true, y_pred)
    y_true_norm = y_true - gnp.mean(y_true, axis=axis, keepdims=True)
    y_pred_norm = y_pred - gnp.mean(y_pred, axis=axis, keepdims=True)
    y_true_norm = y_true_norm / gnp.std(y_true_norm, axis=axis, keepdims=True)
    y_pred_norm = y_pred_norm / gnp.std(y_pred_norm, axis=axis, keepdims=True)
    return gnp.mean(y_true_norm * y_pred_norm, axis=axis)


def concordance_correlation(y_true, y_pred, axis=-1):
    """Lin's concordance correlation coefficient along `axis`, computed as Keras 3
    computes it.

    Example:
    >>> round(float(concordance_correlation([[0.0, 1.0, 2.0]], [[0.0, 1.0, 3.0]])[0]), 4)
    0.8571
    """
    y_true, y_pred = _inputs(y_true, y_pred)
    y_true_mean = gnp.mean(y_true, axis=axis, keepdims=True)
    y_pred_mean = gnp.mean(y_pred, axis=axis, keepdims=True)
    y_true_var = gnp.var(y_true - y_true_mean, axis=axis, keepdims=True)
    y_pred_var = gnp.var(y_pred - y_pred_mean, axis=axis, keepdims=True)
    # Keras centres y_true on y_pred's mean here (not its own); kept for equal numbers.
    covar = (y_true - y_pred_mean) * (y_pred - y_pred_mean)
    norm = y_true_var + y_pred_var + gnp.square(y_true_mean - y_pred_mean)
    return gnp.mean(2 * covar / (norm + backend.epsilon()), axis=axis)


class PearsonCorrelation(BuiltinMeanMetricWrapper):
    """The mean over batches of Pearson's correlation along `axis`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.
        axis: the axis along which the correlation is computed.

    Example:
    >>> m = PearsonCorrelation()
    >>> m.update_state([[0.0, 1.0, 2.0]], [[0.0, 1.0, 3.0]])
    >>> round(float(m.result()), 4)
    0.982
    """

    _direction = "up"
    _config_keys = ("axis",)

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name, dtype, axis=axis)


class ConcordanceCorrelation(BuiltinMeanMetricWrapper):
    """The mean over batches of the concordance correlation along `axis`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.
        axis: the axis along which the correlation is computed.

    Example:
    >>> m = ConcordanceCorrelation()
    >>> m.update_state([[0.0, 1.0, 2.0]], [[0.0, 1.0, 3.0]])
    >>> round(float(m.result()), 4)
    0.8571
    """

    _direction = "up"
    _config_keys = ("axis",)

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name, dtype, axis=axis)
