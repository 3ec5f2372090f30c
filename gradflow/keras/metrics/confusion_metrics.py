"""Confusion-matrix metrics: true/false positive/negative counts, precision, recall, the
sensitivity/specificity trade-offs, and AUC. Counts are kept per threshold."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.losses.numerics import divide_no_nan
from gradflow.keras.metrics import metrics_utils
from gradflow.keras.metrics.metric import Metric
from gradflow.keras.metrics.metrics_utils import ConfusionMatrix
from gradflow.keras.saving import serialization_lib

gnp = gf.numpy


# The four cells' count variables, in the order Keras makes them.
_CELL_VARIABLES = {
    ConfusionMatrix.TRUE_POSITIVES: "true_positives",
    ConfusionMatrix.FALSE_POSITIVES: "false_positives",
    ConfusionMatrix.TRUE_NEGATIVES: "true_negatives",
    ConfusionMatrix.FALSE_NEGATIVES: "false_negatives",
}


def _add_cell_variables(metric: Metric, shape: tuple, cells=tuple(_CELL_VARIABLES)) -> None:
    """Make the count variables of `cells` (all four by default), zeros of `shape`, as
    `metric.true_positives`, `metric.false_positives` …"""
    for cell in cells:
        name = _CELL_VARIABLES[cell]
        setattr(metric, name, metric.add_variable(shape, "zeros", name=name))


def _cell_variables(metric: Metric, cells=tuple(_CELL_VARIABLES)) -> dict:
    """`{cell: count variable}` for `cells` (all four by default), as
    `update_confusion_matrix_variables` takes them."""
    return {cell: getattr(metric, _CELL_VARIABLES[cell]) for cell in cells}


class _ConfusionMatrixConditionCount(Metric):
    """Counts one confusion-matrix cell, `_confusion_matrix_cond` (e.g. true positives),
    at each threshold."""

    _confusion_matrix_cond: ConfusionMatrix

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = metrics_utils.parse_init_thresholds(thresholds, default_threshold=0.5)
        self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(
            self.thresholds
        )
        self.accumulator = self.add_variable(
            shape=(len(self.thresholds),), initializer="zeros", name="accumulator"
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        metrics_utils.update_confusion_matrix_variables(
            {self._confusion_matrix_cond: self.accumulator},
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
        )

    def result(self):
        value = self.accumulator.value()
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class FalsePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of false positives at each threshold.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction above one counts
            as positive (0.5 by default).
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = FalsePositives()
    >>> m.update_state([0, 1, 0, 0], [0, 0, 1, 1])
    >>> float(m.result())
    2.0
    """

    _confusion_matrix_cond = ConfusionMatrix.FALSE_POSITIVES


class FalseNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of false negatives at each threshold.

    Args:
        thresholds: a float or list of floats in [0, 1] (0.5 by default).
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = FalseNegatives()
    >>> m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    _confusion_matrix_cond = ConfusionMatrix.FALSE_NEGATIVES


class TrueNegatives(_ConfusionMatrixConditionCount):
    """The (weighted) number of true negatives at each threshold.

    Args:
        thresholds: a float or list of floats in [0, 1] (0.5 by default).
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = TrueNegatives()
    >>> m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    _confusion_matrix_cond = ConfusionMatrix.TRUE_NEGATIVES


class TruePositives(_ConfusionMatrixConditionCount):
    """The (weighted) number of true positives at each threshold.

    Args:
        thresholds: a float or list of floats in [0, 1] (0.5 by default).
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = TruePositives()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())
    2.0
    """

    _confusion_matrix_cond = ConfusionMatrix.TRUE_POSITIVES


class _PrecisionRecallBase(Metric):
    """Shared state of Precision and Recall: true positives and one error count."""

    # true positives, and false positives (precision) or false negatives (recall)
    _cells: tuple

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default_threshold = 0.5 if top_k is None else metrics_utils.NEG_INF
        self.thresholds = metrics_utils.parse_init_thresholds(
            thresholds, default_threshold=default_threshold
        )
        self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(
            self.thresholds
        )
        _add_cell_variables(self, (len(self.thresholds),), self._cells)

    def update_state(self, y_true, y_pred, sample_weight=None):
        metrics_utils.update_confusion_matrix_variables(
            _cell_variables(self, self._cells),
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        tp, errors = [variable.value() for variable in _cell_variables(self, self._cells).values()]
        value = divide_no_nan(tp, tp + errors)
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_PrecisionRecallBase):
    """The precision of predictions: `true_positives / (true_positives + false_positives)`.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction above one is
            positive (0.5 by default, or any value with `top_k`).
        top_k: count only the `k` largest predictions of each row as positive.
        class_id: look at this class column only.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = Precision()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _cells = (ConfusionMatrix.TRUE_POSITIVES, ConfusionMatrix.FALSE_POSITIVES)


