"""keras.ops.image, all 16 of Keras 3's image ops: color conversion (grayscale, HSV),
resizing and scale-and-translate, padding and cropping, 2-D and 3-D patches, blurs and
Sobel edges, affine / perspective / elastic warps and map_coordinates, and SSIM. The
numbers follow Keras on JAX; the samplers live in `_image_sampling`, the kernel
resamplers in `_image_resampling`.

Example:
>>> from gradflow.keras.ops import image
>>> image.rgb_to_grayscale(gf.numpy.ones((2, 2, 3))).shape
(2, 2, 1)
"""

from __future__ import annotations

import math

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops import _image_resampling as _resampling
from gradflow.keras.ops import _image_sampling as _sampling
from gradflow.keras.ops._symbolic import exported, keras_op
from gradflow.keras.ops.core import saturate_cast

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


RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")


def _nearest_index(in_size: int, out_size: int) -> np.ndarray:
    # float32 arithmetic as jax.image.resize does it, so the floors agree at the ties
    centres = (np.arange(out_size, dtype=np.float32) + np.float32(0.5)) * np.float32(in_size)
    index = np.floor(centres / np.float32(out_size)).astype("int32")
    return np.minimum(index, in_size - 1)


def _check_resize_args(size, interpolation, fill_mode, crop_to_aspect_ratio,
                       pad_to_aspect_ratio):  # fmt: skip
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers. Received: size={size}")
    if size[0] <= 0 or size[1] <= 0:
        raise ValueError(f"`size` must have positive height and width. Received: size={size}")
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(
            "Invalid value for argument `interpolation`. Expected of one "
            f"{RESIZE_INTERPOLATIONS}. Received: interpolation={interpolation}"
        )
    if fill_mode != "constant":
        raise ValueError(
            "Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
            f"Received: fill_mode={fill_mode}"
        )
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError(
            "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`."
        )


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
    """Resize images to `size` with half-pixel centres, as `jax.image.resize` does.

    Args:
        images: an image (rank 3) or a batch of images (rank 4).
        size: the output `(height, width)`.
        interpolation: "bilinear" (default), "nearest", "bicubic" (Keys, a = -0.5),
            "lanczos3" or "lanczos5".
        antialias: widen the kernel when downsampling (a low-pass filter).
        crop_to_aspect_ratio: first crop the largest centred window with the target
            aspect ratio.
        pad_to_aspect_ratio: first pad evenly with `fill_value` to the target ratio.
        fill_mode: "constant" (the only mode).
        fill_value: the padding value of `pad_to_aspect_ratio`.
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        The resized images; integer images are rounded and saturated back to their dtype.

    Example:
    >>> x = gf.numpy.reshape(gf.numpy.arange(4.0), (1, 2, 2, 1))
    >>> resize(x, (1, 1), antialias=True)[0, :, :, 0].numpy().tolist()
    [[1.5]]
    """
    _check_resize_args(size, interpolation, fill_mode, crop_to_aspect_ratio,
                       pad_to_aspect_ratio)  # fmt: skip
    images, restore = _channels_last(images, data_format)
    out_h, out_w = (int(s) for s in size)
    if crop_to_aspect_ratio:
        images = _resampling.crop_to_aspect_ratio(images, out_h, out_w, (1, 2))
    elif pad_to_aspect_ratio:
        images = _resampling.pad_to_aspect_ratio(images, out_h, out_w, (1, 2), fill_value)
    in_h, in_w = images.shape[1], images.shape[2]
    if interpolation == "nearest":
        out = gnp.take(images, gf.constant(_nearest_index(in_h, out_h)), axis=1)
        return restore(gnp.take(out, gf.constant(_nearest_index(in_w, out_w)), axis=2))
    original = images.dtype.name
    x = _to_float(images)
    # weights in float32 as JAX (without x64) computes them; float64 images keep float64
    weights_dtype = "float64" if x.dtype.name == "float64" else "float32"
    axes = [axis for axis, n, m in ((1, out_h, in_h), (2, out_w, in_w)) if n != m]
    scales = [gf.constant(np.asarray((out_h, out_w)[a - 1] / (in_h, in_w)[a - 1],
                                     dtype=weights_dtype)) for a in axes]  # fmt: skip
    zero = gf.constant(np.zeros((), dtype=weights_dtype))
    shape = (x.shape[0], out_h, out_w, x.shape[3])
    out = _resampling.resample(x, shape, axes, scales, [zero] * len(axes), interpolation,
                               antialias)  # fmt: skip
    if not _dtypes.is_float(original):
        out = saturate_cast(gnp.round(out), original)
    return restore(out)


