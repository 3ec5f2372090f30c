"""Image-segmentation losses: Dice and Tversky — functions and `Loss` classes."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.losses.loss_function_wrapper import BuiltinLossWrapper
from gradflow.keras.losses.numerics import convert_inputs


def _sum(x, axis):
    return gf.numpy.sum(x, axis=None if axis is None else tuple(_axes(axis)))


def _axes(axis):
    return axis if isinstance(axis, (list, tuple)) else (axis,)


def dice(y_true, y_pred, axis=None):
    """Dice loss, `1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred))`.

    Args:
        y_true: the target masks.
        y_pred: the predicted masks.
        axis: the axes to sum over (all of them when None).

    Returns:
        The Dice loss (per sample when `axis` leaves the batch axis).

    Example:
    >>> round(float(dice([[1.0, 0.0]], [[1.0, 1.0]])), 6)
    0.333333
    """
    y_true, y_pred = convert_inputs(y_true, y_pred)
    intersection = _sum(y_true * y_pred, axis)
    denominator = _sum(y_true, axis) + _sum(y_pred, axis) + backend.epsilon()
    return 1.0 - (2.0 * intersection) / denominator


def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """Tversky loss, `1 - TP / (TP + alpha * FP + beta * FN)`.

    Args:
        y_true: the target masks.
        y_pred: the predicted masks.
        alpha: the weight of false positives.
        beta: the weight of false negatives.
        axis: the axes to sum over (all of them when None).

    Returns:
        The Tversky loss (per sample when `axis` leaves the batch axis).

    Example:
    >>> round(float(tversky([[1.0, 0.0]], [[1.0, 1.0]])), 6)
    0.333333
    """
    y_true, y_pred = convert_inputs(y_true, y_pred)
    intersection = _sum(y_true * y_pred, axis)
    # Keras's names: "false positives" sum (1 - y_pred) * y_true, and vice versa
    fp = _sum((1.0 - y_pred) * y_true, axis)
    fn = _sum(y_pred * (1.0 - y_true), axis)
    denominator = intersection + fp * alpha + fn * beta + backend.epsilon()
    return 1.0 - intersection / denominator


class Dice(BuiltinLossWrapper):
    """Dice loss between target and predicted masks.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        axis: the axes to sum over (all of them when None).
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(Dice()([[1.0, 0.0]], [[1.0, 1.0]])), 6)
    0.333333
    """

    _config_keys = ("axis",)

    def __init__(self, reduction="sum_over_batch_size", name="dice", axis=None, dtype=None):
        super().__init__(dice, reduction, name, dtype, axis=axis)


class Tversky(BuiltinLossWrapper):
    """Tversky loss between target and predicted masks.

    Args:
        alpha: the weight of false positives.
        beta: the weight of false negatives.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        axis: the axes to sum over (all of them when None).
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(Tversky()([[1.0, 0.0]], [[1.0, 1.0]])), 6)
    0.333333
    """

    _config_keys = ("alpha", "beta", "axis")

    def __init__(
        self,
        alpha=0.5,
        beta=0.5,
        reduction="sum_over_batch_size",
        name="tversky",
        axis=None,
        dtype=None,
    ):
        super().__init__(tversky, reduction, name, dtype, alpha=alpha, beta=beta, axis=axis)
