"""keras.ops.image: color conversion, resizing, padding and cropping, patches, blurs.

Example:
>>> from gradflow.keras.ops import image
>>> image.rgb_to_grayscale(gf.numpy.ones((2, 2, 3))).shape
(2, 2, 1)
"""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op

gnp = gf.numpy
_tensor, _to_float = _dtypes.tensor, _dtypes.to_float


def _check_rank(images):
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of "
            f"images). Received input with shape: images.shape={images.shape}"
        )


def _channels_last(images, data_format):
    """`images` as a channels-last batch, and how to undo that."""
    images = _tensor(images)
    _check_rank(images)
    first = backend.standardize_data_format(data_format) == "channels_first"
    single = images.ndim == 3
    if single:
        images = gnp.expand_dims(images, axis=0)
    if first:
        images = gnp.permute_dims(images, (0, 2, 3, 1))

    def restore(out):
        if first:
            out = gnp.permute_dims(out, (0, 3, 1, 2))
        return out[0] if single else out

    return images, restore


@keras_op
def rgb_to_grayscale(images, data_format=None):
    """RGB images as one-channel luminance (0.2989 R + 0.587 G + 0.114 B)."""
    images, restore = _channels_last(images, data_format)
    if images.shape[-1] not in (1, 3):
        raise ValueError(
            "Invalid channel size: expected 3 (RGB) or 1 (Grayscale). Received input with "
            f"shape: images.shape={images.shape}"
        )
    if images.shape[-1] == 1:
        return restore(images)
    original = images.dtype.name
    x = _to_float(images)
    weights = gf.constant(np.asarray([0.2989, 0.5870, 0.1140], dtype=x.dtype))
    gray = gnp.expand_dims(gnp.tensordot(x, weights, axes=([3], [0])), axis=-1)
    return restore(_tensor(gray, original))