@keras_op
def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    """`images` convolved with a normalized Gaussian kernel ('same' size, zero padding).

    Args:
        images: an image (rank 3) or a batch of images (rank 4).
        kernel_size: the kernel's (width, height).
        sigma: the Gaussian's standard deviations along (width, height).
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        The blurred images (float).

    Example:
    >>> gaussian_blur(gf.numpy.ones((1, 3, 3, 1)))[0, 1, 1, 0].numpy().round(4).item()
    1.0
    """
    images, restore = _channels_last(images, data_format)
    return restore(_resampling.blur(_to_float(images), kernel_size, sigma))


def _patches(images, size, strides, dilation_rate, padding, data_format, rank: int):
    """Patches of an N-D `size` (N = `rank`) flattened into the channels: a convolution
    with an identity kernel, as Keras computes them."""
    images = _tensor(images)
    first = backend.standardize_data_format(data_format) == "channels_first"
    size = (size,) * rank if isinstance(size, int) else tuple(size)
    strides = size if not strides else strides
    channels = images.shape[-rank - 1] if first else images.shape[-1]
    depth = math.prod(size) * channels
    eye = np.eye(depth).reshape(size + (channels, depth))
    kernel = gf.constant(eye.astype(images.dtype))
    single = images.ndim == rank + 1
    if single:
        images = gnp.expand_dims(images, axis=0)
    out = gf.nn.conv(images, kernel, strides, padding,
                     "channels_first" if first else "channels_last", dilation_rate)  # fmt: skip
    return out[0] if single else out


@keras_op
def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    """Patches of `size` from images (2-D patches) or volumes (3-D patches), each
    flattened into the channel axis.

    Args:
        images: for 2-D patches (H, W, C) or (N, H, W, C); for 3-D patches (D, H, W, C)
            or (N, D, H, W, C) (channels first with `data_format="channels_first"`).
        size: an int or (height, width) for 2-D patches; (depth, height, width) for 3-D.
        strides: the step between patches (default: `size`, no overlap).
        dilation_rate: the step between a patch's samples.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        (N, rows, cols, h * w * C) for 2-D patches (channels-last), (N, d', h', w',
        d * h * w * C) for 3-D ones; without N for unbatched input.

    Example:
    >>> extract_patches(gf.numpy.ones((1, 4, 6, 2)), 2).shape
    (1, 2, 3, 8)
    """
    if not isinstance(size, int):
        if not isinstance(size, (tuple, list)):
            raise TypeError(
                "Invalid `size` argument. Expected an int or a tuple. "
                f"Received: size={size} of type {type(size).__name__}"
            )
        if len(size) not in (2, 3):
            raise ValueError(
                "Invalid `size` argument. Expected a tuple of length 2 or 3. "
                f"Received: size={size} with length {len(size)}"
            )
    rank = 2 if isinstance(size, int) else len(size)
    return _patches(images, size, strides, dilation_rate, padding, data_format, rank)


