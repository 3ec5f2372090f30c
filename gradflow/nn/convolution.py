"""gf.nn convolutions, with the signatures of Keras 3 `keras.ops` and TensorFlow's
numbers: channels-last by default, kernels laid out as Keras lays them out, and TF's
'same' arithmetic (the odd padding element goes on the right/bottom).

Each function normalizes its arguments into channels-last tensors and explicit
per-dimension padding, then binds the primitives of gradflow/ops/conv.py. The helpers
here (data format, tuples, 'same' padding) are shared with gradflow/nn/pooling.py.
"""

from __future__ import annotations

from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, ShapeError
from gradflow.numpy._args import promote, tensor, to_float
from gradflow.ops import conv as conv_ops
from gradflow.ops import shape as shape_ops

__all__ = ["conv", "conv_transpose", "depthwise_conv", "separable_conv"]

_DATA_FORMATS = ("channels_last", "channels_first")


# -- argument helpers (shared with pooling) --------------------------------------------------
def standardize_data_format(data_format, op: str) -> str:
    """'channels_last' (the default, for None) or 'channels_first'."""
    if data_format is None:
        return "channels_last"
    value = str(data_format).lower()
    if value not in _DATA_FORMATS:
        raise ArgumentError(
            f"{op}: data_format must be 'channels_last' or 'channels_first'. "
            f"Received: data_format={data_format!r}"
        )
    return value


def normalize_tuple(value, n: int, name: str, op: str, minimum: int = 1) -> tuple:
    """An int or a sequence of `n` ints as a tuple of `n` ints, each >= `minimum`."""
    values = (value,) * n if isinstance(value, int) else tuple(value)
    if len(values) != n or any(not isinstance(v, int) or isinstance(v, bool) for v in values):
        raise ArgumentError(
            f"{op}: {name} must be an int or a tuple of {n} ints (one per spatial "
            f"dimension). Received: {name}={value!r}"
        )
    if any(v < minimum for v in values):
        raise ArgumentError(f"{op}: {name} must be >= {minimum}. Received: {name}={value!r}")
    return tuple(int(v) for v in values)


def spatial_rank(x: Tensor, op: str) -> int:
    """The number of spatial dimensions of a (batch, *spatial, channels) input: 1 to 3."""
    nsp = x.ndim - 2
    if not 1 <= nsp <= 3:
        raise ShapeError(
            f"{op}: inputs must have rank 3, 4 or 5 (batch, 1 to 3 spatial dimensions, "
            f"channels), got rank {x.ndim} with shape {x.shape}"
        )
    return nsp


