"""Helpers the metric families share: confusion-matrix updates over thresholds, top-k
filtering, the class confusion matrix and the checks of thresholds and input shapes.

Everything here is written in gradflow ops with shapes known at trace time, so it runs
eagerly and inside `gf.function` alike.
"""

from __future__ import annotations

from enum import Enum

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.losses.loss import squeeze_or_expand_to_same_rank

gnp = gf.numpy

NEG_INF = -1e10  # what top-k filtering gives the predictions it drops


def to_list(x) -> list:
    if isinstance(x, (list, tuple)):
        return list(x)
    if isinstance(x, np.ndarray):
        return x.tolist()
    return [x]


def shape_of(x) -> tuple:
    """The static shape of a tensor, array or nested list (never reads tensor values)."""
    shape = getattr(x, "shape", None)
    return tuple(shape) if shape is not None else np.shape(x)


def parse_init_thresholds(thresholds, default_threshold=0.5) -> list:
    """`thresholds` as a list, each checked to lie in [0, 1]; the default when None."""
    if thresholds is not None:
        invalid = [t for t in to_list(thresholds) if t is None or t < 0 or t > 1]
        if invalid:
            raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")
    return to_list(default_threshold if thresholds is None else thresholds)


def check_2d_inputs(metric: str, y_true_shape, y_pred_shape) -> None:
    """Raise Keras's error unless both shapes are `(batch_size, output_dim)` with
    `output_dim` known (the metrics whose state has one entry per output need it).

    Example:
    >>> check_2d_inputs("R2Score", (4, 1), (4, 1))
    """
    if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
        raise ValueError(
            f"{metric} expects 2D inputs with shape (batch_size, output_dim). Received "
            f"input shapes: y_pred.shape={tuple(y_pred_shape)} and "
            f"y_true.shape={tuple(y_true_shape)}."
        )
    if y_pred_shape[-1] is None or y_true_shape[-1] is None:
        raise ValueError(
            f"{metric} expects 2D inputs with shape (batch_size, output_dim), with "
            "output_dim fully defined (not None). Received input shapes: "
            f"y_pred.shape={tuple(y_pred_shape)} and y_true.shape={tuple(y_true_shape)}."
        )


def is_evenly_distributed_thresholds(thresholds) -> bool:
    """Whether `thresholds` are `i / (n - 1)` for i in 0..n-1 (n >= 3): the bucketed
    fast path applies then."""
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=backend.epsilon()))


class ConfusionMatrix(Enum):
    TRUE_POSITIVES = "tp"
    FALSE_POSITIVES = "fp"
    TRUE_NEGATIVES = "tn"
    FALSE_NEGATIVES = "fn"


class AUCCurve(Enum):
    """Which curve AUC integrates: ROC, PR (precision-recall) or PRGAIN."""

    ROC = "ROC"
    PR = "PR"
    PRGAIN = "PRGAIN"

    @staticmethod
    def from_str(key):
        for curve in AUCCurve:
            if key in (curve.value, curve.value.lower()):
                return curve
        raise ValueError(
            f'Invalid AUC curve value: "{key}". Expected values are ["PR", "ROC", "PRGAIN"]'
        )


class AUCSummationMethod(Enum):
    """How AUC sums the curve: trapezoids (interpolation), lower or upper rectangles."""

    INTERPOLATION = "interpolation"
    MAJORING = "majoring"
    MINORING = "minoring"

    @staticmethod
    def from_str(key):
        for method in AUCSummationMethod:
            if key in (method.value, method.value.capitalize()):
                return method
        raise ValueError(
            f'Invalid AUC summation method value: "{key}". '
            'Expected values are ["interpolation", "majoring", "minoring"]'
        )


def filter_top_k(x, k: int):
    """`x` where it is among the k largest along the last axis, NEG_INF elsewhere
    (ties go to the lower index, as `top_k` breaks them).

    Example:
    >>> filter_top_k(gf.constant([[0.1, 0.7, 0.2]]), 2).tolist()
    [[-10000000000.0, 0.699999988079071, 0.20000000298023224]]
    """
    order = gnp.argsort(x, axis=-1, descending=True, stable=True)
    mask = gnp.sum(gf.nn.one_hot(order[..., :k], x.shape[-1], dtype=x.dtype), axis=-2)
    return x * mask + NEG_INF * (1 - mask)


def in_top_k(targets, predictions, k: int):
    """Whether each target's prediction ranks within the top `k` (ties count as in).

    Example:
    >>> in_top_k(gf.constant([1, 0]), gf.constant([[0.1, 0.9], [0.2, 0.8]]), 1).tolist()
    [True, False]
    """
    at_label = gnp.take_along_axis(
        predictions, gnp.expand_dims(gnp.astype(targets, gf.int32), axis=-1), axis=-1
    )
    # A NaN score never counts as large.
    at_label = gnp.where(gnp.isnan(at_label), gnp.full_like(at_label, -np.inf), at_label)
    rank = 1 + gnp.sum(gnp.astype(predictions > at_label, gf.int32), axis=-1)
    return rank <= k