@keras_op
def extract_patches_3d(volumes, size, strides=None, dilation_rate=1, padding="valid",
                       data_format=None):  # fmt: skip
    """3-D patches of `size` from volumes, each flattened into the channel axis.

    Args:
        volumes: a volume (D, H, W, C) or a batch of volumes (N, D, H, W, C)
            (channels first with `data_format="channels_first"`).
        size: an int or (depth, height, width).
        strides: the step between patches (default: `size`, no overlap).
        dilation_rate: the step between a patch's samples.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        (N, d', h', w', depth * height * width * C), without N for one volume.

    Example:
    >>> extract_patches_3d(gf.numpy.ones((4, 4, 4, 1)), 2).shape
    (2, 2, 2, 8)
    """
    if isinstance(size, int):
        size = (size, size, size)
    if isinstance(strides, int):
        strides = (strides,) * 3
    if strides is not None and len(strides) != 3:
        raise ValueError(f"Invalid `strides` argument. Got: {strides}")
    return _patches(volumes, size, strides, dilation_rate, padding, data_format, 3)


def _check_float(images):
    if not _dtypes.is_float(images.dtype):
        raise ValueError(
            "Invalid images dtype: expected float dtype. "
            f"Received: images.dtype={images.dtype.name}"
        )


def _check_three_channels(images):
    if images.shape[-1] != 3:
        raise ValueError(
            "Input images must have 3 channels, but received images with "
            f"{images.shape[-1]} channels."
        )


@keras_op
def rgb_to_hsv(images, data_format=None):
    """RGB images (floats in [0, 1]) as HSV, every component in [0, 1] (hue 0 is red,
    1/3 green, 2/3 blue).

    Args:
        images: an image (rank 3) or a batch of images (rank 4), float.
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        The HSV images.

    Example:
    >>> [round(v, 4) for v in rgb_to_hsv(gf.constant([[[0.0, 0.5, 0.0]]]))[0, 0].tolist()]
    [0.3333, 1.0, 0.5]
    """
    images, restore = _channels_last(images, data_format)
    _check_float(images)
    _check_three_channels(images)
    eps = float(np.finfo(images.dtype).eps)
    images = gnp.where(gnp.abs(images) < eps, 0.0, images)
    r, g, b = images[..., 0], images[..., 1], images[..., 2]
    value = gnp.maximum(gnp.maximum(r, g), b)
    spread = value - gnp.minimum(gnp.minimum(r, g), b)
    # the divisions read "safe" denominators so gradients stay finite on grey pixels
    saturation = gnp.where(value > 0, spread / gnp.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * gnp.where(spread > 0, spread, 1.0))
    hue = gnp.where(value == g, norm * (b - r) + 2.0 / 6.0, norm * (r - g) + 4.0 / 6.0)
    hue = gnp.where(value == r, norm * (g - b), hue)
    hue = gnp.where(spread > 0, hue, 0.0) + gnp.astype(hue < 0.0, hue.dtype)
    return restore(gnp.stack([hue, saturation, value], axis=-1))


