"""Numeric helpers the losses, metrics and regularizers share: input conversion, Keras's
safe division, L2 normalization and a stable logsumexp."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend


def to_float(x):
    """`x` as a tensor of a floating dtype: its own if floating, else `floatx()`.

    Example:
    >>> to_float([1, 2]).dtype, to_float([0.5]).dtype
    (dtype('float32'), dtype('float32'))
    """
    x = backend.convert_to_tensor(x)
    return x if backend.is_float_dtype(x.dtype) else gf.numpy.astype(x, backend.floatx())


def convert_inputs(y_true, y_pred):
    """`y_pred` as a floating tensor and `y_true` as a tensor of the same dtype.

    Example:
    >>> t, p = convert_inputs([1, 0], [0.5, 0.5])
    >>> t.dtype, p.dtype
    (dtype('float32'), dtype('float32'))
    """
    y_pred = to_float(y_pred)
    y_true = backend.convert_to_tensor(y_true, dtype=y_pred.dtype)
    return y_true, y_pred


def divide_no_nan(x, y):
    """`x / y`, and 0 where `y` is 0 (no NaN, no warning).

    Example:
    >>> import gradflow as gf
    >>> divide_no_nan(gf.constant([1.0, 2.0]), gf.constant([2.0, 0.0])).tolist()
    [0.5, 0.0]
    """
    x, y = gf.numpy.broadcast_arrays(gf.asarray(x), gf.asarray(y))
    zero = y == 0
    safe = gf.numpy.where(zero, gf.numpy.ones_like(y), y)
    return gf.numpy.where(zero, gf.numpy.zeros_like(x / safe), x / safe)


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
