"""Intersection-over-union metrics for segmentation: IoU, MeanIoU, BinaryIoU, and the
one-hot variants. Each accumulates a class confusion matrix; the result is
`true_positives / (true_positives + false_positives + false_negatives)` averaged over the
target classes that occurred."""

from __future__ import annotations

import warnings

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.metrics.metric import Metric
from gradflow.keras.metrics.metrics_utils import confusion_matrix

gnp = gf.numpy


class _IoUBase(Metric):
    """Accumulates the confusion matrix of (true class, predicted class) pairs.

    The config holds the attributes named in `_config_keys`, in that order (each class
    lists the keys, and the order, of its Keras 3 counterpart).
    """

    _config_keys: tuple = ("name", "dtype")

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype=dtype or "int")
        self._direction = "up"
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            name="total_confusion_matrix",
            shape=(num_classes, num_classes),
            initializer="zeros",
            dtype=self.dtype,
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.sparse_y_true:
            y_true = gnp.argmax(backend.convert_to_tensor(y_true), axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = gnp.argmax(backend.convert_to_tensor(y_pred), axis=self.axis)
        y_true = gnp.reshape(backend.convert_to_tensor(y_true, self.dtype), (-1,))
        y_pred = gnp.reshape(backend.convert_to_tensor(y_pred, self.dtype), (-1,))
        if sample_weight is None:
            sample_weight = 1
        elif "float" in str(getattr(sample_weight, "dtype", "")) and "int" in self.dtype:
            warnings.warn(
                "You are passing weight as `float`, but dtype is `int`. This may result in "
                "an incorrect weight due to type casting Consider using integer weights.",
                stacklevel=2,
            )
        sample_weight = backend.convert_to_tensor(sample_weight, self.dtype)
        if sample_weight.ndim > 1:
            sample_weight = gnp.reshape(sample_weight, (-1,))
        sample_weight = gnp.broadcast_to(sample_weight, y_true.shape)
        # Pairs with a label or prediction outside [0, num_classes), or with the ignored
        # label, get weight 0 (and a harmless in-range index).
        in_bounds = gnp.logical_and(
            gnp.logical_and(y_true >= 0, y_true < self.num_classes),
            gnp.logical_and(y_pred >= 0, y_pred < self.num_classes),
        )
        if self.ignore_class is not None:
            in_bounds = gnp.logical_and(in_bounds, y_true != self.ignore_class)
        zeros = gnp.zeros_like(y_true)
        y_true = gnp.where(in_bounds, y_true, zeros)
        y_pred = gnp.where(in_bounds, y_pred, zeros)
        sample_weight = gnp.where(in_bounds, sample_weight, gnp.zeros_like(sample_weight))
        current = confusion_matrix(
            y_true, y_pred, self.num_classes, weights=sample_weight, dtype=self.dtype
        )
        self.total_cm.assign(self.total_cm.value() + current)

    def get_config(self) -> dict:
        return {key: getattr(self, key) for key in self._config_keys}


class IoU(_IoUBase):
    """Intersection-over-union of the classes in `target_class_ids`, averaged.

    For one class, IoU = TP / (TP + FP + FN); classes that never occur in labels or
    predictions are left out of the average.

    Args:
        num_classes: the number of possible labels.
        target_class_ids: the class ids whose IoU is averaged.
        name: name of the metric instance.
        dtype: data type of the confusion matrix ("int32" by default).
        ignore_class: a label value whose pixels are skipped.
        sparse_y_true: whether labels are integers (else one-hot, arg-maxed on `axis`).
        sparse_y_pred: whether predictions are integers (else scores, arg-maxed).
        axis: the class axis for the arg-max.

    Example:
    >>> m = IoU(num_classes=2, target_class_ids=[0])
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(m.result()), 4)
    0.3333
    """

    _config_keys = (
        "name",
        "dtype",
        "num_classes",
        "target_class_ids",
        "ignore_class",
        "sparse_y_true",
        "sparse_y_pred",
        "axis",
    )

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            name=name,
            num_classes=num_classes,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
            dtype=dtype,
        )
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, which is "
                f"[0, {num_classes})."
            )
        self.target_class_ids = list(target_class_ids)

    def result(self):
        cm = self.total_cm.value()
        sum_over_row = gnp.astype(gnp.sum(cm, axis=0), self.dtype)
        sum_over_col = gnp.astype(gnp.sum(cm, axis=1), self.dtype)
        true_positives = gnp.astype(gnp.linalg.diagonal(cm), self.dtype)
        denominator = sum_over_row + sum_over_col - true_positives
        ids = gf.constant(self.target_class_ids, dtype=gf.int32)
        true_positives = gnp.astype(gnp.take(true_positives, ids, axis=-1), gf.float32)
        denominator = gnp.astype(gnp.take(denominator, ids, axis=-1), gf.float32)
        valid = denominator > 1e-9
        num_valid = gnp.sum(gnp.astype(valid, gf.float32))
        iou = true_positives / (denominator + backend.epsilon())
        iou = gnp.where(valid, iou, gnp.zeros_like(iou))
        return gnp.sum(iou, axis=self.axis) / (num_valid + backend.epsilon())


