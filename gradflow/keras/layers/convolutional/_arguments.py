"""Argument checks and shape arithmetic shared by the convolution and pooling layers,
in Keras's words (so errors read as Keras's do)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.utils.argument_validation import (  # noqa: F401 (shared by pooling)
    _is_integral,
    standardize_tuple,
)


def standardize_padding(value, allow_causal: bool = False) -> str:
    """'valid', 'same' (or 'causal' where allowed), lower-cased.

    Example:
    >>> standardize_padding("SAME")
    'same'
    """
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    padding = value.lower() if isinstance(value, str) else value
    if padding not in allowed:
        raise ValueError(
            "The `padding` argument must be one of {" + ", ".join(repr(a) for a in allowed)
            + f"}}. Received: padding={value}"
        )
    return padding


def window_output_length(length, window: int, stride: int, dilation: int, padding: str):
    """The output length of a strided window over `length` positions (None stays None):
    'valid' keeps whole windows, 'same' and 'causal' give ceil(length / stride).

    Example:
    >>> window_output_length(10, 3, 2, 1, "valid"), window_output_length(10, 3, 2, 1, "same")
    (4, 5)
    """
    if length is None:
        return None
    if padding == "valid":
        extent = (window - 1) * dilation + 1
        return (length - extent) // stride + 1
    return (length - 1) // stride + 1


def conv_output_shape(
    layer: str, input_shape, channels, kernel_size, strides, dilation_rate, padding, data_format
) -> tuple:
    """The output shape of a convolution layer (None dimensions stay None), refusing
    inputs the kernel does not fit in, as Keras does.

    Example:
    >>> conv_output_shape("Conv2D", (None, 8, 8, 3), 4, (3, 3), (1, 1), (1, 1), "valid",
    ...                   "channels_last")
    (None, 6, 6, 4)
    """
    spatial = spatial_of(input_shape, data_format)
    if len(spatial) != len(kernel_size):
        raise ValueError(
            f"Input of {layer} must have rank {len(kernel_size) + 2} (batch, "
            f"{len(kernel_size)} spatial dimensions, channels). Received: input_shape="
            f"{tuple(input_shape)}"
        )
    out = tuple(
        window_output_length(n, k, s, d, padding)
        for n, k, s, d in zip(spatial, kernel_size, strides, dilation_rate)
    )
    if any(n is not None and n <= 0 for n in out):
        raise ValueError(
            "Computed output size would be zero or negative. Received "
            f"`inputs shape={tuple(input_shape)}`, `kernel_size={kernel_size}`, "
            f"`dilation_rate={dilation_rate}`, `strides={strides}`, `padding={padding}`."
        )
    return with_spatial(input_shape[0], out, channels, data_format)


def transpose_output_length(length, kernel, stride, dilation, padding, output_padding):
    """The output length of a transposed convolution along one dimension, Keras's rule.

    Example:
    >>> transpose_output_length(3, 3, 2, 1, "same", None)
    6
    """
    if length is None:
        return None
    extent = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(extent, stride) - extent if output_padding is None else output_padding
        return (length - 1) * stride + extent + extra
    if output_padding is None:
        return length * stride
    return (length - 1) * stride + extent % 2 + output_padding


def channels_of(input_shape, data_format: str):
    """(channel axis, channel count) of an input shape."""
    if data_format == "channels_last":
        return -1, input_shape[-1]
    return 1, input_shape[1]


def spatial_of(input_shape, data_format: str) -> tuple:
    """The spatial dimensions of an input shape."""
    if data_format == "channels_last":
        return tuple(input_shape[1:-1])
    return tuple(input_shape[2:])


def with_spatial(batch, spatial, channels, data_format: str) -> tuple:
    """An output shape from its batch size, spatial dimensions and channel count."""
    if data_format == "channels_last":
        return (batch, *spatial, channels)
    return (batch, channels, *spatial)


def add_bias(outputs, bias, data_format: str):
    """`outputs + bias` along the channel axis."""
    if data_format == "channels_last":
        return outputs + bias
    rank = outputs.ndim - 2
    return outputs + gf.numpy.reshape(bias, (bias.shape[0],) + (1,) * rank)


def check_positive(name: str, value, allow_none: bool = False) -> None:
    """Raise Keras's ValueError unless `value` is a strictly positive int."""
    if value is None and allow_none:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"Invalid value for argument `{name}`. Expected a strictly positive value. "
            f"Received: {name}={value}."
        )


def check_strides_dilation(strides: tuple, dilation_rate: tuple) -> None:
    """Keras refuses strides > 1 together with dilation > 1."""
    if max(strides) > 1 and max(dilation_rate) > 1:
        raise ValueError(
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
            f"Received: strides={strides} and dilation_rate={dilation_rate}"
        )