class Recall(_PrecisionRecallBase):
    """The recall of predictions: `true_positives / (true_positives + false_negatives)`.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction above one is
            positive (0.5 by default, or any value with `top_k`).
        top_k: count only the `k` largest predictions of each row as positive.
        class_id: look at this class column only.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = Recall()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _cells = (ConfusionMatrix.TRUE_POSITIVES, ConfusionMatrix.FALSE_NEGATIVES)


def _check_unit_interval(name: str, value) -> None:
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{name}` must be in the range [0, 1]. Received: {name}={value}")


class SensitivitySpecificityBase(Metric):
    """All four confusion counts over `num_thresholds` evenly spaced thresholds; the
    result is the best `_maximized` rate among the thresholds whose `_constraint` rate
    is at least `value`.

    Each subclass names the two rates ("recall" (= "sensitivity"), "specificity" or
    "precision"); `_constraint` is also the name of its constructor argument holding
    `value`, kept as an attribute and in the config.
    """

    _constraint: str
    _maximized: str

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval(self._constraint, value)
        setattr(self, self._constraint, value)
        self.num_thresholds = num_thresholds
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if num_thresholds <= 0:
            raise ValueError(
                "Argument `num_thresholds` must be an integer > 0. "
                f"Received: num_thresholds={num_thresholds}"
            )
        self.value = value
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            inner = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self.thresholds = [0.0] + inner + [1.0]
            self._thresholds_distributed_evenly = True
        _add_cell_variables(self, (len(self.thresholds),))

    def update_state(self, y_true, y_pred, sample_weight=None):
        metrics_utils.update_confusion_matrix_variables(
            _cell_variables(self),
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        tp, fp = self.true_positives.value(), self.false_positives.value()
        tn, fn = self.true_negatives.value(), self.false_negatives.value()
        recall = divide_no_nan(tp, tp + fn)
        rates = {
            "recall": recall,
            "sensitivity": recall,
            "specificity": divide_no_nan(tn, tn + fp),
            "precision": divide_no_nan(tp, tp + fp),
        }
        # the largest maximized rate where the constraint holds (0 if it never does)
        feasible = rates[self._constraint] >= self.value
        return gnp.maximum(gnp.max(gnp.where(feasible, rates[self._maximized], 0.0)), 0.0)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "class_id": self.class_id,
            "num_thresholds": self.num_thresholds,
            self._constraint: getattr(self, self._constraint),
        }


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """The best sensitivity (recall) among thresholds whose specificity is at least
    `specificity`.

    Args:
        specificity: the lowest acceptable specificity, in [0, 1].
        num_thresholds: how many evenly spaced thresholds to try.
        class_id: look at this class column only.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = SensitivityAtSpecificity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    0.5
    """

    _constraint, _maximized = "specificity", "recall"

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(specificity, num_thresholds, class_id=class_id, name=name, dtype=dtype)


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """The best specificity among thresholds whose sensitivity (recall) is at least
    `sensitivity`.

    Args:
        sensitivity: the lowest acceptable sensitivity, in [0, 1].
        num_thresholds: how many evenly spaced thresholds to try.
        class_id: look at this class column only.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = SpecificityAtSensitivity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _constraint, _maximized = "sensitivity", "specificity"

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(sensitivity, num_thresholds, class_id=class_id, name=name, dtype=dtype)


