"""Regression losses: squared, absolute, percentage and log errors, Huber, log-cosh and
cosine similarity — each as a function (per-sample values) and as a `Loss` class."""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.losses.loss import squeeze_or_expand_to_same_rank
from gradflow.keras.losses.loss_function_wrapper import BuiltinLossWrapper
from gradflow.keras.losses.numerics import convert_inputs, l2_normalize


def _aligned(y_true, y_pred):
    y_true, y_pred = convert_inputs(y_true, y_pred)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


def mean_squared_error(y_true, y_pred):
    """Mean of squares of errors over the last axis: `mean(square(y_true - y_pred))`.

    Args:
        y_true: ground truth values, shape `[batch_size, d0, .. dN]`.
        y_pred: predicted values, same shape.

    Returns:
        Mean squared error values, shape `[batch_size, d0, .. dN-1]`.

    Example:
    >>> mean_squared_error([[0.0, 1.0]], [[1.0, 1.0]]).tolist()
    [0.5]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return gf.numpy.mean(gf.numpy.square(y_true - y_pred), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean of absolute errors over the last axis: `mean(abs(y_true - y_pred))`.

    Args:
        y_true: ground truth values, shape `[batch_size, d0, .. dN]`.
        y_pred: predicted values, same shape.

    Returns:
        Mean absolute error values, shape `[batch_size, d0, .. dN-1]`.

    Example:
    >>> mean_absolute_error([[0.0, 1.0]], [[1.0, 3.0]]).tolist()
    [1.5]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    return gf.numpy.mean(gf.numpy.abs(y_true - y_pred), axis=-1)


def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)))` over the last axis.

    Args:
        y_true: ground truth values, shape `[batch_size, d0, .. dN]`.
        y_pred: predicted values, same shape.

    Returns:
        Mean absolute percentage error values, shape `[batch_size, d0, .. dN-1]`.

    Example:
    >>> mean_absolute_percentage_error([[2.0, 4.0]], [[1.0, 4.0]]).tolist()
    [25.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    epsilon = gf.numpy.full_like(y_true, backend.epsilon())
    diff = gf.numpy.abs((y_true - y_pred) / gf.numpy.maximum(gf.numpy.abs(y_true), epsilon))
    return 100.0 * gf.numpy.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean of `square(log(y_pred + 1) - log(y_true + 1))` over the last axis (inputs
    below epsilon count as epsilon).

    Args:
        y_true: ground truth values, shape `[batch_size, d0, .. dN]`.
        y_pred: predicted values, same shape.

    Returns:
        Mean squared logarithmic error values, shape `[batch_size, d0, .. dN-1]`.

    Example:
    >>> [round(v, 6) for v in mean_squared_logarithmic_error([[0.0]], [[1.0]]).tolist()]
    [0.480453]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    epsilon = backend.epsilon()
    first_log = gf.numpy.log(gf.numpy.maximum(y_pred, epsilon) + 1.0)
    second_log = gf.numpy.log(gf.numpy.maximum(y_true, epsilon) + 1.0)
    return gf.numpy.mean(gf.numpy.square(first_log - second_log), axis=-1)


def cosine_similarity(y_true, y_pred, axis=-1):
    """Negative cosine similarity between L2-normalized `y_true` and `y_pred`.

    Args:
        y_true: ground truth values.
        y_pred: predicted values.
        axis: the axis along which the similarity is computed.

    Returns:
        The negated cosine similarities (-1 for parallel vectors).

    Example:
    >>> cosine_similarity([[0.0, 1.0]], [[0.0, 2.0]]).tolist()
    [-1.0]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    y_pred = l2_normalize(y_pred, axis=axis)
    y_true = l2_normalize(y_true, axis=axis)
    return -gf.numpy.sum(y_true * y_pred, axis=axis)