@keras_op
def hsv_to_rgb(images, data_format=None):
    """HSV images (floats in [0, 1]) as RGB.

    Args:
        images: an image (rank 3) or a batch of images (rank 4), float.
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        The RGB images.

    Example:
    >>> hsv_to_rgb(gf.constant([[[1 / 3, 1.0, 0.5]]])).numpy().round(4).tolist()
    [[[0.0, 0.5, 0.0]]]
    """
    images, restore = _channels_last(images, data_format)
    _check_float(images)
    _check_three_channels(images)
    hue, saturation, value = images[..., 0], images[..., 1], images[..., 2]
    dh = gnp.remainder(hue, 1.0) * 6.0
    dr = gnp.clip(gnp.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    dg = gnp.clip(2.0 - gnp.abs(dh - 2.0), 0.0, 1.0)
    db = gnp.clip(2.0 - gnp.abs(dh - 4.0), 0.0, 1.0)
    grey = 1.0 - saturation
    planes = [value * (grey + saturation * d) for d in (dr, dg, db)]
    return restore(gnp.stack(planes, axis=-1))


def _check_interpolation(interpolation):
    if interpolation not in _sampling.INTERPOLATIONS:
        raise ValueError(
            "Invalid value for argument `interpolation`. Expected of one "
            f"{set(_sampling.INTERPOLATIONS)}. Received: interpolation={interpolation}"
        )


def _check_fill_mode(fill_mode):
    if fill_mode not in _sampling.FILL_MODES:
        raise ValueError(
            "Invalid value for argument `fill_mode`. Expected of one "
            f"{set(_sampling.FILL_MODES)}. Received: fill_mode={fill_mode}"
        )


@keras_op
def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0, data_format=None):  # fmt: skip
    """`images` resampled through inverse affine transforms: with a row
    `[a0, a1, a2, b0, b1, b2, c0, c1]`, output pixel (x, y) reads the input at
    `(a0 x + a1 y + a2, b0 x + b1 y + b2)` (c0 and c1 are taken as 0, as on Keras's
    JAX backend).

    Args:
        images: an image (rank 3) or a batch of images (rank 4).
        transform: one transform (8,) or one per image (N, 8).
        interpolation: "bilinear" (default) or "nearest".
        fill_mode: how points outside the input are read: "constant" (default),
            "nearest", "wrap", "mirror" or "reflect".
        fill_value: the value outside the input with `fill_mode="constant"`.
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        The transformed images, in `images`' shape and dtype.

    Example:
    >>> x = gf.numpy.reshape(gf.numpy.arange(4.0), (2, 2, 1))
    >>> shift = gf.constant([1.0, 0, 1.0, 0, 1.0, 0, 0, 0])
    >>> affine_transform(x, shift)[:, :, 0].numpy().tolist()
    [[1.0, 0.0], [3.0, 0.0]]
    """
    _check_interpolation(interpolation)
    _check_fill_mode(fill_mode)
    images, restore = _channels_last(images, data_format)
    transform = _to_float(transform)
    if transform.ndim not in (1, 2):
        raise ValueError(
            "Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of "
            f"transforms). Received input with shape: transform.shape={transform.shape}"
        )
    if transform.ndim == 1:
        transform = gnp.expand_dims(transform, axis=0)
    rows, cols = _sampling.grid(images.shape[1], images.shape[2], transform.dtype)

    def coefficient(k):
        return gnp.reshape(transform[:, k], (-1, 1, 1))

    y = cols * coefficient(3) + rows * coefficient(4) + coefficient(5)
    x = cols * coefficient(0) + rows * coefficient(1) + coefficient(2)
    y, x = _batch_coordinates(y, x, images.shape[0])
    return restore(_sampling.warp(images, y, x, interpolation, fill_mode, fill_value))


def _batch_coordinates(y, x, batch: int):
    """Coordinates broadcast to the batch (one transform serves every image)."""
    shape = (batch,) + tuple(y.shape[1:])
    return gnp.broadcast_to(y, shape), gnp.broadcast_to(x, shape)


def _check_points(points, name):
    if tuple(points.shape[-2:]) != (4, 2) or points.ndim not in (2, 3):
        raise ValueError(
            f"Invalid {name} shape: expected (4,2) for a single image or (N,4,2) for a "
            f"batch. Received shape: {points.shape}"
        )