class PrecisionAtRecall(SensitivitySpecificityBase):
    """The best precision among thresholds whose recall is at least `recall`.

    Args:
        recall: the lowest acceptable recall, in [0, 1].
        num_thresholds: how many evenly spaced thresholds to try.
        class_id: look at this class column only.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = PrecisionAtRecall(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    0.5
    """

    _constraint, _maximized = "recall", "precision"

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(recall, num_thresholds, class_id=class_id, name=name, dtype=dtype)


class RecallAtPrecision(SensitivitySpecificityBase):
    """The best recall among thresholds whose precision is at least `precision`.

    Args:
        precision: the lowest acceptable precision, in [0, 1].
        num_thresholds: how many evenly spaced thresholds to try.
        class_id: look at this class column only.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = RecallAtPrecision(0.8)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> float(m.result())
    0.5
    """

    _constraint, _maximized = "precision", "recall"

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(precision, num_thresholds, class_id=class_id, name=name, dtype=dtype)


class AUC(Metric):
    """Approximates the area under the ROC or precision-recall curve with a Riemann sum
    over `num_thresholds` thresholds.

    Args:
        num_thresholds: how many thresholds to use (> 1); evenly spaced in [0, 1].
        curve: "ROC", "PR" (precision-recall) or "PRGAIN".
        summation_method: "interpolation" (trapezoids; for PR, Davis & Goadrich's
            interpolation), "minoring" or "majoring" (lower or upper rectangles).
        name: name of the metric instance.
        dtype: data type of the metric result.
        thresholds: explicit thresholds in [0, 1] (then `num_thresholds` is ignored).
        multi_label: compute one curve per label column and average the areas.
        num_labels: the number of label columns with `multi_label` (else the first
            update, or `build`, finds it).
        label_weights: weights of the label columns in the average.
        from_logits: whether predictions are logits (a sigmoid is applied).

    Example:
    >>> m = AUC(num_thresholds=3)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> round(float(m.result()), 4)
    0.75
    """

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        self._direction = "up"
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(thresholds)
            self._thresholds_distributed_evenly = metrics_utils.is_evenly_distributed_thresholds(
                np.array([0.0] + thresholds + [1.0])
            )
        else:
            if num_thresholds <= 1:
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = num_thresholds
            thresholds = [(i + 1) * 1.0 / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            self._thresholds_distributed_evenly = True
        # The end thresholds sit just outside [0, 1] so that predictions of exactly 0
        # and 1 count at them.
        self._thresholds = np.array(
            [0.0 - backend.epsilon()] + list(thresholds) + [1.0 + backend.epsilon()]
        )
        self.curve = (
            curve
            if isinstance(curve, metrics_utils.AUCCurve)
            else metrics_utils.AUCCurve.from_str(curve)
        )
        self.summation_method = (
            summation_method
            if isinstance(summation_method, metrics_utils.AUCSummationMethod)
            else metrics_utils.AUCSummationMethod.from_str(summation_method)
        )
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = (
            None if label_weights is None else gf.constant(np.asarray(label_weights, self.dtype))
        )
        self._from_logits = from_logits
        self.built = False
        if self.multi_label:
            if num_labels:
                self.build(None, (None, num_labels))
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self.build(None, None)

    @property
    def thresholds(self) -> list:
        return list(self._thresholds)

    def build(self, y_true_shape, y_pred_shape) -> None:
        """Make the four count variables (their label axis comes from `y_pred_shape`
        when `multi_label` is True)."""
        if self.built:
            return
        if self.multi_label:
            if y_pred_shape is None or len(y_pred_shape) != 2:
                rank = None if y_pred_shape is None else len(y_pred_shape)
                raise ValueError(
                    "`y_pred` must have rank 2 when `multi_label=True`. "
                    f"Found rank {rank}. Full shape received for `y_pred`: {y_pred_shape}"
                )
            self._num_labels = y_pred_shape[1]
            shape = (self.num_thresholds, self._num_labels)
        else:
            shape = (self.num_thresholds,)
        self._build_input_shape = y_pred_shape
        _add_cell_variables(self, shape)
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = backend.convert_to_tensor(y_pred)
        self._require_built(metrics_utils.shape_of(y_true), y_pred.shape)
        if self._from_logits:
            y_pred = gf.nn.sigmoid(y_pred)
        metrics_utils.update_confusion_matrix_variables(
            _cell_variables(self),
            y_true,
            y_pred,
            self._thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
        )

    def _average_over_labels(self, terms):
        """Sum the Riemann terms over thresholds; with multi_label, average the labels."""
        if not self.multi_label:
            return gnp.sum(terms)
        by_label = gnp.sum(terms, axis=0)
        if self.label_weights is None:
            return gnp.mean(by_label)
        return divide_no_nan(gnp.sum(by_label * self.label_weights), gnp.sum(self.label_weights))

    def interpolate_pr_auc(self):
        """PR-AUC by Davis & Goadrich (2006): precision is interpolated between
        thresholds along the true-positive count, not linearly in recall."""
        n = self.num_thresholds
        tp = self.true_positives.value()
        fn = self.false_negatives.value()
        dtp = tp[: n - 1] - tp[1:]
        p = tp + self.false_positives.value()
        dp = p[: n - 1] - p[1:]
        prec_slope = divide_no_nan(dtp, gnp.maximum(dp, 0.0))
        intercept = tp[1:] - prec_slope * p[1:]
        safe_p_ratio = gnp.where(
            gnp.logical_and(p[: n - 1] > 0, p[1:] > 0),
            divide_no_nan(p[: n - 1], gnp.maximum(p[1:], 0.0)),
            gnp.ones_like(p[1:]),
        )
        increments = divide_no_nan(
            prec_slope * (dtp + intercept * gnp.log(safe_p_ratio)),
            gnp.maximum(tp[1:] + fn[1:], 0.0),
        )
        return self._average_over_labels(increments)

    def _curve_points(self):
        """The (x, y) points of the curve, one per threshold."""
        tp, fp = self.true_positives.value(), self.false_positives.value()
        tn, fn = self.true_negatives.value(), self.false_negatives.value()
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == metrics_utils.AUCCurve.ROC:
            return divide_no_nan(fp, fp + tn), recall
        if self.curve == metrics_utils.AUCCurve.PR:
            return recall, divide_no_nan(tp, tp + fp)
        scaling = divide_no_nan(tp + fn, tn + fp)
        recall_gain = 1.0 - scaling * divide_no_nan(fn, tp)
        precision_gain = 1.0 - scaling * divide_no_nan(fp, tp)
        recall_gain = gnp.where(tp == 0, gnp.zeros_like(recall_gain), recall_gain)
        precision_gain = gnp.where(tp == 0, gnp.ones_like(precision_gain), precision_gain)
        return gnp.maximum(recall_gain, 0.0), precision_gain

    def result(self):
        if (
            self.curve == metrics_utils.AUCCurve.PR
            and self.summation_method == metrics_utils.AUCSummationMethod.INTERPOLATION
        ):
            return self.interpolate_pr_auc()
        x, y = self._curve_points()
        n = self.num_thresholds
        if self.summation_method == metrics_utils.AUCSummationMethod.INTERPOLATION:
            heights = (y[: n - 1] + y[1:]) / 2.0
        elif self.summation_method == metrics_utils.AUCSummationMethod.MINORING:
            heights = gnp.minimum(y[: n - 1], y[1:])
        else:
            heights = gnp.maximum(y[: n - 1], y[1:])
        return self._average_over_labels((x[: n - 1] - x[1:]) * heights)

    @classmethod
    def from_config(cls, config: dict):
        # `label_weights` is serialized as a tensor config, which Keras 3 itself cannot
        # read back (its AUC.from_config passes the dict on); read it here.
        weights = config.get("label_weights")
        if isinstance(weights, dict):
            weights = serialization_lib.deserialize_keras_object(weights)
            config = {**config, "label_weights": backend.convert_to_numpy(weights)}
        return cls(**config)

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve.value,
            "summation_method": self.summation_method.value,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": self.label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
