"""keras.ops.nn: activations, normalization, convolution and pooling, attention, losses.

Example:
>>> from gradflow.keras.ops import nn
>>> nn.relu([-1.0, 2.0]).tolist()
[0.0, 2.0]
"""

from __future__ import annotations

import math

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._ctc import ctc_decode, ctc_loss  # noqa: F401 - exported below
from gradflow.keras.ops._symbolic import exported, keras_op, register

gnp, gnn = gf.numpy, gf.nn
_tensor, _to_float = _dtypes.tensor, _dtypes.to_float


def _activation(name: str, compute, summary: str):
    def op(x):
        return compute(_to_float(x))

    op.__name__ = op.__qualname__ = name
    op.__module__ = __name__
    op.__doc__ = f"""{summary}

    Args:
        x: a tensor.

    Returns:
        A float tensor of `x`'s shape.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.{name}(gf.numpy.ones((2, 3))).shape
    (2, 3)
    """
    globals()[name] = keras_op(op)


def _sparse_plus(x):
    return gnp.where(
        x <= -1.0, gnp.zeros_like(x), gnp.where(x >= 1.0, x, (x + 1.0) * (x + 1.0) * 0.25)
    )


def _sparse_sigmoid(x):
    return gnp.clip((x + 1.0) * 0.5, 0.0, 1.0)


for _name, _fn, _summary in [
    ("relu", gnn.relu, "max(x, 0)."),
    ("relu6", gnn.relu6, "min(max(x, 0), 6)."),
    ("sigmoid", gnn.sigmoid, "1 / (1 + exp(-x))."),
    ("softplus", gnn.softplus, "log(1 + exp(x)), stably."),
    ("softsign", gnn.softsign, "x / (1 + |x|)."),
    ("silu", gnn.silu, "x * sigmoid(x) (Swish)."),
    ("swish", gnn.silu, "x * sigmoid(x) (SiLU)."),
    ("log_sigmoid", gnn.log_sigmoid, "log(sigmoid(x)), stably."),
    ("hard_sigmoid", gnn.hard_sigmoid, "The piecewise-linear sigmoid relu6(x + 3) / 6."),
    ("hard_silu", gnn.hard_silu, "x * hard_sigmoid(x)."),
    ("hard_swish", gnn.hard_silu, "x * hard_sigmoid(x) (hard SiLU)."),
    ("selu", gnn.selu, "The scaled exponential linear unit."),
    ("hard_tanh", lambda x: gnp.clip(x, -1.0, 1.0), "x clipped to [-1, 1]."),
    ("tanh_shrink", lambda x: x - gnp.tanh(x), "x - tanh(x)."),
    ("sparse_plus", _sparse_plus, "0 below -1, x above 1, (x + 1)**2 / 4 between."),
    ("sparse_sigmoid", _sparse_sigmoid, "0 below -1, 1 above 1, (x + 1) / 2 between."),
]:
    _activation(_name, _fn, _summary)


@keras_op
def elu(x, alpha=1.0):
    """x for x > 0, alpha * (exp(x) - 1) otherwise."""
    return gnn.elu(_to_float(x), alpha=alpha)


@keras_op
def celu(x, alpha=1.0):
    """max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))."""
    return gnn.celu(_to_float(x), alpha=alpha)


@keras_op
def leaky_relu(x, negative_slope=0.2):
    """x for x > 0, negative_slope * x otherwise.

    Example:
    >>> from gradflow.keras import ops
    >>> [round(v, 3) for v in ops.leaky_relu([-1.0, 2.0]).tolist()]
    [-0.2, 2.0]
    """
    return gnn.leaky_relu(_to_float(x), negative_slope=negative_slope)


@keras_op
def gelu(x, approximate=True):
    """The Gaussian error linear unit (tanh approximation by default)."""
    return gnn.gelu(_to_float(x), approximate=approximate)


@keras_op
def glu(x, axis=-1):
    """The gated linear unit: a * sigmoid(b) with `x` split in halves a, b along `axis`."""
    return gnn.glu(_to_float(x), axis=axis)