@keras_op
def perspective_transform(images, start_points, end_points, interpolation="bilinear",
                          fill_value=0, data_format=None):  # fmt: skip
    """`images` warped by the perspective transform that moves the four `start_points`
    onto the four `end_points` ((x, y) pixel positions); outside the input reads
    `fill_value`.

    Args:
        images: an image (rank 3) or a batch of images (rank 4).
        start_points: (4, 2) or (N, 4, 2) points in the input.
        end_points: where they land in the output, of the same shape.
        interpolation: "bilinear" (default) or "nearest".
        fill_value: the value of pixels that read outside the input.
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        The warped images, in `images`' shape and dtype.

    Example:
    >>> corners = gf.constant([[0.0, 0.0], [0.0, 2.0], [2.0, 0.0], [2.0, 2.0]])
    >>> x = gf.numpy.reshape(gf.numpy.arange(4.0), (2, 2, 1))
    >>> perspective_transform(x, corners, corners)[:, :, 0].numpy().tolist()
    [[0.0, 1.0], [2.0, 3.0]]
    """
    _check_interpolation(interpolation)
    start_points = _tensor(start_points, "float32")
    end_points = _tensor(end_points, "float32")
    _check_points(start_points, "start_points")
    _check_points(end_points, "end_points")
    if start_points.shape != end_points.shape:
        raise ValueError(
            "start_points and end_points must have the same shape. Received "
            f"start_points.shape={start_points.shape}, end_points.shape={end_points.shape}"
        )
    images, restore = _channels_last(images, data_format)
    if start_points.ndim == 2:
        start_points = gnp.expand_dims(start_points, axis=0)
        end_points = gnp.expand_dims(end_points, axis=0)
    t = _sampling.homography(start_points, end_points)
    rows, cols = _sampling.grid(images.shape[1], images.shape[2], "float32")

    def coefficient(k):
        return gnp.reshape(t[:, k], (-1, 1, 1))

    denominator = coefficient(6) * cols + coefficient(7) * rows + 1.0
    x = (coefficient(0) * cols + coefficient(1) * rows + coefficient(2)) / denominator
    y = (coefficient(3) * cols + coefficient(4) * rows + coefficient(5)) / denominator
    y, x = _batch_coordinates(y, x, images.shape[0])
    return restore(_sampling.warp(images, y, x, interpolation, "constant", fill_value))


@keras_op
def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    """`inputs` interpolated at `coordinates` (JAX's `map_coordinates`: "constant" and
    "wrap" behave as scipy's "grid-constant" and "grid-wrap").

    Args:
        inputs: an N-D tensor.
        coordinates: N coordinate arrays of one shape S (a list, or a tensor (N, *S)).
        order: 0 (nearest point) or 1 (linear).
        fill_mode: how points outside `inputs` are read: "constant" (default),
            "nearest", "wrap", "mirror" or "reflect".
        fill_value: the value outside `inputs` with `fill_mode="constant"`.

    Returns:
        A tensor of shape S and `inputs`' dtype.

    Example:
    >>> x = gf.numpy.reshape(gf.numpy.arange(12.0), (3, 4))
    >>> map_coordinates(x, [[0.5, 1.5], [1.5, 2.5]], order=1).numpy().tolist()
    [3.5, 8.5]
    """
    inputs = _tensor(inputs)
    coordinates = _tensor(coordinates)
    if coordinates.ndim < 2:
        raise ValueError(
            "Invalid coordinates rank: expected at least rank 2. Received input with "
            f"shape: {coordinates.shape}"
        )
    if coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            "First dim of `coordinates` must be the same as the rank of `inputs`. Received "
            f"inputs with shape: {inputs.shape} and coordinate leading dim of "
            f"{coordinates.shape[0]}"
        )
    _check_fill_mode(fill_mode)
    if order not in (0, 1):
        raise ValueError(
            f"Invalid value for argument `order`. Expected one of [0, 1]. Received: order={order}"
        )
    dtype = _sampling.compute_dtype(inputs.dtype, coordinates.dtype)
    table = gnp.reshape(gnp.astype(inputs, dtype), (-1, 1))
    axes = [coordinates[axis] for axis in range(inputs.ndim)]
    if order == 1:
        axes = [gnp.astype(c, dtype) for c in axes]
    out = _sampling.interpolate(table, tuple(inputs.shape), axes, order, fill_mode, fill_value)
    return _sampling.finish(out[..., 0], inputs.dtype.name)


