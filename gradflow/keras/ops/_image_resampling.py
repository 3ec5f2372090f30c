"""Separable resampling with a kernel (linear, Keys cubic, Lanczos), as
`jax.image.scale_and_translate` and `jax.image.resize` compute it, on gradflow ops; and
Keras's aspect-ratio cropping and padding for `resize`.

Each resampled axis is one contraction with an (input size, output size) weight matrix,
so the result is differentiable in the images and in the scale and translation.
"""

from __future__ import annotations

import numpy as np

import gradflow as gf

gnp = gf.numpy
_PI = float(np.pi)


def _triangle(x):
    return gnp.maximum(0.0, 1.0 - gnp.abs(x))


def _keys_cubic(x):
    # Keys' cubic kernel with a = -0.5 (what Pillow and TF use when antialiasing).
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = gnp.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return gnp.where(x >= 2.0, 0.0, out)


def _lanczos(radius: float):
    def kernel(x):
        y = radius * gnp.sin(_PI * x) * gnp.sin(_PI * x / radius)
        # y / (pi x)**2, with the limit 1 near x = 0 (the where keeps gradients finite)
        safe = gnp.where(x != 0, _PI**2 * x**2, 1.0)
        out = gnp.where(x > 1e-3, y / safe, 1.0)
        return gnp.where(x > radius, 0.0, out)

    return kernel


KERNELS = {
    "linear": _triangle, "bilinear": _triangle, "trilinear": _triangle,
    "triangle": _triangle, "cubic": _keys_cubic, "bicubic": _keys_cubic,
    "tricubic": _keys_cubic, "lanczos3": _lanczos(3.0), "lanczos5": _lanczos(5.0),
}  # fmt: skip
_EPS32 = float(np.finfo(np.float32).eps)


def weight_matrix(in_size: int, out_size: int, scale, translation, method: str, antialias):
    """The (in_size, out_size) weights of one axis: output pixel j reads input pixel i
    with weight `kernel(|sample_j - i| / kernel_scale)`, normalized over i, where
    `sample_j = (j + 0.5 - translation) / scale - 0.5` (half-pixel centres) and samples
    outside the input get no weight.

    Args:
        in_size: the input length of the axis.
        out_size: the output length.
        scale: a float scalar tensor (output / input length for a plain resize).
        translation: a float scalar tensor of the same dtype.
        method: a key of `KERNELS`.
        antialias: widen the kernel by 1 / scale when downsampling (a low-pass filter).

    Returns:
        A tensor of `scale`'s dtype.
    """
    dtype = scale.dtype
    inv_scale = 1.0 / scale
    sample = (gnp.arange(out_size, dtype=dtype) + 0.5) * inv_scale - translation * inv_scale
    sample = sample - 0.5
    distance = gnp.abs(gnp.expand_dims(sample, axis=0)
                       - gnp.expand_dims(gnp.arange(in_size, dtype=dtype), axis=1))  # fmt: skip
    if antialias:
        distance = distance / gnp.maximum(inv_scale, 1.0)
    weights = KERNELS[method](distance)
    total = gnp.sum(weights, axis=0, keepdims=True)
    weights = gnp.where(gnp.abs(total) > 1000.0 * _EPS32,
                        weights / gnp.where(total != 0, total, 1.0), 0.0)  # fmt: skip
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return gnp.where(gnp.expand_dims(inside, axis=0), weights, 0.0)


def resample(x, output_shape, spatial_dims, scales, translations, method: str, antialias):
    """`x` (float) resampled along `spatial_dims` to `output_shape`, one weight-matrix
    contraction per axis; `scales` and `translations` are scalar tensors per axis."""
    for axis, scale, translation in zip(spatial_dims, scales, translations):
        axis = axis % x.ndim
        weights = weight_matrix(x.shape[axis], int(output_shape[axis]), scale, translation,
                                method, antialias)  # fmt: skip
        out = gnp.tensordot(x, gnp.astype(weights, x.dtype), axes=([axis], [0]))
        x = gnp.moveaxis(out, -1, axis)
    return x


def crop_to_aspect_ratio(images, height: int, width: int, axes: tuple[int, int]):
    """The largest centred window of `images` with the aspect ratio `height / width`."""
    in_h, in_w = images.shape[axes[0]], images.shape[axes[1]]
    crop_h = max(min(in_h, int(float(in_w * height) / width)), 1)
    crop_w = max(min(in_w, int(float(in_h * width) / height)), 1)
    top, left = int(float(in_h - crop_h) / 2), int(float(in_w - crop_w) / 2)
    index = [slice(None)] * images.ndim
    index[axes[0]] = slice(top, top + crop_h)
    index[axes[1]] = slice(left, left + crop_w)
    return images[tuple(index)]


def pad_to_aspect_ratio(images, height: int, width: int, axes: tuple[int, int], fill_value):
    """`images` padded symmetrically with `fill_value` to the aspect ratio
    `height / width` (Keras pads the height if it is short, else the width)."""
    in_h, in_w = images.shape[axes[0]], images.shape[axes[1]]
    pad_h = max(in_h, int(float(in_w * height) / width))
    pad_w = max(in_w, int(float(in_h * width) / height))
    top, left = int(float(pad_h - in_h) / 2), int(float(pad_w - in_w) / 2)
    if top > 0:
        axis, amount = axes[0], top
    elif left > 0:
        axis, amount = axes[1], left
    else:
        return images
    shape = list(images.shape)
    shape[axis] = amount
    block = gnp.full(tuple(shape), np.asarray(fill_value, dtype=images.dtype), dtype=images.dtype)
    return gnp.concat([block, images, block], axis=axis)


def gaussian_kernel1d(size: int, sigma: float) -> np.ndarray:
    """A normalized Gaussian window of `size` taps."""
    t = np.arange(size) - (size - 1) / 2
    k = np.exp(-0.5 * (t / sigma) ** 2)
    return k / k.sum()


def blur(x, kernel_size, sigma):
    """Channels-last float `x` convolved per channel with a normalized Gaussian
    ('same' size, zero padding); `kernel_size` and `sigma` are (width, height) pairs."""
    k2 = np.outer(gaussian_kernel1d(kernel_size[1], sigma[1]),
                  gaussian_kernel1d(kernel_size[0], sigma[0]))  # fmt: skip
    kernel = np.tile(k2[:, :, None, None], (1, 1, x.shape[-1], 1)).astype(x.dtype)
    return gf.nn.depthwise_conv(x, gf.constant(kernel), 1, "same", "channels_last", 1)
