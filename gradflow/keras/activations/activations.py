"""The built-in activation functions of `keras.activations`, with Keras 3's names,
arguments and defaults (e.g. `gelu` is the exact erf form unless `approximate=True`)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend


def _float(x):
    x = backend.convert_to_tensor(x)
    return x if backend.is_float_dtype(x.dtype) else gf.numpy.astype(x, backend.floatx())


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit, with an optional leak, cap and threshold:
    `x` for `threshold <= x < max_value`, `max_value` above, and
    `negative_slope * (x - threshold)` below the threshold.

    Args:
        x: input tensor.
        negative_slope: the slope below the threshold.
        max_value: the largest output value (no cap when None).
        threshold: the value below which the output is damped or zeroed.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> relu([-2.0, 0.5, 8.0], max_value=6.0).tolist()
    [0.0, 0.5, 6.0]
    """
    x = backend.convert_to_tensor(x)
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return gf.nn.leaky_relu(x, negative_slope=negative_slope)
        negative_part = gf.nn.relu(threshold - x) if threshold != 0 else gf.nn.relu(-x)
    clip_max = max_value is not None
    if threshold != 0:
        # Keras zeroes values at or below the threshold
        x = gf.numpy.where(x > threshold, x, gf.numpy.zeros_like(x))
    elif max_value == 6:
        x = gf.nn.relu6(x)
        clip_max = False
    else:
        x = gf.nn.relu(x)
    if clip_max:
        x = gf.numpy.clip(x, gf.numpy.zeros_like(x), gf.numpy.full_like(x, max_value))
    if negative_slope != 0.0:
        x = x - negative_slope * negative_part
    return x


def leaky_relu(x, negative_slope=0.2):
    """Leaky ReLU: `x` for `x >= 0`, else `negative_slope * x`.

    Args:
        x: input tensor.
        negative_slope: the slope for negative inputs.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> leaky_relu([-1.0, 2.0], negative_slope=0.5).tolist()
    [-0.5, 2.0]
    """
    return gf.nn.leaky_relu(x, negative_slope=negative_slope)


def relu6(x):
    """`min(max(x, 0), 6)`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> relu6([-1.0, 3.0, 8.0]).tolist()
    [0.0, 3.0, 6.0]
    """
    return gf.nn.relu6(x)