@keras_op
def elastic_transform(images, alpha=20.0, sigma=5.0, interpolation="bilinear",
                      fill_mode="reflect", fill_value=0.0, seed=None,
                      data_format=None):  # fmt: skip
    """`images` elastically deformed: every pixel moves by `alpha` times a random field
    of normal noise scaled by `sigma` and smoothed by a Gaussian of std `sigma` (size
    `int(6 sigma) | 1`). Rows and columns get independent fields (as on Keras's NumPy
    backend; its JAX and TensorFlow backends reuse one draw for both).

    Args:
        images: an image (rank 3) or a batch of images (rank 4).
        alpha: the deformation's strength.
        sigma: the smoothing Gaussian's standard deviation.
        interpolation: "bilinear" (default) or "nearest".
        fill_mode: how points outside the input are read: "reflect" (default),
            "constant", "nearest", "wrap" or "mirror".
        fill_value: the value outside the input with `fill_mode="constant"`.
        seed: None, an int or a `keras.random.SeedGenerator`.
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        The deformed images, in `images`' shape and dtype.

    Example:
    >>> x = gf.numpy.ones((8, 8, 1))
    >>> elastic_transform(x, seed=1).shape
    (8, 8, 1)
    """
    _check_interpolation(interpolation)
    _check_fill_mode(fill_mode)
    images, restore = _channels_last(images, data_format)
    batch, height, width, _ = images.shape
    noise_dtype = images.dtype.name if _dtypes.is_float(images.dtype) else backend.floatx()
    noise = gf.random.normal((2, batch, height, width), dtype=noise_dtype, seed=seed)
    out = _sampling.elastic_warp(images, noise[0], noise[1], float(alpha), float(sigma),
                        interpolation, fill_mode, fill_value)  # fmt: skip
    return restore(out)


_SCALE_AND_TRANSLATE_METHODS = ("linear", "bilinear", "trilinear", "cubic", "bicubic",
                                "tricubic", "lanczos3", "lanczos5")  # fmt: skip


