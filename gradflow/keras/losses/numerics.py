"""Numeric helpers the loss functions share: input conversion, L2 normalization and a
stable logsumexp."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend


def convert_inputs(y_true, y_pred):
    """`y_pred` as a floating tensor and `y_true` as a tensor of the same dtype.

    Example:
    >>> t, p = convert_inputs([1, 0], [0.5, 0.5])
    >>> t.dtype, p.dtype
    (dtype('float32'), dtype('float32'))
    """
    y_pred = backend.convert_to_tensor(y_pred)
    if not backend.is_float_dtype(y_pred.dtype):
        y_pred = gf.numpy.astype(y_pred, backend.floatx())
    y_true = backend.convert_to_tensor(y_true, dtype=y_pred.dtype)
    return y_true, y_pred


def l2_normalize(x, axis=-1):
    """`x / max(||x||, epsilon)` along `axis`, as `keras.ops.normalize` computes it
    (`x * min(rsqrt(sum(x**2)), 1/epsilon)`).

    Example:
    >>> import gradflow as gf
    >>> l2_normalize(gf.constant([3.0, 4.0])).tolist()
    [0.6000000238418579, 0.800000011920929]
    """
    square_sum = gf.numpy.sum(gf.numpy.square(x), axis=axis, keepdims=True)
    # rsqrt of 0 is inf; the minimum caps it, and the where keeps the gradient finite
    positive = square_sum > 0
    safe = gf.numpy.where(positive, square_sum, gf.numpy.ones_like(square_sum))
    cap = gf.numpy.full_like(square_sum, 1.0 / backend.epsilon())
    inv_norm = gf.numpy.where(positive, gf.numpy.minimum(1.0 / gf.numpy.sqrt(safe), cap), cap)
    return x * inv_norm


def logsumexp(x, axis):
    """`log(sum(exp(x)))` along `axis`, without overflow; -inf for all -inf rows.

    Example:
    >>> import gradflow as gf
    >>> round(float(logsumexp(gf.constant([0.0, 0.0]), axis=0)), 6)
    0.693147
    """
    peak = gf.numpy.max(x, axis=axis, keepdims=True)
    peak = gf.stop_gradient(
        gf.numpy.where(gf.numpy.isfinite(peak), peak, gf.numpy.zeros_like(peak))
    )
    total = gf.numpy.sum(gf.numpy.exp(x - peak), axis=axis)
    # an all -inf row sums to 0: its log is -inf, taken without a log(0) on the way
    nonzero = total > 0
    safe = gf.numpy.where(nonzero, total, gf.numpy.ones_like(total))
    minus_inf = gf.numpy.full_like(total, float("-inf"))
    log_total = gf.numpy.where(nonzero, gf.numpy.log(safe), minus_inf)
    return log_total + gf.numpy.squeeze(peak, axis=axis)
