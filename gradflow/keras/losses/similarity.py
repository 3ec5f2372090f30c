"""Metric-learning losses: Circle loss — function and `Loss` class."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend, masking
from gradflow.keras.losses.loss_function_wrapper import BuiltinLossWrapper
from gradflow.keras.losses.numerics import logsumexp


def _pos_neg_masks(query_labels, key_labels, remove_diagonal: bool):
    """Boolean [queries, keys] masks of same-label (positive) and other-label pairs."""
    query_labels = gf.numpy.reshape(query_labels, (-1, 1))
    key_labels = gf.numpy.reshape(key_labels, (-1, 1))
    positive = query_labels == gf.numpy.matrix_transpose(key_labels)
    negative = gf.numpy.logical_not(positive)
    if remove_diagonal:
        diagonal = gf.numpy.eye(query_labels.shape[0], key_labels.shape[0], dtype=gf.bool)
        positive = gf.numpy.logical_and(positive, gf.numpy.logical_not(diagonal))
    return positive, negative


def circle(
    y_true,
    y_pred,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal=True,
    gamma=80,
    margin=0.4,
):
    """Circle loss: pulls same-label embeddings together and pushes others apart, with
    self-paced weights on each pair's cosine distance.

    Args:
        y_true: integer labels of the query embeddings, shape `(batch,)`.
        y_pred: L2-normalized query embeddings, shape `(batch, dim)`.
        ref_labels: labels of the reference embeddings (`y_true` when None).
        ref_embeddings: reference embeddings (`y_pred` when None).
        remove_diagonal: leave each query's pairing with itself out of the positives.
        gamma: the scale factor.
        margin: the relaxation margin.

    Returns:
        The loss per query; queries with zero loss are masked out of the reduction.

    Example:
    >>> import gradflow as gf
    >>> embeddings = gf.constant([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> [round(v, 4) for v in circle([0, 0, 1], embeddings).tolist()]
    [0.0, 0.0, 0.0]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    y_true = gf.numpy.astype(backend.convert_to_tensor(y_true), gf.int32)
    if ref_embeddings is None:
        ref_embeddings = y_pred
    else:
        ref_embeddings = backend.convert_to_tensor(ref_embeddings, dtype=y_pred.dtype)
    if ref_labels is None:
        ref_labels = y_true
    else:
        ref_labels = gf.numpy.astype(backend.convert_to_tensor(ref_labels), gf.int32)

    distances = 1.0 - gf.numpy.matmul(y_pred, gf.numpy.matrix_transpose(ref_embeddings))
    distances = gf.numpy.maximum(distances, 0.0)
    positive, negative = _pos_neg_masks(y_true, ref_labels, remove_diagonal)
    positive_f = gf.numpy.astype(positive, distances.dtype)
    negative_f = gf.numpy.astype(negative, distances.dtype)

    pos_weights = gf.numpy.maximum((margin + distances) * positive_f, 0.0)
    neg_weights = gf.numpy.maximum((1.0 + margin - distances) * negative_f, 0.0)
    pos_scaled = -1.0 * gamma * pos_weights * (margin - distances)
    neg_scaled = gamma * neg_weights * ((1.0 - margin) - distances)
    minus_inf = gf.numpy.full_like(distances, float("-inf"))
    p_loss = logsumexp(gf.numpy.where(positive, pos_scaled, minus_inf), axis=1)
    n_loss = logsumexp(gf.numpy.where(negative, neg_scaled, minus_inf), axis=1)
    result = gf.nn.softplus(p_loss + n_loss)
    masking.set_keras_mask(result, result > 0)
    return result


class Circle(BuiltinLossWrapper):
    """Circle loss for metric learning on L2-normalized embeddings.

    Args:
        gamma: the scale factor.
        margin: the relaxation margin.
        remove_diagonal: leave self-pairs out of the positives.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> import gradflow as gf
    >>> embeddings = gf.constant([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    >>> round(float(Circle()([0, 1, 0], embeddings)), 4)
    19.2
    """

    _config_keys = ("gamma", "margin", "remove_diagonal")

    def __init__(
        self,
        gamma=80.0,
        margin=0.4,
        remove_diagonal=True,
        reduction="sum_over_batch_size",
        name="circle",
        dtype=None,
    ):
        super().__init__(
            circle,
            reduction,
            name,
            dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
