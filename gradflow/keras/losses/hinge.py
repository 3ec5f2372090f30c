"""Hinge losses for maximum-margin classification: hinge, squared hinge and
categorical hinge — functions and `Loss` classes."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.losses.loss_function_wrapper import BuiltinLossWrapper
from gradflow.keras.losses.numerics import convert_inputs


def _to_signed_labels(y_true):
    """Map 0/1 labels to -1/1; labels that are not all 0 or 1 are kept as they are."""
    is_binary = gf.numpy.all(gf.numpy.logical_or(y_true == 0, y_true == 1))
    # where, not a Python `if`: the test must also work on symbolic tensors
    return gf.numpy.where(is_binary, 2.0 * y_true - 1.0, y_true)


def _margins(y_true, y_pred):
    y_true, y_pred = convert_inputs(y_true, y_pred)
    y_true = _to_signed_labels(y_true)
    return gf.numpy.maximum(1.0 - y_true * y_pred, 0.0)


def hinge(y_true, y_pred):
    """Hinge loss, `mean(maximum(1 - y_true * y_pred, 0))` over the last axis.

    Args:
        y_true: labels, -1 or 1 (0/1 labels are converted to -1/1).
        y_pred: predicted values.

    Returns:
        The hinge loss per sample.

    Example:
    >>> hinge([[0.0, 1.0]], [[0.5, 0.5]]).tolist()
    [1.0]
    """
    return gf.numpy.mean(_margins(y_true, y_pred), axis=-1)


def squared_hinge(y_true, y_pred):
    """Squared hinge loss, `mean(square(maximum(1 - y_true * y_pred, 0)))`.

    Args:
        y_true: labels, -1 or 1 (0/1 labels are converted to -1/1).
        y_pred: predicted values.

    Returns:
        The squared hinge loss per sample.

    Example:
    >>> squared_hinge([[0.0, 1.0]], [[0.5, 0.5]]).tolist()
    [1.25]
    """
    return gf.numpy.mean(gf.numpy.square(_margins(y_true, y_pred)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """Categorical hinge loss, `maximum(neg - pos + 1, 0)` where `pos` is the score of
    the true class and `neg` the best score of the others.

    Args:
        y_true: one-hot labels.
        y_pred: predicted scores.

    Returns:
        The categorical hinge loss per sample.

    Example:
    >>> categorical_hinge([[0.0, 1.0]], [[0.25, 0.75]]).tolist()
    [0.5]
    """
    y_true, y_pred = convert_inputs(y_true, y_pred)
    pos = gf.numpy.sum(y_true * y_pred, axis=-1)
    neg = gf.numpy.max((1.0 - y_true) * y_pred, axis=-1)
    return gf.numpy.maximum(neg - pos + 1.0, 0.0)


class Hinge(BuiltinLossWrapper):
    """Hinge loss between labels (-1/1 or 0/1) and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(Hinge()([[0.0, 1.0]], [[0.5, 0.5]]))
    1.0
    """

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction, name, dtype)


class SquaredHinge(BuiltinLossWrapper):
    """Squared hinge loss between labels (-1/1 or 0/1) and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(SquaredHinge()([[0.0, 1.0]], [[0.5, 0.5]]))
    1.25
    """

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction, name, dtype)


class CategoricalHinge(BuiltinLossWrapper):
    """Categorical hinge loss between one-hot labels and predicted scores.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(CategoricalHinge()([[0.0, 1.0]], [[0.25, 0.75]]))
    0.5
    """

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction, name, dtype)
