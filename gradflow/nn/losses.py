"""gf.nn: cross-entropies, as Keras 3 `keras.ops` computes them.

With `from_logits=True` they work from log_softmax / softplus, which never overflow;
with probabilities they normalize (categorical) and clip to [1e-7, 1 - 1e-7] before
the log, as Keras does. Each returns the per-example loss (no reduction).
"""

from __future__ import annotations

from gradflow import dtypes
from gradflow.core.spec import format_spec, normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import DTypeError, ShapeError
from gradflow.numpy._args import cast, promote, promote_and_broadcast, tensor, to_float
from gradflow.ops import elementwise as ew
from gradflow.ops import nn as nn_ops
from gradflow.ops.nn import full_like
from gradflow.ops.reduce import expand_reduced
from gradflow.ops.reduce import sum as reduce_sum
from gradflow.ops.shape import reshape

__all__ = [
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
]  # fmt: skip

EPSILON = 1e-7
"""Probabilities are clipped to [EPSILON, 1 - EPSILON] before a log (Keras's epsilon)."""


def _clip_probabilities(p: Tensor) -> Tensor:
    return ew.minimum(ew.maximum(p, full_like(p, EPSILON)), full_like(p, 1.0 - EPSILON))


def _log_probabilities(output: Tensor, axis: int, from_logits: bool) -> Tensor:
    """log p over `axis`, from logits or from (possibly unnormalized) probabilities."""
    if from_logits:
        return nn_ops.log_softmax(output, axes=(axis,))
    total = reduce_sum(output, axes=(axis,), keepdims=True)
    normalized = ew.divide(output, expand_reduced(total, output, (axis,), True))
    return ew.log(_clip_probabilities(normalized))


def _check_output(output: Tensor, op: str) -> int:
    if output.ndim == 0:
        raise ShapeError(f"{op}: output must have a class axis, got a 0-d tensor")
    return output.ndim


def categorical_crossentropy(target, output, from_logits: bool = False, axis: int = -1) -> Tensor:
    """Cross-entropy between one-hot (or soft) targets and predicted distributions.

    Args:
        target: the target distribution, same shape as `output`.
        output: predicted probabilities, or logits if `from_logits`.
        from_logits: whether `output` holds logits rather than probabilities.
        axis: the class axis.

    Returns:
        The loss per example: `output`'s shape without `axis`.

    Example:
    >>> import gradflow as gf
    >>> t = gf.constant([[0.0, 1.0]])
    >>> p = gf.constant([[0.5, 0.5]])
    >>> [round(v, 6) for v in gf.nn.categorical_crossentropy(t, p).tolist()]
    [0.693147]
    """
    target, output = promote("categorical_crossentropy", target, output)
    target, output = to_float(target), to_float(output)
    target = cast(target, output.dtype)
    if target.shape != output.shape:
        raise ShapeError(
            "categorical_crossentropy: target and output must have the same shape, got "
            f"target: {format_spec(target.spec)}, "
            f"output: {format_spec(output.spec)}"
        )
    ndim = _check_output(output, "categorical_crossentropy")
    axis = normalize_axis(axis, ndim, "categorical_crossentropy")
    log_p = _log_probabilities(output, axis, from_logits)
    return ew.negative(reduce_sum(ew.multiply(target, log_p), axes=(axis,), keepdims=False))


def sparse_categorical_crossentropy(
    target, output, from_logits: bool = False, axis: int = -1
) -> Tensor:
    """Cross-entropy between integer class targets and predicted distributions.

    Args:
        target: integer class indices, `output`'s shape without `axis` (a trailing
            axis of size 1 is allowed and dropped, as in Keras).
        output: predicted probabilities, or logits if `from_logits`.
        from_logits: whether `output` holds logits rather than probabilities.
        axis: the class axis of `output`.

    Returns:
        The loss per example: the shape of `target`.

    Example:
    >>> import gradflow as gf
    >>> logits = gf.constant([[0.0, 0.0], [0.0, 0.0]])
    >>> loss = gf.nn.sparse_categorical_crossentropy([1, 0], logits, from_logits=True)
    >>> [round(v, 6) for v in loss.tolist()]
    [0.693147, 0.693147]
    """
    op = "sparse_categorical_crossentropy"
    output = to_float(tensor(output, op))
    target = tensor(target, op)
    if not dtypes.is_integer(target.dtype):
        if not dtypes.is_floating(target.dtype):
            raise DTypeError(f"{op}: target must hold integer class indices, got {target.dtype}")
        target = cast(target, dtypes.int32)  # Keras casts float labels to int32
    ndim = _check_output(output, op)
    if target.ndim == ndim and target.shape[-1] == 1:
        target = reshape(target, shape=target.shape[:-1])
    axis = normalize_axis(axis, ndim, op)
    expected = output.shape[:axis] + output.shape[axis + 1 :]
    if target.shape != expected:
        raise ShapeError(
            f"{op}: target must have output's shape without the class axis {axis}, i.e. "
            f"{expected}, got target: {format_spec(target.spec)}, "
            f"output: {format_spec(output.spec)}"
        )
    log_p = _log_probabilities(output, axis, from_logits)
    hot = nn_ops.one_hot(target, depth=output.shape[axis], axis=axis, dtype=output.dtype)
    return ew.negative(reduce_sum(ew.multiply(hot, log_p), axes=(axis,), keepdims=False))


def binary_crossentropy(target, output, from_logits: bool = False) -> Tensor:
    """Elementwise binary cross-entropy between targets in [0, 1] and predictions.

    Args:
        target: targets (0/1 labels or soft targets), broadcasting against `output`.
        output: predicted probabilities, or logits if `from_logits`.
        from_logits: whether `output` holds logits rather than probabilities.

    Returns:
        The elementwise loss, of the broadcast shape.

    Example:
    >>> import gradflow as gf
    >>> [round(v, 6) for v in gf.nn.binary_crossentropy([1.0], [0.5]).tolist()]
    [0.693147]
    """
    target, output = promote_and_broadcast("binary_crossentropy", target, output)
    output = to_float(output)
    target = cast(target, output.dtype)
    if from_logits:
        # -t log sigmoid(o) - (1 - t) log sigmoid(-o) = softplus(o) - t o, without overflow
        return ew.subtract(nn_ops.softplus(output), ew.multiply(target, output))
    p = _clip_probabilities(output)
    one = full_like(p, 1)
    positive = ew.multiply(target, ew.log(p))
    negative = ew.multiply(ew.subtract(one, target), ew.log(ew.subtract(one, p)))
    return ew.negative(ew.add(positive, negative))