def confusion_matrix(labels, predictions, num_classes: int, weights=None, dtype="int32"):
    """The `num_classes x num_classes` matrix counting (label, prediction) pairs.

    Example:
    >>> confusion_matrix(gf.constant([0, 1, 1]), gf.constant([0, 0, 1]), 2).tolist()
    [[1, 0], [1, 1]]
    """
    labels = backend.convert_to_tensor(labels, dtype)
    predictions = backend.convert_to_tensor(predictions, dtype)
    labels, predictions = squeeze_or_expand_to_same_rank(labels, predictions)
    # One-hot rows times one-hot columns: a scatter-add with no scatter primitive.
    label_rows = gf.nn.one_hot(gnp.astype(labels, gf.int32), num_classes, dtype=dtype)
    pred_cols = gf.nn.one_hot(gnp.astype(predictions, gf.int32), num_classes, dtype=dtype)
    if weights is not None:
        weights = backend.convert_to_tensor(weights, dtype)
        pred_cols = pred_cols * gnp.expand_dims(weights, axis=-1)
    return gnp.matmul(gnp.matrix_transpose(label_rows), pred_cols)


def _weights_like(weights, y_pred, flatten: bool):
    """Broadcast sample or label weights to `y_pred`'s shape (flattened if asked)."""
    weights = gnp.broadcast_to(gnp.astype(weights, y_pred.dtype), y_pred.shape)
    return gnp.reshape(weights, (-1,)) if flatten else weights


def _bucket_counts(labels, buckets, num_thresholds: int, multi_label: bool):
    """Sum of `labels` per bucket index over the samples (indices outside 0..T-1 drop
    out, as in a segment sum): shape (T,), or (T, num_labels) with `multi_label`."""
    one_hot = gf.nn.one_hot(buckets, num_thresholds, dtype=labels.dtype)
    counts = gnp.sum(gnp.expand_dims(labels, axis=-1) * one_hot, axis=0)
    return gnp.matrix_transpose(counts) if multi_label else counts


def _reverse_cumsum(x):
    """Sums from the end along axis 0: out[i] = x[i] + x[i+1] + ..."""
    return gnp.flip(gnp.cumulative_sum(gnp.flip(x, axis=0), axis=0), axis=0)


def _update_optimized(
    variables,
    y_true,
    y_pred,
    thresholds,
    multi_label,
    sample_weight,
    label_weights,
    thresholds_with_epsilon,
):
    """Evenly spaced thresholds: bucket each prediction once, then count with a reversed
    cumulative sum, O(n + T) instead of O(n * T)."""
    num_thresholds = int(thresholds.shape[0])
    weights = gf.constant(1.0, dtype=y_pred.dtype)
    if sample_weight is not None:
        weights = weights * _weights_like(sample_weight, y_pred, not multi_label)
    if label_weights is not None:
        label_weights = gnp.expand_dims(gf.asarray(label_weights), axis=0)
        weights = weights * _weights_like(label_weights, y_pred, not multi_label)
    y_pred = gnp.clip(y_pred, 0.0, 1.0)
    y_true = gnp.astype(y_true != 0, y_true.dtype)
    if not multi_label:
        y_true = gnp.reshape(y_true, (-1,))
        y_pred = gnp.reshape(y_pred, (-1,))
    true_labels = y_true * weights
    false_labels = (1.0 - y_true) * weights
    buckets = gnp.ceil(y_pred * (num_thresholds - 1)) - 1
    if thresholds_with_epsilon:
        buckets = gnp.maximum(buckets, 0.0)
    buckets = gnp.astype(buckets, gf.int32)
    # Bucket b holds predictions in (t[b], t[b+1]]: a prediction beats every threshold
    # up to its bucket, so the count at threshold i sums the buckets >= i.
    tp = _reverse_cumsum(_bucket_counts(true_labels, buckets, num_thresholds, multi_label))
    fp = _reverse_cumsum(_bucket_counts(false_labels, buckets, num_thresholds, multi_label))
    totals = {
        ConfusionMatrix.TRUE_POSITIVES: lambda: tp,
        ConfusionMatrix.FALSE_POSITIVES: lambda: fp,
        ConfusionMatrix.TRUE_NEGATIVES: lambda: gnp.sum(false_labels, axis=0) - fp,
        ConfusionMatrix.FALSE_NEGATIVES: lambda: gnp.sum(true_labels, axis=0) - tp,
    }
    for key, variable in variables.items():
        variable.assign(variable.value() + gnp.astype(totals[key](), variable.dtype))


