"""Regression metrics: the means of Keras's regression losses (MSE, MAE, MAPE, MSLE,
log-cosh), RMSE, cosine similarity, and the coefficient of determination R2Score."""

from __future__ import annotations

import warnings

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.losses import (
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)
from gradflow.keras.losses.loss import squeeze_or_expand_to_same_rank
from gradflow.keras.losses.numerics import l2_normalize
from gradflow.keras.metrics.metric import Metric, is_tracing
from gradflow.keras.metrics.metrics_utils import check_2d_inputs
from gradflow.keras.metrics.reduction_metrics import BuiltinMeanMetricWrapper, Mean

gnp = gf.numpy


class MeanSquaredError(BuiltinMeanMetricWrapper):
    """The mean of `mean_squared_error(y_true, y_pred)` over all batches.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = MeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name, dtype)


class MeanAbsoluteError(BuiltinMeanMetricWrapper):
    """The mean of `mean_absolute_error(y_true, y_pred)` over all batches.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = MeanAbsoluteError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name, dtype)


class MeanAbsolutePercentageError(BuiltinMeanMetricWrapper):
    """The mean of `mean_absolute_percentage_error(y_true, y_pred)` over all batches.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = MeanAbsolutePercentageError()
    >>> m.update_state([[1.0, 2.0]], [[1.5, 2.0]])
    >>> float(m.result())
    25.0
    """

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, name, dtype)


class MeanSquaredLogarithmicError(BuiltinMeanMetricWrapper):
    """The mean of `mean_squared_logarithmic_error(y_true, y_pred)` over all batches.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = MeanSquaredLogarithmicError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> round(float(m.result()), 4)
    0.1201
    """

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name, dtype)


class LogCoshError(BuiltinMeanMetricWrapper):
    """The mean of `log_cosh(y_true, y_pred)` over all batches.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = LogCoshError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> round(float(m.result()), 4)
    0.1084
    """

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(log_cosh, name, dtype)


class RootMeanSquaredError(Mean):
    """The square root of the mean squared error over all batches.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = RootMeanSquaredError()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = backend.convert_to_tensor(y_true, self.dtype)
        y_pred = backend.convert_to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return super().update_state(gnp.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return gnp.sqrt(super().result())


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine of the angle between `y_true` and `y_pred` along `axis` (the metric's
    sign: 1 for the same direction; the loss of the same name is its negative).

    Example:
    >>> cosine_similarity([[0.0, 1.0]], [[1.0, 1.0]]).tolist()
    [0.7071067690849304]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = backend.convert_to_tensor(y_true, dtype=y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return gnp.sum(l2_normalize(y_true, axis=axis) * l2_normalize(y_pred, axis=axis), axis=axis)


class CosineSimilarity(BuiltinMeanMetricWrapper):
    """The mean cosine similarity between labels and predictions.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.
        axis: the axis along which the similarity is computed.

    Example:
    >>> m = CosineSimilarity(axis=1)
    >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> round(float(m.result()), 4)
    0.5
    """

    _direction = "up"

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name, dtype, axis=axis)


class R2Score(Metric):
    """The coefficient of determination: `1 - sum((y - y_pred)**2) / sum((y - mean(y))**2)`
    per output, aggregated.

    Inputs are `(batch_size, num_outputs)`; the state is made from the first inputs'
    shape, or by `build`.

    Args:
        class_aggregation: "uniform_average" (mean of the outputs' scores),
            "variance_weighted_average" (weighted by each output's variance) or None
            (one score per output).
        num_regressors: the number of independent variables, for the adjusted R2
            (0: plain R2).
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = R2Score()
    >>> m.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
    >>> round(float(m.result()), 4)
    0.5714
    """

    def __init__(
        self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        valid = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in valid:
            raise ValueError(
                f"Invalid value for argument `class_aggregation`. Expected one of {valid}. "
                f"Received: class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a value >= 0. "
                f"Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(shape=(), initializer="zeros", name="num_samples")
        self.built = False

    def build(self, y_true_shape, y_pred_shape) -> None:
        """Make the per-output sums (their length is `y_pred_shape[-1]`)."""
        if self.built:
            return
        check_2d_inputs("R2Score", y_true_shape, y_pred_shape)
        shape = (y_pred_shape[-1],)
        self.squared_sum = self.add_variable(shape, "zeros", name="squared_sum")
        self.sum = self.add_variable(shape, "zeros", name="sum")
        self.total_mse = self.add_variable(shape, "zeros", name="residual")
        self.count = self.add_variable(shape, "zeros", name="count")
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = backend.convert_to_tensor(y_true, self.dtype)
        y_pred = backend.convert_to_tensor(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        self._require_built(y_true.shape, y_pred.shape)
        weight = backend.convert_to_tensor(
            1 if sample_weight is None else sample_weight, self.dtype
        )
        if weight.ndim == 1:
            weight = gnp.expand_dims(weight, axis=1)
        weight = gnp.broadcast_to(weight, y_true.shape)
        weighted_y_true = y_true * weight
        self.sum.assign_add(gnp.sum(weighted_y_true, axis=0))
        self.squared_sum.assign_add(gnp.sum(y_true * weighted_y_true, axis=0))
        self.total_mse.assign_add(gnp.sum(gnp.square(y_true - y_pred) * weight, axis=0))
        self.count.assign_add(gnp.sum(weight, axis=0))
        size = gnp.sum(gnp.ones_like(y_true))  # works for dynamic batch sizes too
        self.num_samples.assign_add(gnp.astype(size, self.num_samples.dtype))

    def result(self):
        total_sum = self.sum.value()
        mean = total_sum / self.count.value()
        total = self.squared_sum.value() - total_sum * mean
        raw_scores = 1 - self.total_mse.value() / total
        raw_scores = gnp.where(gnp.isinf(raw_scores), gnp.zeros_like(raw_scores), raw_scores)
        if self.class_aggregation == "uniform_average":
            r2_score = gnp.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            r2_score = gnp.sum(total * raw_scores) / gnp.sum(total)
        else:
            r2_score = raw_scores
        if self.num_regressors == 0:
            return r2_score
        return self._adjusted(r2_score)

    def _adjusted(self, r2_score):
        """The adjusted R2, falling back to plain R2 unless n - 1 > p."""
        n = gnp.astype(self.num_samples.value(), gf.float32)
        p = float(self.num_regressors)
        if not is_tracing():
            samples = float(self.num_samples.numpy())
            if p > samples - 1:
                warnings.warn(
                    "More independent predictors than datapoints in adjusted R2 score. "
                    "Falling back to standard R2 score.",
                    stacklevel=3,
                )
            elif p == samples - 1:
                warnings.warn(
                    "Division by zero in Adjusted R2 score. Falling back to standard R2 score.",
                    stacklevel=3,
                )
        valid = n - 1.0 > p
        safe_den = gnp.where(valid, n - p - 1.0, gnp.ones_like(n))
        adjusted = 1.0 - (1.0 - r2_score) * (n - 1.0) / safe_den
        return gnp.where(valid, gnp.astype(adjusted, r2_score.dtype), r2_score)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