def window_padding(padding: str, spatial: tuple, extents: tuple, strides: tuple, op: str) -> tuple:
    """Explicit (low, high) padding per spatial dim for 'valid' or TF's 'same'.

    'same' pads so the output has ceil(length / stride) positions, the odd element on
    the high side: total = max((out - 1) * stride + extent - length, 0).
    """
    mode = str(padding).lower()
    if mode == "valid":
        return tuple((0, 0) for _ in spatial)
    if mode != "same":
        raise ArgumentError(
            f"{op}: padding must be 'valid' or 'same'. Received: padding={padding!r}"
        )
    pads = []
    for length, extent, stride in zip(spatial, extents, strides):
        if length is None:
            if stride != 1:
                raise ShapeError(
                    f"{op}: padding='same' with stride {stride} needs static spatial "
                    "dimensions; give the input a known shape"
                )
            total = extent - 1
        else:
            out = -(-length // stride)
            total = max((out - 1) * stride + extent - length, 0)
        pads.append((total // 2, total - total // 2))
    return tuple(pads)


def to_channels_last(x: Tensor, data_format: str) -> Tensor:
    if data_format == "channels_last":
        return x
    return shape_ops.permute_dims(x, axes=(0, *range(2, x.ndim), 1))


def from_channels_last(y: Tensor, data_format: str) -> Tensor:
    if data_format == "channels_last":
        return y
    return shape_ops.permute_dims(y, axes=(0, y.ndim - 1, *range(1, y.ndim - 1)))


def _float_operands(op: str, inputs, kernel) -> tuple[Tensor, Tensor]:
    x, w = promote(op, tensor(inputs, op), tensor(kernel, op))
    x, w = to_float(x), to_float(w)
    spatial_rank(x, op)
    if w.ndim != x.ndim:
        raise ShapeError(
            f"{op}: the kernel must have the inputs' rank {x.ndim} (spatial dims, then "
            f"input and output channels), got kernel shape {w.shape} for inputs {x.shape}"
        )
    return x, w


def _extents(kernel: tuple, dilation: tuple) -> tuple:
    return tuple((k - 1) * d + 1 for k, d in zip(kernel, dilation))


def _conv_channels_last(op, x, w, strides, padding, dilation, groups: int | None = None):
    """conv on channels-last `x` with Keras arguments; `groups` from the channels if None."""
    nsp = x.ndim - 2
    strides = normalize_tuple(strides, nsp, "strides", op)
    dilation = normalize_tuple(dilation, nsp, "dilation_rate", op)
    channels, kernel_in = x.shape[-1], w.shape[-2]
    if groups is None:
        if channels is None or kernel_in == 0 or channels % kernel_in:
            raise ShapeError(
                f"{op}: the inputs' channels ({channels}) must be a multiple of the kernel's "
                f"input channels (kernel.shape[-2]={kernel_in}); inputs {x.shape}, kernel "
                f"{w.shape}"
            )
        groups = channels // kernel_in
    if w.shape[-1] % groups:
        raise ShapeError(
            f"{op}: with {groups} groups (inputs' {channels} channels / kernel.shape[-2]="
            f"{kernel_in}) the kernel's {w.shape[-1]} output channels must split evenly "
            "across the groups"
        )
    extents = _extents(w.shape[:nsp], dilation)
    pads = window_padding(padding, x.shape[1:-1], extents, strides, op)
    _check_fits(op, x.shape[1:-1], extents, pads)
    return conv_ops.conv(x, w, strides=strides, padding=pads, dilation=dilation, groups=int(groups))


def _check_fits(op: str, spatial: tuple, extents: tuple, pads: tuple) -> None:
    for i, (n, e, (lo, hi)) in enumerate(zip(spatial, extents, pads)):
        if n is not None and n + lo + hi < e:
            raise ShapeError(
                f"{op}: spatial dimension {i} of the inputs has size {n}, smaller than the "
                f"(dilated) kernel's {e}; with padding='valid' every window must fit inside "
                "the input. Use a smaller kernel or padding='same'"
            )


# -- public functions ------------------------------------------------------------------------
def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """General N-D convolution (cross-correlation, as in Keras and TF), N = 1, 2 or 3.

    Feature groups are inferred: `groups = input channels // kernel.shape[-2]`.

    Args:
        inputs: a tensor of rank N + 2, `(batch, *spatial, channels)` for
            'channels_last' or `(batch, channels, *spatial)` for 'channels_first'.
        kernel: a tensor of shape `(*kernel_size, in_channels // groups, out_channels)`.
        strides: an int or a tuple of N ints.
        padding: 'valid' (no padding) or 'same' (output size ceil(input / stride),
            the odd padding element on the right/bottom, as TF).
        data_format: 'channels_last' (default) or 'channels_first'.
        dilation_rate: an int or a tuple of N ints.

    Returns:
        The convolution, of the inputs' rank and data format.

    Example:
    >>> import numpy as np, gradflow as gf
    >>> from gradflow.nn import conv
    >>> x = gf.constant(np.ones((1, 4, 4, 1), "float32"))
    >>> k = gf.constant(np.ones((3, 3, 1, 2), "float32"))
    >>> y = conv(x, k)
    >>> y.shape, float(y[0, 0, 0, 0])
    ((1, 2, 2, 2), 9.0)
    """
    op = "conv"
    x, w = _float_operands(op, inputs, kernel)
    spatial_rank(x, op)
    data_format = standardize_data_format(data_format, op)
    x = to_channels_last(x, data_format)
    y = _conv_channels_last(op, x, w, strides, padding, dilation_rate)
    return from_channels_last(y, data_format)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """Depthwise N-D convolution: each input channel convolved with its own filters.

    Args:
        inputs: a tensor of rank N + 2 (see `conv`).
        kernel: a tensor of shape `(*kernel_size, in_channels, depth_multiplier)`; output
            channel `c * depth_multiplier + m` is channel c convolved with filter m.
        strides: an int or a tuple of N ints.
        padding: 'valid' or 'same' (TF's arithmetic).
        data_format: 'channels_last' (default) or 'channels_first'.
        dilation_rate: an int or a tuple of N ints.

    Returns:
        A tensor with `in_channels * depth_multiplier` channels.

    Example:
    >>> import numpy as np, gradflow as gf
    >>> x = gf.constant(np.ones((1, 5, 3), "float32"))
    >>> k = gf.constant(np.ones((2, 3, 2), "float32"))
    >>> gf.nn.depthwise_conv(x, k).shape
    (1, 4, 6)
    """
    op = "depthwise_conv"
    x, w = _float_operands(op, inputs, kernel)
    nsp = spatial_rank(x, op)
    data_format = standardize_data_format(data_format, op)
    x = to_channels_last(x, data_format)
    channels, multiplier = w.shape[-2], w.shape[-1]
    if x.shape[-1] != channels:
        raise ShapeError(
            f"{op}: the kernel's input channels (kernel.shape[-2]={channels}) must equal "
            f"the inputs' channels ({x.shape[-1]}); inputs {x.shape}, kernel {w.shape}"
        )
    w = shape_ops.reshape(w, shape=(*w.shape[:nsp], 1, channels * multiplier))
    y = _conv_channels_last(op, x, w, strides, padding, dilation_rate, groups=channels)
    return from_channels_last(y, data_format)


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """Depthwise convolution followed by a pointwise (1x1) convolution.

    Args:
        inputs: a tensor of rank N + 2 (see `conv`).
        depthwise_kernel: `(*kernel_size, in_channels, depth_multiplier)`.
        pointwise_kernel: `(*(1,) * N, in_channels * depth_multiplier, out_channels)`.
        strides: an int or a tuple of N ints (of the depthwise step).
        padding: 'valid' or 'same' (of the depthwise step).
        data_format: 'channels_last' (default) or 'channels_first'.
        dilation_rate: an int or a tuple of N ints (of the depthwise step).

    Returns:
        A tensor with `out_channels` channels.

    Example:
    >>> import numpy as np, gradflow as gf
    >>> x = gf.constant(np.ones((1, 5, 5, 3), "float32"))
    >>> dk = gf.constant(np.ones((3, 3, 3, 2), "float32"))
    >>> pk = gf.constant(np.ones((1, 1, 6, 4), "float32"))
    >>> gf.nn.separable_conv(x, dk, pk, padding="same").shape
    (1, 5, 5, 4)
    """
    data_format = standardize_data_format(data_format, "separable_conv")
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose_geometry(op, length, k, stride, dilation, padding, output_padding) -> tuple:
    """(output length, forward-conv padding) of a transposed convolution along one dim.

    The output length is Keras's; the padding is the one Keras's JAX backend applies
    (equal to TF's wherever TF accepts the arguments), restated as the padding of the
    convolution whose input gradient the transposed convolution is.
    """
    extent = (k - 1) * dilation + 1
    mode = str(padding).lower()
    if mode == "valid":
        extra = max(extent, stride) - extent if output_padding is None else output_padding
        left = extent - 1
        out = None if length is None else (length - 1) * stride + extent + extra
    elif mode == "same":
        if output_padding is None:
            total = stride + extent - 2
            out = None if length is None else length * stride
        else:
            total = extent + extent % 2 - 2 + output_padding
            out = None if length is None else (length - 1) * stride + extent % 2 + output_padding
        left = min(total // 2 + total % 2, extent - 1)
    else:
        raise ArgumentError(
            f"{op}: padding must be 'valid' or 'same'. Received: padding={padding!r}"
        )
    if length is None:
        raise ShapeError(f"{op}: needs static spatial dimensions; give the input a known shape")
    if out < 1:
        raise ShapeError(
            f"{op}: the output would have {out} positions along a spatial dimension "
            f"(input length {length}, kernel extent {extent}, stride {stride}, "
            f"output_padding {output_padding}); use a larger output_padding"
        )
    low = extent - 1 - left
    high = (length - 1) * stride + extent - out - low
    return out, (low, high)


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """Transposed N-D convolution (the gradient of `conv` with respect to its input).

    Args:
        inputs: a tensor of rank N + 2 (see `conv`).
        kernel: a tensor of shape `(*kernel_size, out_channels, in_channels)`.
        strides: an int or a tuple of N ints.
        padding: 'valid' or 'same'.
        output_padding: None, an int or a tuple of N ints: extra positions added to
            the output's high side (None infers the Keras default).
        data_format: 'channels_last' (default) or 'channels_first'.
        dilation_rate: an int or a tuple of N ints.

    Returns:
        A tensor with `out_channels` channels; along each spatial dim of length L its
        length is `L * stride` ('same', no output_padding), `(L - 1) * stride +
        max(extent, stride)` ('valid', none), or `(L - 1) * stride + extent + p`
        ('valid') / `(L - 1) * stride + extent % 2 + p` ('same') with output_padding p,
        where extent is the dilated kernel size.

    Example:
    >>> import numpy as np, gradflow as gf
    >>> x = gf.constant(np.ones((1, 3, 3, 2), "float32"))
    >>> k = gf.constant(np.ones((3, 3, 4, 2), "float32"))
    >>> gf.nn.conv_transpose(x, k, strides=2, padding="same").shape
    (1, 6, 6, 4)
    """
    op = "conv_transpose"
    x, w = _float_operands(op, inputs, kernel)
    nsp = spatial_rank(x, op)
    data_format = standardize_data_format(data_format, op)
    x = to_channels_last(x, data_format)
    strides = normalize_tuple(strides, nsp, "strides", op)
    dilation = normalize_tuple(dilation_rate, nsp, "dilation_rate", op)
    extras = (
        (None,) * nsp
        if output_padding is None
        else normalize_tuple(output_padding, nsp, "output_padding", op, minimum=0)
    )
    if x.shape[-1] != w.shape[-1]:
        raise ShapeError(
            f"{op}: the kernel's input channels (kernel.shape[-1]={w.shape[-1]}) must equal "
            f"the inputs' channels ({x.shape[-1]}); inputs {x.shape}, kernel {w.shape}"
        )
    geometry = [
        _transpose_geometry(op, n, k, s, d, padding, e)
        for n, k, s, d, e in zip(x.shape[1:-1], w.shape[:nsp], strides, dilation, extras)
    ]
    y = conv_ops.conv_input_grad(
        x,
        w,
        input_spatial=tuple(out for out, _ in geometry),
        strides=strides,
        padding=tuple(pads for _, pads in geometry),
        dilation=dilation,
        groups=1,
    )
    return from_channels_last(y, data_format)