def _update_tiled(variables, y_true, y_pred, thresholds, multi_label, sample_weight, label_weights):
    """Any thresholds: compare every prediction with every threshold."""
    if multi_label:
        preds = gnp.expand_dims(y_pred, 0)  # (1, N, L) against (T, 1, axis=1)
        labels = gnp.expand_dims(y_true != 0, axis=0)
        thresholds = gnp.reshape(thresholds, (-1, 1, 1))
    else:
        preds = gnp.reshape(y_pred, (1, -1))  # (1, N*L) against (T, 1)
        labels = gnp.reshape(y_true != 0, (1, -1))
        thresholds = gnp.reshape(thresholds, (-1, 1))
    pred_is_pos = preds > thresholds
    weights = None
    if sample_weight is not None:
        weights = _weights_like(sample_weight, y_pred, not multi_label)
    if label_weights is not None and not multi_label:
        label_weights = _weights_like(
            gnp.expand_dims(gf.asarray(label_weights), axis=0), y_pred, True
        )
        weights = label_weights if weights is None else weights * label_weights
    conditions = {
        ConfusionMatrix.TRUE_POSITIVES: lambda: (labels, pred_is_pos),
        ConfusionMatrix.FALSE_POSITIVES: lambda: (gnp.logical_not(labels), pred_is_pos),
        ConfusionMatrix.TRUE_NEGATIVES: lambda: (
            gnp.logical_not(labels),
            gnp.logical_not(pred_is_pos),
        ),
        ConfusionMatrix.FALSE_NEGATIVES: lambda: (labels, gnp.logical_not(pred_is_pos)),
    }
    for key, variable in variables.items():
        label, pred = conditions[key]()
        both = gnp.logical_and(label, pred)
        if weights is None:
            counts = gnp.astype(both, variable.dtype)
        else:
            w = gnp.astype(gnp.expand_dims(weights, axis=0), variable.dtype)
            counts = gnp.where(both, w, gnp.zeros_like(w))
        variable.assign(variable.value() + gnp.sum(counts, axis=1))


def update_confusion_matrix_variables(
    variables_to_update: dict,
    y_true,
    y_pred,
    thresholds,
    top_k=None,
    class_id=None,
    sample_weight=None,
    multi_label=False,
    label_weights=None,
    thresholds_distributed_evenly=False,
):
    """Add this batch's true/false positive/negative counts (per threshold) to the given
    variables, as Keras's metrics_utils does.

    Args:
        variables_to_update: `{ConfusionMatrix.X: variable}`; variables are shaped
            `(num_thresholds,)`, or `(num_thresholds, num_labels)` with `multi_label`.
        y_true: labels, 0/1 (any nonzero counts as positive).
        y_pred: scores in [0, 1], same shape as `y_true` (up to a trailing 1).
        thresholds: a list of float thresholds; a prediction above one is positive.
        top_k: keep only the k largest predictions per row (others become negative).
        class_id: look at one class column only.
        sample_weight: weights broadcastable to `y_pred`.
        multi_label: count each label column separately.
        label_weights: per-label weights (not with `multi_label`).
        thresholds_distributed_evenly: take the bucketed fast path.
    """
    if multi_label and label_weights is not None:
        raise ValueError(
            "`label_weights` for multilabel data should be handled outside of "
            "`update_confusion_matrix_variables` when `multi_label` is True."
        )
    if not variables_to_update:
        return
    invalid = [key for key in variables_to_update if key not in list(ConfusionMatrix)]
    if invalid:
        raise ValueError(
            f'Invalid keys: "{invalid}". Valid variable key options are: "{list(ConfusionMatrix)}"'
        )
    dtype = next(iter(variables_to_update.values())).dtype
    y_true = backend.convert_to_tensor(y_true, dtype)
    y_pred = backend.convert_to_tensor(y_pred, dtype)
    thresholds = list(thresholds)
    with_epsilon = thresholds[0] < 0.0 or thresholds[-1] > 1.0
    thresholds = gf.constant(np.asarray(thresholds, dtype=dtype))
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = gnp.expand_dims(backend.convert_to_tensor(sample_weight, dtype), axis=-1)
        _, sample_weight = squeeze_or_expand_to_same_rank(
            y_true, sample_weight, expand_rank_1=False
        )
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                "When class_id is provided, y_pred must be a 2D array with shape "
                f"(num_samples, num_classes), found shape: {y_pred.shape}"
            )
        y_true = y_true[..., class_id, None]
        y_pred = y_pred[..., class_id, None]
    if thresholds_distributed_evenly:
        _update_optimized(
            variables_to_update,
            y_true,
            y_pred,
            thresholds,
            multi_label,
            sample_weight,
            label_weights,
            with_epsilon,
        )
    else:
        _update_tiled(
            variables_to_update,
            y_true,
            y_pred,
            thresholds,
            multi_label,
            sample_weight,
            label_weights,
        )
