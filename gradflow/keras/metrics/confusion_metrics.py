"""Confusion-matrix metrics: true/false positive/negative counts, precision, recall, the
sensitivity/specificity trade-offs, and AUC. Counts are kept per threshold."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.metrics import metrics_utils
from gradflow.keras.metrics.metric import Metric
from gradflow.keras.metrics.metrics_utils import ConfusionMatrix, divide_no_nan
from gradflow.keras.saving import serialization_lib

gnp = gf.numpy


class _ConfusionMatrixConditionCount(Metric):
    """Counts one confusion-matrix cell (e.g. true positives) at each threshold."""

    def __init__(self, confusion_matrix_cond, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._confusion_matrix_cond = confusion_matrix_cond
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

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.FALSE_POSITIVES, thresholds, name=name, dtype=dtype)


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

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.FALSE_NEGATIVES, thresholds, name=name, dtype=dtype)


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

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.TRUE_NEGATIVES, thresholds, name=name, dtype=dtype)


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

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(ConfusionMatrix.TRUE_POSITIVES, thresholds, name=name, dtype=dtype)


class _PrecisionRecallBase(Metric):
    """Shared state of Precision and Recall: true positives and one error count."""

    _error_cell: ConfusionMatrix
    _error_name: str

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
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        setattr(self, self._error_name, self.add_variable(shape, "zeros", name=self._error_name))

    def update_state(self, y_true, y_pred, sample_weight=None):
        metrics_utils.update_confusion_matrix_variables(
            {
                ConfusionMatrix.TRUE_POSITIVES: self.true_positives,
                self._error_cell: getattr(self, self._error_name),
            },
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        tp = self.true_positives.value()
        value = divide_no_nan(tp, tp + getattr(self, self._error_name).value())
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

    _error_cell = ConfusionMatrix.FALSE_POSITIVES
    _error_name = "false_positives"


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

    _error_cell = ConfusionMatrix.FALSE_NEGATIVES
    _error_name = "false_negatives"


class SensitivitySpecificityBase(Metric):
    """All four confusion counts over `num_thresholds` evenly spaced thresholds; the
    subclasses read one rate at the best threshold meeting a constraint on another."""

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
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
        shape = (len(self.thresholds),)
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")

    def update_state(self, y_true, y_pred, sample_weight=None):
        metrics_utils.update_confusion_matrix_variables(
            {
                ConfusionMatrix.TRUE_POSITIVES: self.true_positives,
                ConfusionMatrix.TRUE_NEGATIVES: self.true_negatives,
                ConfusionMatrix.FALSE_POSITIVES: self.false_positives,
                ConfusionMatrix.FALSE_NEGATIVES: self.false_negatives,
            },
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "class_id": self.class_id}

    def _rates(self):
        tp, fp = self.true_positives.value(), self.false_positives.value()
        tn, fn = self.true_negatives.value(), self.false_negatives.value()
        return {
            "recall": divide_no_nan(tp, tp + fn),  # = sensitivity
            "specificity": divide_no_nan(tn, tn + fp),
            "precision": divide_no_nan(tp, tp + fp),
        }

    def _find_max_under_constraint(self, constrained, dependent):
        """The largest `dependent` where `constrained >= value` (0 if none)."""
        feasible = constrained >= self.value
        return gnp.maximum(gnp.max(gnp.where(feasible, dependent, 0.0)), 0.0)


def _check_unit_interval(name: str, value) -> None:
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{name}` must be in the range [0, 1]. Received: {name}={value}")


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

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("specificity", specificity)
        self.specificity = specificity
        self.num_thresholds = num_thresholds
        super().__init__(specificity, num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(rates["specificity"], rates["recall"])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "specificity": self.specificity,
        }


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

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("sensitivity", sensitivity)
        self.sensitivity = sensitivity
        self.num_thresholds = num_thresholds
        super().__init__(sensitivity, num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(rates["recall"], rates["specificity"])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "sensitivity": self.sensitivity,
        }


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

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("recall", recall)
        self.recall = recall
        self.num_thresholds = num_thresholds
        super().__init__(recall, num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(rates["recall"], rates["precision"])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "recall": self.recall,
        }


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

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("precision", precision)
        self.precision = precision
        self.num_thresholds = num_thresholds
        super().__init__(precision, num_thresholds, class_id=class_id, name=name, dtype=dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(rates["precision"], rates["recall"])

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "precision": self.precision,
        }


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
        self.true_positives = self.add_variable(shape, "zeros", name="true_positives")
        self.false_positives = self.add_variable(shape, "zeros", name="false_positives")
        self.true_negatives = self.add_variable(shape, "zeros", name="true_negatives")
        self.false_negatives = self.add_variable(shape, "zeros", name="false_negatives")
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = backend.convert_to_tensor(y_pred)
        self._require_built(metrics_utils.shape_of(y_true), y_pred.shape)
        if self._from_logits:
            y_pred = gf.nn.sigmoid(y_pred)
        metrics_utils.update_confusion_matrix_variables(
            {
                ConfusionMatrix.TRUE_POSITIVES: self.true_positives,
                ConfusionMatrix.TRUE_NEGATIVES: self.true_negatives,
                ConfusionMatrix.FALSE_POSITIVES: self.false_positives,
                ConfusionMatrix.FALSE_NEGATIVES: self.false_negatives,
            },
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

    def reset_state(self):
        if self.built:
            super().reset_state()

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