@keras_op
def pad_images(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """`images` padded with zeros; give two of top/bottom/target_height and two of
    left/right/target_width."""
    images, restore = _channels_last(images, data_format)
    height, width = images.shape[1], images.shape[2]
    top, bottom = _sides(top_padding, bottom_padding, target_height, height, "height")
    left, right = _sides(left_padding, right_padding, target_width, width, "width")
    out = gnp.concat([gnp.zeros((images.shape[0], top, width, images.shape[3]), dtype=images.dtype),
                      images,
                      gnp.zeros((images.shape[0], bottom, width, images.shape[3]),
                                dtype=images.dtype)], axis=1)  # fmt: skip
    rows = out.shape[1]
    out = gnp.concat([gnp.zeros((images.shape[0], rows, left, images.shape[3]), dtype=images.dtype),
                      out,
                      gnp.zeros((images.shape[0], rows, right, images.shape[3]),
                                dtype=images.dtype)], axis=2)  # fmt: skip
    return restore(out)


def _sides(first, second, target, size, what):
    given = [v is not None for v in (first, second, target)]
    if sum(given) != 2:
        raise ValueError(
            f"Must specify exactly two of the two paddings/croppings and the target {what}. "
            f"Received: first={first}, second={second}, target={target}"
        )
    if target is None:
        return int(first), int(second)
    if first is None:
        return int(target) - size - int(second), int(second)
    return int(first), int(target) - size - int(first)


@keras_op
def crop_images(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """`images` cropped; give two of top/bottom/target_height and two of
    left/right/target_width."""
    images, restore = _channels_last(images, data_format)
    height, width = images.shape[1], images.shape[2]
    if target_height is not None:
        target_height = height - int(target_height)
    if target_width is not None:
        target_width = width - int(target_width)
    top, bottom = _sides(top_cropping, bottom_cropping, None if target_height is None else
                         target_height + height, height, "height")  # fmt: skip
    left, right = _sides(left_cropping, right_cropping, None if target_width is None else
                         target_width + width, width, "width")  # fmt: skip
    return restore(images[:, top : height - bottom, left : width - right, :])


def _linear_weights(in_size: int, out_size: int, dtype) -> np.ndarray:
    """The (out, in) interpolation matrix of half-pixel-centred linear resampling."""
    scale = in_size / out_size
    centers = (np.arange(out_size) + 0.5) * scale - 0.5
    centers = np.clip(centers, 0, in_size - 1)
    low = np.floor(centers).astype(int)
    high = np.minimum(low + 1, in_size - 1)
    frac = centers - low
    weights = np.zeros((out_size, in_size))
    weights[np.arange(out_size), low] += 1 - frac
    weights[np.arange(out_size), high] += frac
    return weights.astype(dtype)


def _nearest_index(in_size: int, out_size: int) -> np.ndarray:
    scale = in_size / out_size
    return np.minimum(np.floor((np.arange(out_size) + 0.5) * scale), in_size - 1).astype("int32")


@keras_op
def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    """`images` resized to `size` (height, width) by 'nearest' or 'bilinear' sampling with
    half-pixel centres (antialiasing, aspect-ratio cropping and padding are not offered:
    those arguments must keep their defaults)."""
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            "Invalid value for argument `interpolation`: gradflow supports 'nearest' and "
            f"'bilinear'. Received: interpolation={interpolation}"
        )
    if antialias or crop_to_aspect_ratio or pad_to_aspect_ratio:
        raise ValueError(
            "gradflow's resize supports antialias=False, crop_to_aspect_ratio=False and "
            f"pad_to_aspect_ratio=False only. Received: antialias={antialias}, "
            f"crop_to_aspect_ratio={crop_to_aspect_ratio}, "
            f"pad_to_aspect_ratio={pad_to_aspect_ratio}"
        )
    images, restore = _channels_last(images, data_format)
    out_h, out_w = (int(s) for s in size)
    in_h, in_w = images.shape[1], images.shape[2]
    if interpolation == "nearest":
        out = gnp.take(images, gf.constant(_nearest_index(in_h, out_h)), axis=1)
        return restore(gnp.take(out, gf.constant(_nearest_index(in_w, out_w)), axis=2))
    original = images.dtype.name
    x = _to_float(images)
    rows = gf.constant(_linear_weights(in_h, out_h, x.dtype))
    cols = gf.constant(_linear_weights(in_w, out_w, x.dtype))
    out = gnp.tensordot(rows, x, axes=([1], [1]))  # (out_h, n, w, c)
    out = gnp.tensordot(cols, out, axes=([1], [2]))  # (out_w, out_h, n, c)
    out = gnp.permute_dims(out, (2, 1, 0, 3))
    return restore(out if _dtypes.is_float(original) else _tensor(gnp.round(out), original))


@keras_op
def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """`images` convolved with a normalized Gaussian kernel ('same' size, zero padding)."""
    images, restore = _channels_last(images, data_format)
    x = _to_float(images)

    def kernel1d(size, s):
        t = np.arange(size) - (size - 1) / 2
        k = np.exp(-0.5 * (t / s) ** 2)
        return k / k.sum()

    k2 = np.outer(kernel1d(kernel_size[1], sigma[1]), kernel1d(kernel_size[0], sigma[0]))
    channels = x.shape[-1]
    kernel = np.tile(k2[:, :, None, None], (1, 1, channels, 1)).astype(x.dtype)
    out = gf.nn.depthwise_conv(x, gf.constant(kernel), 1, "same", "channels_last", 1)
    return restore(out)


@keras_op
def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    """Patches of `size` (an int or (h, w)) from `images`, flattened into the channels:
    (batch, rows, cols, h * w * channels) for channels-last."""
    images, restore = _channels_last(images, data_format)
    ph, pw = (size, size) if isinstance(size, int) else tuple(size)
    strides = (ph, pw) if strides is None else (
        (strides, strides) if isinstance(strides, int) else tuple(strides))  # fmt: skip
    channels = images.shape[-1]
    eye = np.eye(ph * pw * channels).reshape(ph, pw, channels, ph * pw * channels)
    kernel = gf.constant(eye.astype(images.dtype))
    out = gf.nn.conv(images, kernel, strides, padding, "channels_last", dilation_rate)
    return restore(out)


__all__ = exported(__name__)
