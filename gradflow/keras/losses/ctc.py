"""The CTC (connectionist temporal classification) loss: function and `Loss` class."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.losses.loss_function_wrapper import BuiltinLossWrapper
from gradflow.keras.ops import ctc_loss


def ctc(y_true, y_pred):
    """The CTC loss per sample: labels `y_true` (batch, max_length) with 0 as the blank
    (padding), logits `y_pred` (batch, max_time, num_classes) all of full length.

    Args:
        y_true: integer labels, 0-padded.
        y_pred: logits (not softmax-normalized).

    Returns:
        The loss per sample (batch,).

    Example:
    >>> round(float(ctc([[1]], gf.numpy.zeros((1, 2, 2)))[0]), 5)
    0.28768
    """
    y_true, y_pred = gf.asarray(y_true), gf.asarray(y_pred)
    if y_true.ndim != 2:
        raise ValueError(
            "Targets `y_true` are expected to be a tensor of shape `(batch_size, max_length)` "
            f"in integer format. Received: y_true.shape={y_true.shape}"
        )
    if y_pred.ndim != 3:
        raise ValueError(
            "Logits `y_pred` are expected to be a tensor of shape "
            f"`(batch_size, max_length, num_classes)`. Received: y_pred.shape={y_pred.shape}"
        )
    mask_index = 0
    batch, max_time = y_pred.shape[:2]
    input_length = gf.numpy.full((batch,), max_time, dtype=gf.int32)
    label_length = gf.numpy.astype(gf.numpy.sum(y_true != mask_index, axis=-1), gf.int32)
    return ctc_loss(y_true, y_pred, label_length, input_length, mask_index=mask_index)


class CTC(BuiltinLossWrapper):
    """CTC (connectionist temporal classification) loss.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(CTC()([[1]], gf.numpy.zeros((1, 2, 2)))), 5)
    0.28768
    """

    def __init__(self, reduction="sum_over_batch_size", name="ctc", dtype=None):
        super().__init__(ctc, reduction, name, dtype)