def softmax(x, axis=-1):
    """Softmax: `exp(x) / sum(exp(x))` over `axis`.

    Args:
        x: input tensor.
        axis: an int or tuple of ints: the axes to normalize over.

    Returns:
        A tensor of the shape of `x`, summing to 1 over `axis`.

    Example:
    >>> softmax([[0.0, 0.0]]).tolist()
    [[0.5, 0.5]]
    """
    return gf.nn.softmax(x, axis=axis)


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`.

    Args:
        x: input tensor.
        alpha: the scale of the negative part.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in elu([-1.0, 1.0]).tolist()]
    [-0.632121, 1.0]
    """
    return gf.nn.elu(x, alpha=alpha)


def selu(x):
    """Scaled exponential linear unit, `scale * elu(x, alpha)` with alpha=1.67326324
    and scale=1.05070098.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in selu([1.0]).tolist()]
    [1.050701]
    """
    return gf.nn.selu(x)


def softplus(x):
    """`log(exp(x) + 1)`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in softplus([0.0]).tolist()]
    [0.693147]
    """
    return gf.nn.softplus(x)


def softsign(x):
    """`x / (abs(x) + 1)`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> softsign([1.0, -3.0]).tolist()
    [0.5, -0.75]
    """
    return gf.nn.softsign(x)


def soft_shrink(x, threshold=0.5):
    """Soft shrinkage: `x - threshold` above `threshold`, `x + threshold` below
    `-threshold`, 0 in between.

    Args:
        x: input tensor.
        threshold: the shrinkage threshold.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> soft_shrink([-2.0, 0.25, 2.0]).tolist()
    [-1.5, 0.0, 1.5]
    """
    x = _float(x)
    zero = gf.numpy.zeros_like(x)
    inner = gf.numpy.where(x < -threshold, x + threshold, zero)
    return gf.numpy.where(x > threshold, x - threshold, inner)


def sparse_plus(x):
    """SparsePlus: 0 for `x <= -1`, `x` for `x >= 1`, `(x + 1)**2 / 4` in between.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> sparse_plus([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.25, 2.0]
    """
    x = _float(x)
    middle = gf.numpy.square(x + 1.0) / 4.0
    upper = gf.numpy.where(x >= 1.0, x, middle)
    return gf.numpy.where(x <= -1.0, gf.numpy.zeros_like(x), upper)


def silu(x):
    """Sigmoid linear unit (swish): `x * sigmoid(x)`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in silu([1.0]).tolist()]
    [0.731059]
    """
    return gf.nn.silu(x)


def squareplus(x, b=4):
    """Squareplus: `(x + sqrt(x**2 + b)) / 2`.

    Args:
        x: input tensor.
        b: the smoothness parameter.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> squareplus([0.0]).tolist()
    [1.0]
    """
    x = _float(x)
    return (x + gf.numpy.sqrt(gf.numpy.square(x) + b)) / 2.0


def gelu(x, approximate=False):
    """Gaussian error linear unit, `x * P(X <= x)` for a standard normal X.

    Args:
        x: input tensor.
        approximate: use the tanh approximation instead of the exact erf form.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 4) for v in gelu([1.0]).tolist()]
    [0.8413]
    """
    return gf.nn.gelu(x, approximate=approximate)


def celu(x, alpha=1.0):
    """Continuously differentiable ELU: `x` if `x > 0`, else
    `alpha * (exp(x / alpha) - 1)`.

    Args:
        x: input tensor.
        alpha: the scale of the negative part.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in celu([-1.0, 1.0]).tolist()]
    [-0.632121, 1.0]
    """
    return gf.nn.celu(x, alpha=alpha)


def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)`, where `a, b` are the halves of `x`.

    Args:
        x: input tensor, of even size along `axis`.
        axis: the axis to split.

    Returns:
        A tensor half the size of `x` along `axis`.

    Example:
    >>> glu([2.0, 0.0]).tolist()
    [1.0]
    """
    return gf.nn.glu(x, axis=axis)


def tanh(x):
    """Hyperbolic tangent, `(exp(x) - exp(-x)) / (exp(x) + exp(-x))`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> tanh([0.0]).tolist()
    [0.0]
    """
    return gf.numpy.tanh(_float(x))


def tanh_shrink(x):
    """`x - tanh(x)`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> tanh_shrink([0.0]).tolist()
    [0.0]
    """
    x = _float(x)
    return x - gf.numpy.tanh(x)


def hard_tanh(x):
    """`x` clipped to [-1, 1].

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> hard_tanh([-2.0, 0.5, 2.0]).tolist()
    [-1.0, 0.5, 1.0]
    """
    x = _float(x)
    ones = gf.numpy.ones_like(x)
    return gf.numpy.where(x > 1.0, ones, gf.numpy.where(x < -1.0, -ones, x))


def hard_shrink(x, threshold=0.5):
    """Hard shrinkage: `x` where `abs(x) > threshold`, else 0.

    Args:
        x: input tensor.
        threshold: the threshold.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> hard_shrink([-2.0, 0.25, 2.0]).tolist()
    [-2.0, 0.0, 2.0]
    """
    x = _float(x)
    return gf.numpy.where(gf.numpy.abs(x) > threshold, x, gf.numpy.zeros_like(x))


def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`.

    Args:
        x: input tensor.
        threshold: the threshold.
        default_value: the value used at or below the threshold.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> threshold([-1.0, 2.0], 0.0, -5.0).tolist()
    [-5.0, 2.0]
    """
    x = _float(x)
    return gf.numpy.where(x > threshold, x, gf.numpy.full_like(x, default_value))