@keras_op
def scale_and_translate(images, output_shape, scale, translation, spatial_dims, method,
                        antialias=True):  # fmt: skip
    """`images` resampled to `output_shape` so that input point p lands at
    `p * scale + translation` along each of `spatial_dims` (half-pixel centres; outputs
    whose sample falls outside the input are 0), as `jax.image.scale_and_translate`.

    Args:
        images: a tensor of any rank.
        output_shape: the output shape (all of `images`' dimensions).
        scale: K scales, one per spatial dimension.
        translation: K translations.
        spatial_dims: the K dimensions resampled.
        method: "linear"/"bilinear"/"trilinear", "cubic"/"bicubic"/"tricubic" (Keys),
            "lanczos3" or "lanczos5".
        antialias: widen the kernel when downsampling (a low-pass filter).

    Returns:
        A float tensor of `output_shape`.

    Example:
    >>> x = gf.numpy.reshape(gf.numpy.arange(9.0), (3, 3))
    >>> out = scale_and_translate(x, (5, 5), [2.0, 2.0], [-0.5, -0.5], (0, 1), "linear")
    >>> out[0].numpy().tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    if method not in _SCALE_AND_TRANSLATE_METHODS:
        raise ValueError(
            "Invalid value for argument `method`. Expected of one "
            f"{set(_SCALE_AND_TRANSLATE_METHODS)}. Received: method={method}"
        )
    images = _to_float(_tensor(images))
    output_shape = tuple(int(n) for n in output_shape)
    if len(output_shape) != images.ndim:
        raise ValueError(
            "`output_shape` must have one length per dimension of `images`. Received: "
            f"output_shape={output_shape}, images.shape={images.shape}"
        )
    scale, translation = _dtypes.promote(_to_float(scale), _to_float(translation))
    scales = [scale[i] for i in range(len(spatial_dims))]
    translations = [translation[i] for i in range(len(spatial_dims))]
    return _resampling.resample(images, output_shape, spatial_dims, scales, translations,
                                method, antialias)  # fmt: skip


@keras_op
def sobel_edges(images, data_format=None):
    """Vertical and horizontal Sobel gradients of every channel ('same' size, zero
    padding).

    Args:
        images: a batch of images (rank 4).
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        `images.shape + (2,)`: the last axis holds [dy, dx].

    Example:
    >>> x = gf.numpy.concat([gf.numpy.zeros((1, 3, 2, 1)), gf.numpy.ones((1, 3, 2, 1))], axis=2)
    >>> sobel_edges(x)[0, 1, :, 0, 1].numpy().tolist()
    [0.0, 4.0, 4.0, -4.0]
    """
    images = _tensor(images)
    if images.ndim != 4:
        raise ValueError(
            f"Invalid images rank: expected rank 4 (batch of images). Received: "
            f"images.shape={list(images.shape)}"
        )
    images, restore = _channels_last(images, data_format)
    dx = np.asarray([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    channels = images.shape[-1]
    edges = []
    for k2 in (dx.T, dx):  # [dy, dx]
        kernel = np.tile(k2[:, :, None, None], (1, 1, channels, 1)).astype(images.dtype)
        edges.append(restore(gf.nn.depthwise_conv(images, gf.constant(kernel), 1, "same",
                                                  "channels_last", 1)))  # fmt: skip
    return gnp.stack(edges, axis=-1)


@keras_op
def ssim(image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
         data_format=None):  # fmt: skip
    """The structural similarity (SSIM, Wang et al. 2004) of two images: local means,
    variances and covariance under a Gaussian window (valid positions only), averaged
    over the image and the channels.

    Args:
        image1: an image (rank 3) or a batch of images (rank 4).
        image2: the same shape as `image1`.
        max_val: the dynamic range of the pixel values (1.0, or 255.0 for bytes).
        filter_size: the Gaussian window's size.
        filter_sigma: its standard deviation.
        k1: the luminance stabilizer (c1 = (k1 max_val)**2).
        k2: the contrast stabilizer (c2 = (k2 max_val)**2).
        data_format: "channels_last" or "channels_first" (default: the Keras config).

    Returns:
        One value per image pair ((N,), or a scalar), in `image1`'s dtype.

    Example:
    >>> x = gf.random.uniform((1, 16, 16, 1), seed=0)
    >>> round(float(ssim(x, x)[0]), 4)
    1.0
    """
    for name, image in (("image1", image1), ("image2", image2)):
        if _tensor(image).ndim not in (3, 4):
            raise ValueError(
                f"Invalid {name} rank: expected rank 3 (single image) or rank 4 (batch of "
                f"images). Received input with shape: {name}.shape={_tensor(image).shape}"
            )
    original = _dtypes.dtype_of(image1)
    compute = _dtypes.float_dtype(image1)
    x1, restore = _channels_last(_tensor(image1, compute), data_format)
    x2, _ = _channels_last(_tensor(image2, compute), data_format)
    batch, height, width, channels = x1.shape
    gauss = _resampling.gaussian_kernel1d(filter_size, filter_sigma)
    kernel = gf.constant(np.outer(gauss, gauss).reshape(filter_size, filter_size, 1, 1)
                         .astype(compute))  # fmt: skip

    def local_mean(x):  # every channel on its own: channels become batch items
        x = gnp.reshape(gnp.permute_dims(x, (0, 3, 1, 2)), (-1, height, width, 1))
        return gf.nn.conv(x, kernel, 1, "valid", "channels_last", 1)

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = local_mean(x1), local_mean(x2)
    var1 = local_mean(x1 * x1) - mu1 * mu1
    var2 = local_mean(x2 * x2) - mu2 * mu2
    cov = local_mean(x1 * x2) - mu1 * mu2
    numerator = (2.0 * mu1 * mu2 + c1) * (2.0 * cov + c2)
    index = numerator / ((mu1 * mu1 + mu2 * mu2 + c1) * (var1 + var2 + c2))
    per_image = gnp.mean(gnp.reshape(gnp.mean(index, axis=(1, 2, 3)), (batch, channels)), axis=-1)
    single = _tensor(image1).ndim == 3
    return _tensor(per_image[0] if single else per_image, original)


__all__ = exported(__name__)