class BinaryIoU(IoU):
    """IoU of binary predictions thresholded at `threshold` (prediction >= threshold
    is class 1).

    Args:
        target_class_ids: which of the classes 0 and 1 to average.
        threshold: predictions at or above it are class 1.
        name: name of the metric instance.
        dtype: data type of the confusion matrix.

    Example:
    >>> m = BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
    >>> m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
    >>> round(float(m.result()), 4)
    0.3333
    """

    _config_keys = ("target_class_ids", "threshold", "name", "dtype")

    def __init__(self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None):
        super().__init__(num_classes=2, target_class_ids=target_class_ids, name=name, dtype=dtype)
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = backend.convert_to_tensor(y_true, self.dtype)
        y_pred = backend.convert_to_tensor(y_pred, "float32")
        y_pred = gnp.astype(y_pred >= self.threshold, self.dtype)
        return super().update_state(y_true, y_pred, sample_weight)


class MeanIoU(IoU):
    """IoU averaged over all `num_classes` classes.

    Args:
        num_classes: the number of possible labels.
        name: name of the metric instance.
        dtype: data type of the confusion matrix.
        ignore_class: a label value whose pixels are skipped.
        sparse_y_true: whether labels are integers (else one-hot).
        sparse_y_pred: whether predictions are integers (else scores).
        axis: the class axis for the arg-max.

    Example:
    >>> m = MeanIoU(num_classes=2)
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(m.result()), 4)
    0.3333
    """

    _config_keys = (
        "num_classes",
        "name",
        "dtype",
        "ignore_class",
        "sparse_y_true",
        "sparse_y_pred",
        "axis",
    )

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            name=name,
            num_classes=num_classes,
            target_class_ids=list(range(num_classes)),
            axis=axis,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
        )


class OneHotIoU(IoU):
    """IoU for one-hot labels and per-class scores (both arg-maxed on `axis`).

    Args:
        num_classes: the number of possible labels.
        target_class_ids: the class ids whose IoU is averaged.
        name: name of the metric instance.
        dtype: data type of the confusion matrix.
        ignore_class: a label value whose pixels are skipped.
        sparse_y_pred: whether predictions are already integer classes.
        axis: the class axis.

    Example:
    >>> m = OneHotIoU(num_classes=3, target_class_ids=[0, 2])
    >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1667
    """

    _config_keys = (
        "num_classes",
        "target_class_ids",
        "name",
        "dtype",
        "ignore_class",
        "sparse_y_pred",
        "axis",
    )

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            target_class_ids=target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )


class OneHotMeanIoU(MeanIoU):
    """Mean IoU over all classes, for one-hot labels and per-class scores.

    Args:
        num_classes: the number of possible labels.
        name: name of the metric instance.
        dtype: data type of the confusion matrix.
        ignore_class: a label value whose pixels are skipped.
        sparse_y_pred: whether predictions are already integer classes.
        axis: the class axis.

    Example:
    >>> m = OneHotMeanIoU(num_classes=3)
    >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1], [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1111
    """

    _config_keys = ("num_classes", "name", "dtype", "ignore_class", "sparse_y_pred", "axis")

    def __init__(
        self, num_classes, name=None, dtype=None, ignore_class=None, sparse_y_pred=False, axis=-1
    ):
        super().__init__(
            num_classes=num_classes,
            axis=axis,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
        )