def sigmoid(x):
    """Logistic sigmoid, `1 / (1 + exp(-x))`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`, values in [0, 1].

    Example:
    >>> sigmoid([0.0]).tolist()
    [0.5]
    """
    return gf.nn.sigmoid(x)


def sparse_sigmoid(x):
    """Sparse sigmoid: `0.5 * clip(x + 1, 0, 2)` (0 below -1, 1 above 1).

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`, values in [0, 1].

    Example:
    >>> sparse_sigmoid([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    x = _float(x)
    return 0.5 * gf.numpy.clip(x + 1.0, gf.numpy.zeros_like(x), gf.numpy.full_like(x, 2.0))


def exponential(x):
    """`exp(x)`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> exponential([0.0]).tolist()
    [1.0]
    """
    return gf.numpy.exp(_float(x))


def hard_sigmoid(x):
    """Piecewise-linear sigmoid, `relu6(x + 3) / 6`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`, values in [0, 1].

    Example:
    >>> hard_sigmoid([-4.0, 0.0, 4.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    return gf.nn.hard_sigmoid(x)


def log_sigmoid(x):
    """`log(sigmoid(x))`, accurate for large `abs(x)`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in log_sigmoid([0.0]).tolist()]
    [-0.693147]
    """
    return gf.nn.log_sigmoid(x)


def hard_silu(x):
    """Hard SiLU (hard swish): `x * relu6(x + 3) / 6`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> hard_silu([0.0, 4.0]).tolist()
    [0.0, 4.0]
    """
    return gf.nn.hard_silu(x)


def linear(x):
    """The identity: returns `x` unchanged.

    Args:
        x: input tensor.

    Returns:
        `x`.

    Example:
    >>> linear(3.0)
    3.0
    """
    return x


def mish(x):
    """Mish: `x * tanh(softplus(x))`.

    Args:
        x: input tensor.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in mish([1.0]).tolist()]
    [0.865098]
    """
    x = _float(x)
    return x * gf.numpy.tanh(gf.nn.softplus(x))


def log_softmax(x, axis=-1):
    """`x - log(sum(exp(x)))` over `axis`.

    Args:
        x: input tensor.
        axis: an int or tuple of ints: the axes to normalize over.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> [round(v, 6) for v in log_softmax([0.0, 0.0]).tolist()]
    [-0.693147, -0.693147]
    """
    return gf.nn.log_softmax(x, axis=axis)


def sparsemax(x, axis=-1):
    """Sparsemax, as Keras 3 computes it: `maximum(x - tau, 0)`, where `tau` is
    `(sum of the cumulative sums of the sorted support) - 1` over the support size.

    Keras 3.15's threshold sums the support's cumulative sums rather than taking the
    last one, so for supports of two or more entries the result differs from the
    sparsemax of Martins & Astudillo (2016); it is matched here for parity.

    Args:
        x: input tensor.
        axis: the axis to normalize over.

    Returns:
        A tensor of the shape of `x`.

    Example:
    >>> sparsemax([1.0, 0.0]).tolist()
    [1.0, 0.0]
    """
    x = _float(x)
    axis = axis % x.ndim
    ordered = gf.numpy.sort(x, axis=axis, descending=True)
    cumulative = gf.numpy.cumulative_sum(ordered, axis=axis)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]
    rank = gf.numpy.reshape(gf.numpy.arange(1, x.shape[axis] + 1, dtype=x.dtype), tuple(shape))
    support = ordered - (cumulative - 1.0) / rank > 0
    k = gf.numpy.sum(gf.numpy.astype(support, x.dtype), axis=axis, keepdims=True)
    kept = gf.numpy.where(support, cumulative, gf.numpy.zeros_like(cumulative))
    tau = (gf.numpy.sum(kept, axis=axis, keepdims=True) - 1.0) / k
    return gf.numpy.maximum(x - tau, 0.0)
