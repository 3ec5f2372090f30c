"""Probabilistic metrics: the means of Keras's cross-entropy, KL-divergence and Poisson
losses over all batches."""

from __future__ import annotations

from gradflow.keras.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from gradflow.keras.metrics.reduction_metrics import BuiltinMeanMetricWrapper


class KLDivergence(BuiltinMeanMetricWrapper):
    """The mean Kullback-Leibler divergence `y_true * log(y_true / y_pred)`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = KLDivergence()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    0.4581
    """

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, name, dtype)


class Poisson(BuiltinMeanMetricWrapper):
    """The mean Poisson loss `y_pred - y_true * log(y_pred)`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = Poisson()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, name="poisson", dtype=None):
        super().__init__(poisson, name, dtype)


class BinaryCrossentropy(BuiltinMeanMetricWrapper):
    """The mean binary cross-entropy between 0/1 labels and predictions.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.
        from_logits: whether predictions are logits.
        label_smoothing: squeeze labels towards 0.5 by this much.

    Example:
    >>> m = BinaryCrossentropy()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    0.8149
    """

    _config_keys = ("from_logits", "label_smoothing")

    def __init__(
        self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0
    ):
        super().__init__(
            binary_crossentropy,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )


class CategoricalCrossentropy(BuiltinMeanMetricWrapper):
    """The mean cross-entropy between one-hot labels and predicted distributions.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.
        from_logits: whether predictions are logits.
        label_smoothing: mix the labels with the uniform distribution by this much.
        axis: the class axis.

    Example:
    >>> m = CategoricalCrossentropy()
    >>> m.update_state([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> round(float(m.result()), 4)
    1.1769
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        name="categorical_crossentropy",
        dtype=None,
        from_logits=False,
        label_smoothing=0,
        axis=-1,
    ):
        super().__init__(
            categorical_crossentropy,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(BuiltinMeanMetricWrapper):
    """The mean cross-entropy between integer labels and predicted distributions.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.
        from_logits: whether predictions are logits.
        ignore_class: a label value whose samples are left out.
        axis: the class axis.

    Example:
    >>> m = SparseCategoricalCrossentropy()
    >>> m.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
    >>> round(float(m.result()), 4)
    1.1769
    """

    _config_keys = ("from_logits", "ignore_class", "axis")

    def __init__(
        self,
        name="sparse_categorical_crossentropy",
        dtype=None,
        from_logits=False,
        ignore_class=None,
        axis=-1,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            name,
            dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
