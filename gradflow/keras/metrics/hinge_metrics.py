"""Hinge metrics: the means of Keras's hinge, squared hinge and categorical hinge
losses over all batches (0/1 labels count as -1/+1)."""

from __future__ import annotations

from gradflow.keras.losses import categorical_hinge, hinge, squared_hinge
from gradflow.keras.metrics.reduction_metrics import BuiltinMeanMetricWrapper


class Hinge(BuiltinMeanMetricWrapper):
    """The mean hinge loss `max(1 - y_true * y_pred, 0)`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = Hinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    1.3
    """

    def __init__(self, name="hinge", dtype=None):
        super().__init__(hinge, name, dtype)


class SquaredHinge(BuiltinMeanMetricWrapper):
    """The mean squared hinge loss `max(1 - y_true * y_pred, 0) ** 2`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = SquaredHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    1.86
    """

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, name, dtype)


class CategoricalHinge(BuiltinMeanMetricWrapper):
    """The mean categorical hinge loss `max(0, 1 + max(neg) - pos)`.

    Args:
        name: name of the metric instance.
        dtype: data type of the metric result.

    Example:
    >>> m = CategoricalHinge()
    >>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
    >>> round(float(m.result()), 4)
    1.4
    """

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, name, dtype)