def huber(y_true, y_pred, delta=1.0):
    """Huber loss: quadratic for `|error| <= delta`, linear beyond, averaged over the
    last axis.

    Args:
        y_true: ground truth values, shape `[batch_size, d0, .. dN]`.
        y_pred: predicted values, same shape.
        delta: where the loss changes from quadratic to linear.

    Returns:
        Huber loss values, shape `[batch_size, d0, .. dN-1]`.

    Example:
    >>> huber([[0.0, 0.0]], [[0.5, 3.0]]).tolist()
    [1.3125]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    delta = gf.constant(delta, dtype=y_pred.dtype)
    error = y_pred - y_true
    abs_error = gf.numpy.abs(error)
    quadratic = 0.5 * gf.numpy.square(error)
    linear = delta * abs_error - 0.5 * gf.numpy.square(delta)
    return gf.numpy.mean(gf.numpy.where(abs_error <= delta, quadratic, linear), axis=-1)


def log_cosh(y_true, y_pred):
    """Mean of `log(cosh(y_pred - y_true))` over the last axis, computed without
    overflow as `x + softplus(-2x) - log(2)`.

    Args:
        y_true: ground truth values, shape `[batch_size, d0, .. dN]`.
        y_pred: predicted values, same shape.

    Returns:
        Logcosh error values, shape `[batch_size, d0, .. dN-1]`.

    Example:
    >>> [round(v, 6) for v in log_cosh([[0.0]], [[1.0]]).tolist()]
    [0.433781]
    """
    y_true, y_pred = _aligned(y_true, y_pred)
    x = y_pred - y_true
    values = x + gf.nn.softplus(x * -2.0) - math.log(2.0)
    return gf.numpy.mean(values, axis=-1)


class MeanSquaredError(BuiltinLossWrapper):
    """Mean of squares of errors between labels and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(MeanSquaredError()([[0.0, 1.0]], [[1.0, 1.0]]))
    0.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, reduction, name, dtype)


class MeanAbsoluteError(BuiltinLossWrapper):
    """Mean of absolute differences between labels and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(MeanAbsoluteError()([[0.0, 1.0]], [[1.0, 3.0]]))
    1.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, reduction, name, dtype)


class MeanAbsolutePercentageError(BuiltinLossWrapper):
    """Mean absolute percentage error between labels and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 4.0]]))
    25.0
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_absolute_percentage_error",
        dtype=None,
    ):
        super().__init__(mean_absolute_percentage_error, reduction, name, dtype)


class MeanSquaredLogarithmicError(BuiltinLossWrapper):
    """Mean squared logarithmic error between labels and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(MeanSquaredLogarithmicError()([[0.0]], [[1.0]])), 6)
    0.480453
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_squared_logarithmic_error",
        dtype=None,
    ):
        super().__init__(mean_squared_logarithmic_error, reduction, name, dtype)


class CosineSimilarity(BuiltinLossWrapper):
    """Negative cosine similarity between labels and predictions.

    Args:
        axis: the axis along which the similarity is computed.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(CosineSimilarity()([[0.0, 1.0]], [[0.0, 2.0]]))
    -1.0
    """

    def __init__(
        self, axis=-1, reduction="sum_over_batch_size", name="cosine_similarity", dtype=None
    ):
        super().__init__(cosine_similarity, reduction, name, dtype, axis=axis)


class Huber(BuiltinLossWrapper):
    """Huber loss: quadratic for small errors, linear for large ones.

    Args:
        delta: where the loss changes from quadratic to linear.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(Huber()([[0.0, 0.0]], [[0.5, 3.0]]))
    1.3125
    """

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name="huber_loss", dtype=None):
        super().__init__(huber, reduction, name, dtype, delta=delta)


class LogCosh(BuiltinLossWrapper):
    """Logarithm of the hyperbolic cosine of the prediction error.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(LogCosh()([[0.0]], [[1.0]])), 6)
    0.433781
    """

    def __init__(self, reduction="sum_over_batch_size", name="log_cosh", dtype=None):
        super().__init__(log_cosh, reduction, name, dtype)
