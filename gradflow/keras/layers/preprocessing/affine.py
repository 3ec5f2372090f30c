"""Affine resampling of image batches, as Keras's JAX backend does it
(`jax.scipy.ndimage.map_coordinates` of order 0/1 with its fill modes), in gradflow ops;
and Keras's affine-matrix construction for rotation, zoom and translation."""

from __future__ import annotations

import math

import numpy as np

import gradflow as gf

gnp = gf.numpy
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
INTERPOLATIONS = ("nearest", "bilinear")


def _mirror(index, size: int):
    s = size - 1  # half-wavelength of the triangular wave
    if s == 0:
        return gnp.zeros_like(index)
    return gnp.abs(gnp.remainder(index + s, 2 * s) - s)


def _fix_index(index, size: int, mode: str):
    """`index` mapped into [0, size) by `mode` (scipy's boundary rules)."""
    if mode == "nearest" or mode == "constant":  # constant: the value is replaced later
        return gnp.clip(index, 0, size - 1)
    if mode == "wrap":
        return gnp.remainder(index, size)
    if mode == "mirror":
        return _mirror(index, size)
    return gnp.floor_divide(_mirror(2 * index + 1, 2 * size + 1) - 1, 2)  # reflect


def _round_half_away_from_zero(x):
    return gnp.sign(x) * gnp.floor(gnp.abs(x) + 0.5)


def _taps(coordinate, interpolation: str) -> list:
    """[(integer index, weight)] of one axis's interpolation."""
    if interpolation == "nearest":
        index = gnp.astype(_round_half_away_from_zero(coordinate), "int32")
        return [(index, None)]
    lower = gnp.floor(coordinate)
    upper_weight = coordinate - lower
    index = gnp.astype(lower, "int32")
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0.0, data_format="channels_last"):  # fmt: skip
    """`images` resampled through `transform`: output pixel (y, x) reads the input at
    `(b0 x + b1 y + b2, a0 x + a1 y + a2)` for `transform = [a0, a1, a2, b0, b1, b2, c0,
    c1]` (the projective c0, c1 are ignored, as in Keras's JAX backend).

    Args:
        images: a (batch, height, width, channels) float tensor (or rank 3).
        transform: a (batch, 8) or (8,) tensor.
        interpolation: 'nearest' or 'bilinear'.
        fill_mode: 'constant', 'nearest', 'wrap', 'mirror' or 'reflect'.
        fill_value: the value outside the image in 'constant' mode.
        data_format: 'channels_last' or 'channels_first'.

    Returns:
        The resampled images, in `images`' shape.

    Example:
    >>> x = gf.numpy.reshape(gf.numpy.arange(4.0), (1, 2, 2, 1))
    >>> shift = gf.constant([[1.0, 0, 1.0, 0, 1.0, 0, 0, 0]])
    >>> affine_transform(x, shift)[0, :, :, 0].numpy().tolist()
    [[1.0, 0.0], [3.0, 0.0]]
    """
    single = images.ndim == 3
    if single:
        images = gnp.expand_dims(images, axis=0)
    if transform.ndim == 1:
        transform = gnp.expand_dims(transform, axis=0)
    if data_format == "channels_first":
        images = gnp.permute_dims(images, (0, 2, 3, 1))
    batch, height, width, channels = images.shape
    dtype = images.dtype
    transform = gnp.astype(transform, dtype)
    rows = gnp.reshape(gnp.arange(height, dtype=dtype), (1, height, 1))
    cols = gnp.reshape(gnp.arange(width, dtype=dtype), (1, 1, width))

    def coefficient(k):
        return gnp.reshape(transform[:, k], (-1, 1, 1))

    y_in = rows * coefficient(4) + cols * coefficient(3) + coefficient(5)
    x_in = rows * coefficient(1) + cols * coefficient(0) + coefficient(2)
    flat = gnp.reshape(images, (batch * height * width, channels))
    offsets = gnp.reshape(gnp.arange(batch, dtype="int32") * (height * width), (-1, 1, 1))
    fill = gf.constant(np.asarray(fill_value, dtype=dtype))
    out = None
    for y_index, y_weight in _taps(y_in, interpolation):
        for x_index, x_weight in _taps(x_in, interpolation):
            fixed = (_fix_index(y_index, height, fill_mode) * width
                     + _fix_index(x_index, width, fill_mode) + offsets)  # fmt: skip
            value = gnp.reshape(gnp.take(flat, gnp.reshape(fixed, (-1,)), axis=0),
                                (batch, height, width, channels))  # fmt: skip
            if fill_mode == "constant":
                valid = ((y_index >= 0) & (y_index < height)
                         & (x_index >= 0) & (x_index < width))  # fmt: skip
                value = gnp.where(gnp.expand_dims(valid, axis=-1), value, fill)
            if y_weight is not None:
                value = gnp.expand_dims(y_weight * x_weight, axis=-1) * value
            out = value if out is None else out + value
    if data_format == "channels_first":
        out = gnp.permute_dims(out, (0, 3, 1, 2))
    return out[0] if single else out


def compute_affine_matrix(center_x, center_y, angle, translate_x, translate_y, scale,
                          shear_x, shear_y, height, width):  # fmt: skip
    """Keras's (batch, 8) affine matrix: rotation by `angle` degrees about the centre
    (fractions of the image), then shear, scale and translation; all of shape (batch,).
    """
    radians = gf.constant(np.float32(math.pi / 180.0))
    angle = angle * radians
    shear_x = gnp.tan(shear_x * radians)
    shear_y = gnp.tan(shear_y * radians)
    dtype = angle.dtype
    cx = center_x * (gf.constant(np.asarray(width, dtype)) - 1)
    cy = center_y * (gf.constant(np.asarray(height, dtype)) - 1)
    cos_theta, sin_theta = gnp.cos(angle), gnp.sin(angle)
    a0 = scale * (cos_theta + shear_x * sin_theta)
    a1 = scale * (-sin_theta + shear_x * cos_theta)
    a2 = translate_x + cx - cx * a0 - cy * a1
    b0 = scale * (shear_y * cos_theta + sin_theta)
    b1 = scale * (shear_y * -sin_theta + cos_theta)
    b2 = translate_y + cy - cx * b0 - cy * b1
    zeros = gnp.zeros((angle.shape[0], 2), dtype=dtype)
    columns = [gnp.expand_dims(c, axis=1) for c in (a0, a1, a2, b0, b1, b2)]
    return gnp.concat(columns + [zeros], axis=1)
