"""Accuracy metrics: exact match, binary, categorical, sparse categorical and top-k, each
as a function of `(y_true, y_pred)` and as a `MeanMetricWrapper` class."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.losses.loss import squeeze_or_expand_to_same_rank
from gradflow.keras.metrics.metrics_utils import in_top_k
from gradflow.keras.metrics.reduction_metrics import BuiltinMeanMetricWrapper

gnp = gf.numpy


def _matches(a, b):
    """1.0 where `a == b`, else 0.0, in floatx()."""
    return gnp.astype(a == b, backend.floatx())


def accuracy(y_true, y_pred):
    """1.0 where `y_pred` equals `y_true` exactly, else 0.0.

    Example:
    >>> accuracy([1, 2, 3], [1, 2, 4]).tolist()
    [1.0, 1.0, 0.0]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = backend.convert_to_tensor(y_true, dtype=y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _matches(y_true, y_pred)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where `y_pred > threshold` agrees with the 0/1 label `y_true`, else 0.0.

    Args:
        y_true: the labels.
        y_pred: the predicted probabilities.
        threshold: above it, a prediction is 1.

    Example:
    >>> binary_accuracy([[1.0], [0.0]], [[0.7], [0.6]]).tolist()
    [[1.0], [0.0]]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = backend.convert_to_tensor(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = gnp.astype(y_pred > threshold, y_true.dtype)
    return _matches(y_true, y_pred)


def _restore_shape(matches, shape):
    return gnp.reshape(matches, shape)


def categorical_accuracy(y_true, y_pred):
    """1.0 where the largest prediction is at the one-hot label's class, else 0.0.

    Example:
    >>> categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]).tolist()
    [0.0, 1.0]
    """
    y_true = gnp.argmax(backend.convert_to_tensor(y_true), axis=-1)
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = gnp.astype(y_true, y_pred.dtype)
    true_shape = y_true.shape
    reshape_matches = y_true.ndim == y_pred.ndim
    if reshape_matches:
        y_true = gnp.squeeze(y_true, axis=-1)
    y_pred = gnp.astype(gnp.argmax(y_pred, axis=-1), y_true.dtype)
    matches = _matches(y_true, y_pred)
    return _restore_shape(matches, true_shape) if reshape_matches else matches


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the largest prediction is at the integer label's class, else 0.0.

    Example:
    >>> sparse_categorical_accuracy([[2], [1]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]).tolist()
    [0.0, 1.0]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = backend.convert_to_tensor(y_true, dtype=y_pred.dtype)
    true_shape = y_true.shape
    reshape_matches = y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1
    if reshape_matches:
        y_true = gnp.squeeze(y_true, axis=-1)
    y_pred = gnp.astype(gnp.argmax(y_pred, axis=-1), y_true.dtype)
    matches = _matches(y_true, y_pred)
    if reshape_matches:
        matches = _restore_shape(matches, true_shape)
    if matches.ndim > 1 and matches.shape[-1] == 1:
        matches = gnp.squeeze(matches, axis=-1)
    return matches


def _flatten_for_top_k(y_true, y_pred):
    """Rows of predictions and a flat vector of labels (for inputs of rank > 2)."""
    if y_pred.ndim > 2:
        y_pred = gnp.reshape(y_pred, (-1, y_pred.shape[-1]))
    if y_true.ndim > 1:
        y_true = gnp.reshape(y_true, (-1,))
    return y_true, y_pred


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot label's class is among the `k` largest predictions.

    Example:
    >>> top_k_categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
    ...                            k=1).tolist()
    [0.0, 1.0]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = gnp.argmax(backend.convert_to_tensor(y_true, dtype=y_pred.dtype), axis=-1)
    true_shape = y_true.shape
    reshape_matches = y_true.ndim > 1
    y_true, y_pred = _flatten_for_top_k(y_true, y_pred)
    matches = gnp.astype(in_top_k(gnp.astype(y_true, gf.int32), y_pred, k), backend.floatx())
    return _restore_shape(matches, true_shape) if reshape_matches else matches


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5, from_sorted_ids=False):
    """1.0 where the integer label is among the `k` largest predictions.

    Args:
        y_true: integer labels.
        y_pred: scores per class, or with `from_sorted_ids=True` the class ids already
            sorted by score, best first.
        k: how many of the top predictions count.
        from_sorted_ids: whether `y_pred` holds sorted ids instead of scores.

    Example:
    >>> sparse_top_k_categorical_accuracy([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]],
    ...                                   k=1).tolist()
    [0.0, 1.0]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = backend.convert_to_tensor(y_true, dtype=y_pred.dtype if from_sorted_ids else "int32")
    true_shape = y_true.shape
    reshape_matches = y_true.ndim > 1
    y_true, y_pred = _flatten_for_top_k(y_true, y_pred)
    if from_sorted_ids:
        matches = gnp.any(gnp.expand_dims(y_true, axis=1) == y_pred[:, :k], axis=1)
    else:
        matches = in_top_k(y_true, y_pred, k)
    matches = gnp.astype(matches, backend.floatx())
    return _restore_shape(matches, true_shape) if reshape_matches else matches


class Accuracy(BuiltinMeanMetricWrapper):
    """How often predictions equal labels (the mean of `accuracy`).

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = Accuracy()
    >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> float(m.result())
    0.75
    """

    _direction = "up"

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name, dtype)


class BinaryAccuracy(BuiltinMeanMetricWrapper):
    """How often thresholded predictions match binary labels.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.
        threshold: a prediction above it counts as 1.

    Example:
    >>> m = BinaryAccuracy()
    >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    >>> float(m.result())
    0.75
    """

    _direction = "up"
    _config_keys = ("threshold",)

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name, dtype, threshold=threshold)


class CategoricalAccuracy(BuiltinMeanMetricWrapper):
    """How often the arg-max prediction matches the one-hot label.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = CategoricalAccuracy()
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    _direction = "up"

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name, dtype)


class SparseCategoricalAccuracy(BuiltinMeanMetricWrapper):
    """How often the arg-max prediction matches the integer label.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    _direction = "up"

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name, dtype)


class TopKCategoricalAccuracy(BuiltinMeanMetricWrapper):
    """How often the one-hot label is among the top `k` predictions.

    Args:
        k: how many of the top predictions count.
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = TopKCategoricalAccuracy(k=1)
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    _direction = "up"
    _config_keys = ("k",)

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name, dtype, k=k)


class SparseTopKCategoricalAccuracy(BuiltinMeanMetricWrapper):
    """How often the integer label is among the top `k` predictions.

    Args:
        k: how many of the top predictions count.
        name: name of the metric instance.
        dtype: data type of the metric result.
        from_sorted_ids: whether `y_pred` holds class ids sorted best first.

    Example:
    >>> m = SparseTopKCategoricalAccuracy(k=1)
    >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    _direction = "up"
    _config_keys = ("k",)

    def __init__(
        self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids=False
    ):
        super().__init__(
            sparse_top_k_categorical_accuracy, name, dtype, k=k, from_sorted_ids=from_sorted_ids
        )
        self.from_sorted_ids = from_sorted_ids

    def get_config(self) -> dict:
        config = super().get_config()
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
