"""F-scores: `FBetaScore`, the weighted harmonic mean of precision and recall, and
`F1Score` (beta = 1), per class or averaged ("micro", "macro", "weighted")."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.metrics.metric import Metric
from gradflow.keras.metrics.metrics_utils import check_2d_inputs

gnp = gf.numpy


class FBetaScore(Metric):
    """Computes `(1 + beta**2) * precision * recall / (beta**2 * precision + recall)`.

    Inputs are `(batch_size, num_classes)`: multi-label 0/1 targets and per-class
    scores. The state (one count per class, or one in all with "micro") is made from
    the first inputs' shape, or by `build`.

    Args:
        average: None (one score per class), "micro" (global counts), "macro" (mean of
            the class scores) or "weighted" (mean weighted by class support).
        beta: how much more recall counts than precision (a float > 0).
        threshold: predictions above it are positive; by default the highest-scoring
            class of each row is the positive one.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = FBetaScore(beta=2.0, threshold=0.5)
    >>> m.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    >>> [round(v, 4) for v in m.result().tolist()]
    [0.3846, 0.9091, 0.8333]
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "Invalid `average` argument value. Expected one of: "
                "{None, 'micro', 'macro', 'weighted'}. "
                f"Received: average={average}"
            )
        if not isinstance(beta, float):
            raise ValueError(
                "Invalid `beta` argument value. It should be a Python float. "
                f"Received: beta={beta} of type '{type(beta)}'"
            )
        if beta <= 0.0:
            raise ValueError(
                f"Invalid `beta` argument value. It should be > 0. Received: beta={beta}"
            )
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    "Invalid `threshold` argument value. It should be a Python float. "
                    f"Received: threshold={threshold} of type '{type(threshold)}'"
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    "Invalid `threshold` argument value. It should verify 0 < threshold <= 1. "
                    f"Received: threshold={threshold}"
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self.built = False

    def build(self, y_true_shape, y_pred_shape) -> None:
        """Make the count variables: one per class, or scalars with "micro"."""
        if self.built:
            return
        check_2d_inputs("FBetaScore", y_true_shape, y_pred_shape)
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for name in (
            "true_positives",
            "false_positives",
            "false_negatives",
            "intermediate_weights",
        ):
            setattr(self, name, self.add_variable(shape, "zeros", dtype=self.dtype, name=name))
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = backend.convert_to_tensor(y_true, self.dtype)
        y_pred = backend.convert_to_tensor(y_pred, self.dtype)
        self._require_built(y_true.shape, y_pred.shape)
        if self.threshold is None:
            # The best class of each row is positive (unless its score is zero).
            row_max = gnp.max(y_pred, axis=-1, keepdims=True)
            y_pred = gnp.logical_and(y_pred >= row_max, gnp.abs(y_pred) > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = gnp.astype(y_pred, self.dtype)
        if sample_weight is not None:
            sample_weight = backend.convert_to_tensor(sample_weight, self.dtype)

        def weighted_sum(values):
            if sample_weight is not None:
                values = values * gnp.expand_dims(sample_weight, axis=1)
            return gnp.sum(values, axis=self.axis)

        self.true_positives.assign_add(weighted_sum(y_pred * y_true))
        self.false_positives.assign_add(weighted_sum(y_pred * (1 - y_true)))
        self.false_negatives.assign_add(weighted_sum((1 - y_pred) * y_true))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        eps = backend.epsilon()
        tp = self.true_positives.value()
        precision = tp / (tp + self.false_positives.value() + eps)
        recall = tp / (tp + self.false_negatives.value() + eps)
        beta_sq = self.beta**2
        f_score = precision * recall / (beta_sq * precision + recall + eps) * (1 + beta_sq)
        if self.average == "weighted":
            support = self.intermediate_weights.value()
            weights = support / (gnp.sum(support) + eps)
            return gnp.sum(f_score * weights)
        if self.average is not None:  # "micro" or "macro"
            return gnp.mean(f_score)
        return f_score

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    """Computes `2 * precision * recall / (precision + recall)`: the F-beta score with
    beta = 1.

    Args:
        average: None, "micro", "macro" or "weighted" (see `FBetaScore`).
        threshold: predictions above it are positive; by default the top class of each
            row.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = F1Score(threshold=0.5)
    >>> m.update_state([[1, 1, 1], [1, 0, 0], [1, 1, 0]],
    ...                [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]])
    >>> [round(v, 4) for v in m.result().tolist()]
    [0.5, 0.8, 0.6667]
    """

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