@keras_op
def hard_shrink(x, threshold=0.5):
    """x where |x| > threshold, else 0."""
    x = _to_float(x)
    return gnp.where(gnp.abs(x) > threshold, x, gnp.zeros_like(x))


@keras_op
def soft_shrink(x, threshold=0.5):
    """x - threshold above it, x + threshold below -threshold, 0 between."""
    x = _to_float(x)
    return gnp.where(
        x > threshold,
        x - threshold,
        gnp.where(x < -threshold, x + threshold, gnp.zeros_like(x)),
    )


@keras_op
def squareplus(x, b=4):
    """(x + sqrt(x**2 + b)) / 2, a smooth relu."""
    x = _to_float(x)
    return (x + gnp.sqrt(x * x + b)) * 0.5


@keras_op
def threshold(x, threshold, default_value):
    """x where x > threshold, else `default_value`."""
    x = _tensor(x)
    return gnp.where(x > threshold, x, gnp.full_like(x, default_value))


@keras_op
def softmax(x, axis=-1):
    """exp(x) normalized to sum to 1 along `axis` (an int or a tuple).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    x = _to_float(x)
    if isinstance(axis, (tuple, list)):
        shifted = x - gf.stop_gradient(gnp.max(x, axis=tuple(axis), keepdims=True))
        e = gnp.exp(shifted)
        return e / gnp.sum(e, axis=tuple(axis), keepdims=True)
    return gnn.softmax(x, axis=axis)


@keras_op
def log_softmax(x, axis=-1):
    """log(softmax(x)) along `axis`, stably."""
    x = _to_float(x)
    if isinstance(axis, (tuple, list)):
        shifted = x - gf.stop_gradient(gnp.max(x, axis=tuple(axis), keepdims=True))
        return shifted - gnp.log(gnp.sum(gnp.exp(shifted), axis=tuple(axis), keepdims=True))
    return gnn.log_softmax(x, axis=axis)


@keras_op
def sparsemax(x, axis=-1):
    """The Euclidean projection of `x` onto the probability simplex along `axis` (sparse
    probabilities).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.sparsemax([2.0, 0.0, -1.0]).tolist()
    [1.0, 0.0, 0.0]
    """
    logits = _to_float(x)
    ordered = -gnp.sort(-logits, axis=axis)
    cumsum = gnp.cumulative_sum(ordered, axis=axis)
    shape = [1] * logits.ndim
    shape[axis] = -1
    r = gnp.reshape(gnp.arange(1, logits.shape[axis] + 1, dtype=logits.dtype), tuple(shape))
    support = (ordered - (cumsum - 1.0) / r) > 0
    k = gnp.sum(gnp.astype(support, logits.dtype), axis=axis, keepdims=True)
    tau = (
        gnp.sum(gnp.where(support, cumsum, gnp.zeros_like(cumsum)), axis=axis, keepdims=True) - 1.0
    ) / k
    return gnp.maximum(logits - tau, 0.0)


# -- encodings -----------------------------------------------------------------------------------
@keras_op
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """Integer labels `x` as one-hot vectors along a new axis `axis` (negative labels give
    all zeros).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.one_hot([0, 2], 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    if sparse:
        raise ValueError("gradflow tensors are dense. Received: sparse=True")
    x = _tensor(x, "int32")
    return gnn.one_hot(x, int(num_classes), axis=axis, dtype=backend.standardize_dtype(dtype))


@keras_op
def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Integer labels as multi-hot vectors: 1 for each class present in a sample.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.multi_hot([0, 4], num_classes=5).tolist()
    [1.0, 0.0, 0.0, 0.0, 1.0]
    """
    if num_classes is None and "num_tokens" in kwargs:
        num_classes = kwargs.pop("num_tokens")
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    x = _tensor(inputs, "int32")
    reduction_axis = 1 if x.ndim > 1 else 0
    encoded = one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return gnp.max(encoded, axis=reduction_axis)


# -- normalization -------------------------------------------------------------------------------
@keras_op
def moments(x, axes, keepdims=False, synchronized=False):
    """The mean and variance of `x` over `axes`.

    Example:
    >>> from gradflow.keras import ops
    >>> mean, var = ops.moments([1.0, 3.0], axes=[0])
    >>> mean.tolist(), var.tolist()
    (2.0, 1.0)
    """
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    return gnn.moments(_to_float(x), axes, keepdims=keepdims)


@keras_op
def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """(x - mean) / sqrt(variance + epsilon) * scale + offset, with the 1-d statistics
    running along `axis`."""
    x = _to_float(x)
    cast = [None if v is None else _tensor(v, x.dtype) for v in (mean, variance, offset, scale)]
    return gnn.batch_normalization(x, cast[0], cast[1], axis, cast[2], cast[3], epsilon)


@keras_op
def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """`x` normalized to zero mean and unit variance over `axis`, then scaled by `gamma`
    and shifted by `beta` (computed in at least float32)."""
    rms_scaling = kwargs.pop("rms_scaling", False)
    epsilon = backend.epsilon() if epsilon is None else epsilon
    x = _tensor(x)
    original = x.dtype.name
    x = _tensor(x, _dtypes.result_type(original, "float32"))
    axes = sorted([axis] if isinstance(axis, int) else list(axis))
    axes = [a % x.ndim for a in axes]
    shape = [x.shape[d] if d in axes else 1 for d in range(x.ndim)]

    def broadcast(v):
        if v is None:
            return None
        v = _tensor(v, x.dtype)
        if v.ndim != x.ndim and axes != [x.ndim - 1]:
            v = gnp.reshape(v, tuple(shape))
        return v

    gamma, beta = broadcast(gamma), broadcast(beta)
    mean, variance = gnn.moments(x, tuple(axes), keepdims=True)
    inv = 1.0 / gnp.sqrt(variance + epsilon)
    if rms_scaling:
        out = x * inv
        out = out if gamma is None else out * gamma
    else:
        if gamma is not None:
            inv = inv * gamma
        res = -mean * inv
        out = x * inv + (res if beta is None else res + beta)
    return _tensor(out, original)


@keras_op
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """`x` divided by its root mean square over `axis`, times `scale`."""
    epsilon = backend.epsilon() if epsilon is None else epsilon
    x = _tensor(x)
    original = x.dtype.name
    x = _tensor(x, _dtypes.result_type(original, "float32"))
    if x.ndim == 0:
        x = gnp.reshape(x, (1,))
    axis = tuple(sorted(axis)) if isinstance(axis, (list, tuple)) else axis
    out = x / gnp.sqrt(gnp.mean(x * x, axis=axis, keepdims=True) + epsilon)
    if scale is not None:
        out = out * _tensor(scale, x.dtype)
    return _tensor(out, original)


@keras_op
def normalize(x, axis=-1, order=2, epsilon=None):
    """`x` divided by its `order`-norm along `axis` (at least `epsilon`).

    Example:
    >>> from gradflow.keras import ops
    >>> [round(v, 3) for v in ops.normalize([3.0, 4.0]).tolist()]
    [0.6, 0.8]
    """
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"Argument `order` must be an int >= 1. Received: order={order}")
    x = _to_float(x)
    if x.ndim == 0:
        x = gnp.reshape(x, (1,))
    epsilon = backend.epsilon() if epsilon is None else epsilon
    if order == 2:
        inv = 1.0 / gnp.sqrt(gnp.sum(x * x, axis=axis, keepdims=True))
        return x * gnp.minimum(inv, 1.0 / epsilon)
    norm = gnp.sum(gnp.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    return x / gnp.maximum(norm, epsilon)


# -- convolution and pooling ---------------------------------------------------------------------
@keras_op
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """N-d convolution (1-3 spatial dims); `kernel` is (*kernel_size, in, out)."""
    x, k = _dtypes.promote(inputs, kernel)
    return gnn.conv(
        x, k, strides, padding, backend.standardize_data_format(data_format), dilation_rate
    )


@keras_op
def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Depthwise convolution; `kernel` is (*kernel_size, in, multiplier)."""
    x, k = _dtypes.promote(inputs, kernel)
    return gnn.depthwise_conv(
        x, k, strides, padding, backend.standardize_data_format(data_format), dilation_rate
    )


@keras_op
def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """A depthwise convolution followed by a 1x1 pointwise one."""
    x, dk, pk = _dtypes.promote(inputs, depthwise_kernel, pointwise_kernel)
    return gnn.separable_conv(
        x, dk, pk, strides, padding, backend.standardize_data_format(data_format), dilation_rate
    )


@keras_op
def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """Transposed convolution; `kernel` is (*kernel_size, out, in) as in Keras."""
    x, k = _dtypes.promote(inputs, kernel)
    return gnn.conv_transpose(
        x,
        k,
        strides,
        padding,
        output_padding,
        backend.standardize_data_format(data_format),
        dilation_rate,
    )


@keras_op
def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Max pooling over windows of `pool_size` (strides default to the pool size)."""
    return gnn.max_pool(
        _tensor(inputs), pool_size, strides, padding, backend.standardize_data_format(data_format)
    )


@keras_op
def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """Average pooling over windows of `pool_size` ('same' padding averages only the
    valid elements)."""
    return gnn.avg_pool(
        _to_float(inputs), pool_size, strides, padding, backend.standardize_data_format(data_format)
    )


def _adaptive_pool(inputs, output_size, data_format, reduce):
    x = _tensor(inputs)
    if backend.standardize_data_format(data_format) == "channels_first":
        x = gnp.moveaxis(x, 1, -1)
    dims = x.ndim - 2
    if dims not in (1, 2, 3):
        raise ValueError(f"adaptive pooling supports only 1D/2D/3D inputs. Received: {x.shape}")
    sizes = (output_size,) * dims if isinstance(output_size, int) else tuple(output_size)
    for d, out in enumerate(sizes):
        axis = 1 + d
        length = x.shape[axis]
        parts = []
        for i in range(out):
            start = (i * length) // out
            stop = -((-(i + 1) * length) // out)
            key = [slice(None)] * x.ndim
            key[axis] = slice(start, stop)
            parts.append(reduce(x[tuple(key)], axis=axis, keepdims=True))
        x = gnp.concat(parts, axis=axis)
    if backend.standardize_data_format(data_format) == "channels_first":
        x = gnp.moveaxis(x, -1, 1)
    return x


@keras_op
def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed `output_size` (PyTorch's window rule:
    [floor(i L / n), ceil((i + 1) L / n)))."""
    return _adaptive_pool(_to_float(inputs), output_size, data_format, gnp.mean)


@keras_op
def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed `output_size` (see `adaptive_average_pool`)."""
    return _adaptive_pool(inputs, output_size, data_format, gnp.max)


def _pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def _unfold_index(size, k, d, p, s):
    out = (size + 2 * p - d * (k - 1) - 1) // s + 1
    index = np.arange(k)[:, None] * d + np.arange(out)[None, :] * s
    return index, out


@keras_op
def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding local blocks of a (N, C, H, W) tensor as (N, C * kH * kW, L) (im2col)."""
    x = _tensor(x)
    (kh, kw), (dh, dw), (ph, pw), (sh, sw) = map(_pair, (kernel_size, dilation, padding, stride))
    n, c, h, w = x.shape
    if ph or pw:
        x = gnp.concat(
            [gnp.zeros((n, c, ph, w), dtype=x.dtype), x, gnp.zeros((n, c, ph, w), dtype=x.dtype)],
            axis=2,
        )
        x = gnp.concat(
            [
                gnp.zeros((n, c, h + 2 * ph, pw), dtype=x.dtype),
                x,
                gnp.zeros((n, c, h + 2 * ph, pw), dtype=x.dtype),
            ],
            axis=3,
        )
    rows, oh = _unfold_index(h, kh, dh, ph, sh)
    cols, ow = _unfold_index(w, kw, dw, pw, sw)
    x = gnp.take(x, gf.constant(rows.reshape(-1)), axis=2)  # (n, c, kh*oh, W)
    x = gnp.take(x, gf.constant(cols.reshape(-1)), axis=3)  # (n, c, kh*oh, kw*ow)
    x = gnp.reshape(x, (n, c, kh, oh, kw, ow))
    x = gnp.permute_dims(x, (0, 1, 2, 4, 3, 5))
    return gnp.reshape(x, (n, c * kh * kw, oh * ow))


@keras_op
def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """The adjoint of `unfold` (col2im): (N, C * kH * kW, L) blocks summed back into a
    (N, C, H, W) tensor."""
    x = _tensor(x)
    (oh_, ow_), (kh, kw), (dh, dw), (ph, pw), (sh, sw) = map(
        _pair, (output_size, kernel_size, dilation, padding, stride)
    )
    n, ckk, length = x.shape
    c = ckk // (kh * kw)
    rows, oh = _unfold_index(oh_, kh, dh, ph, sh)
    cols, ow = _unfold_index(ow_, kw, dw, pw, sw)
    hp, wp = oh_ + 2 * ph, ow_ + 2 * pw
    # a 0/1 matrix from (kh, kw, oh, ow) block entries to padded pixels
    target = rows[:, None, :, None] * wp + cols[None, :, None, :]
    placement = np.zeros((kh * kw * oh * ow, hp * wp), dtype=x.dtype)
    placement[np.arange(placement.shape[0]), target.reshape(-1)] = 1
    blocks = gnp.reshape(x, (n, c, kh * kw * length))
    image = gnp.reshape(gnp.matmul(blocks, gf.constant(placement)), (n, c, hp, wp))
    return image[:, :, ph : ph + oh_, pw : pw + ow_]


@keras_op
def depth_to_space(x, block_size, data_format="channels_last"):
    """Pixel shuffle: depth blocks of a 4-d `x` moved into block_size x block_size
    spatial blocks."""
    x = _tensor(x)
    b = int(block_size)
    if backend.standardize_data_format(data_format) == "channels_last":
        n, h, w, c = x.shape
        x = gnp.reshape(x, (n, h, w, b, b, c // (b * b)))
        x = gnp.permute_dims(x, (0, 1, 3, 2, 4, 5))
        return gnp.reshape(x, (n, h * b, w * b, c // (b * b)))
    n, c, h, w = x.shape
    x = gnp.reshape(x, (n, c // (b * b), b, b, h, w))
    x = gnp.permute_dims(x, (0, 1, 4, 2, 5, 3))
    return gnp.reshape(x, (n, c // (b * b), h * b, w * b))


@keras_op
def space_to_depth(x, block_size, data_format="channels_last"):
    """Pixel unshuffle: block_size x block_size spatial blocks of a 4-d `x` moved into
    depth."""
    x = _tensor(x)
    b = int(block_size)
    if backend.standardize_data_format(data_format) == "channels_last":
        n, h, w, c = x.shape
        x = gnp.reshape(x, (n, h // b, b, w // b, b, c))
        x = gnp.permute_dims(x, (0, 1, 3, 2, 4, 5))
        return gnp.reshape(x, (n, h // b, w // b, c * b * b))
    n, c, h, w = x.shape
    x = gnp.reshape(x, (n, c, h // b, b, w // b, b))
    x = gnp.permute_dims(x, (0, 1, 3, 5, 2, 4))
    return gnp.reshape(x, (n, c * b * b, h // b, w // b))


# -- attention -----------------------------------------------------------------------------------
def _attention_with_soft_cap(query, key, value, bias, mask, scale, is_causal, cap):
    head = query.shape[-1]
    scale = 1.0 / math.sqrt(head) if scale is None else scale
    logits = (
        gnp.matmul(gnp.permute_dims(query, (0, 2, 1, 3)), gnp.permute_dims(key, (0, 2, 3, 1)))
        * scale
    )
    logits = gnp.tanh(logits / cap) * cap
    if bias is not None:
        logits = logits + bias
    if is_causal:
        t, s = logits.shape[-2], logits.shape[-1]
        causal = gf.constant(np.tril(np.ones((t, s), dtype=bool)))
        mask = causal if mask is None else gnp.logical_and(_tensor(mask, "bool"), causal)
    if mask is not None:
        big = float(np.finfo(logits.dtype).max) * -0.7
        logits = gnp.where(_tensor(mask, "bool"), logits, gnp.full_like(logits, big))
    weights = gnn.softmax(logits, axis=-1)
    out = gnp.matmul(weights, gnp.permute_dims(value, (0, 2, 1, 3)))
    return gnp.permute_dims(out, (0, 2, 1, 3))


@keras_op
def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    flash_attention=None,
    attn_logits_soft_cap=None,
):
    """Scaled dot-product attention on (batch, length, heads, head_dim) tensors.

    Args:
        query: (B, T, N, H).
        key: (B, S, K, H).
        value: (B, S, K, H).
        bias: added to the logits (broadcast to (B, N, T, S)).
        mask: a bool tensor; False positions get no attention.
        scale: the logit scale, 1 / sqrt(H) by default.
        is_causal: whether position t attends only to s <= t.
        flash_attention: accepted for compatibility; gradflow picks its own kernel.
        attn_logits_soft_cap: when set, logits become cap * tanh(logits / cap).

    Returns:
        (B, T, N, H).
    """
    q, k, v = _dtypes.promote(query, key, value)
    if flash_attention:
        raise ValueError(
            "Flash attention is not supported by gradflow. Received: flash_attention=True"
        )
    b = None if bias is None else _tensor(bias, q.dtype)
    if attn_logits_soft_cap is not None:
        if q.ndim != 4:
            raise ValueError(f"`query` must be 4-D (B, T, N, H). Received: {q.shape}")
        return _attention_with_soft_cap(
            q, k, v, b, mask, scale, is_causal, float(attn_logits_soft_cap)
        )
    m = None if mask is None else _tensor(mask, "bool")
    return gnn.dot_product_attention(q, k, v, bias=b, mask=m, scale=scale, is_causal=is_causal)


# -- losses and metrics --------------------------------------------------------------------------
@keras_op
def binary_crossentropy(target, output, from_logits=False):
    """Elementwise binary cross-entropy between `target` and `output` probabilities (or
    logits)."""
    output = _to_float(output)
    return gnn.binary_crossentropy(_tensor(target, output.dtype), output, from_logits=from_logits)


@keras_op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy between one-hot `target` and `output` probabilities along `axis`."""
    output = _to_float(output)
    return gnn.categorical_crossentropy(
        _tensor(target, output.dtype), output, from_logits=from_logits, axis=axis
    )


@keras_op
def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy between integer `target` labels and `output` along `axis`."""
    output = _to_float(output)
    return gnn.sparse_categorical_crossentropy(
        _tensor(target, "int32"), output, from_logits=from_logits, axis=axis
    )


@keras_op
def psnr(x1, x2, max_val):
    """The peak signal-to-noise ratio of `x2` against `x1`, in dB.

    Example:
    >>> from gradflow.keras import ops
    >>> round(float(ops.psnr([0.0, 1.0], [0.0, 0.9], 1.0)), 3)
    23.01
    """
    a, b = _to_float(x1), _to_float(x2)
    if a.shape != b.shape:
        raise ValueError(f"Input shapes {a.shape} and {b.shape} must match for PSNR calculation. ")
    mse = gnp.mean((a - b) * (a - b))
    max_val = _tensor(max_val, b.dtype)
    return 20.0 * gnp.log10(max_val) - 10.0 * gnp.log10(mse)


@keras_op
def polar(abs_, angle):
    """The complex number abs_ * exp(i * angle)."""
    r, theta = _dtypes.promote(abs_, angle)
    r, theta = _to_float(r), _to_float(theta)
    complex_dtype = "complex128" if r.dtype.name == "float64" else "complex64"
    real = gnp.astype(r * gnp.cos(theta), complex_dtype)
    imag = gnp.astype(r * gnp.sin(theta), complex_dtype)
    return real + imag * gf.constant(np.asarray(1j, dtype=complex_dtype))


register("ctc_loss", __name__)
register("ctc_decode", __name__)

__all__ = exported(__name__)
