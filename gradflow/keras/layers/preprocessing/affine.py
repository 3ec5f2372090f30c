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


def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant",
                     fill_value=0.0, data_format="channels_last"):  # fmt: skip
    """`keras.ops.image.affine_transform`, the warp the augmentation layers use (as
    Keras's layers do): output pixel (y, x) reads the input at
    `(b0 x + b1 y + b2, a0 x + a1 y + a2)` for `transform = [a0, a1, a2, b0, b1, b2, c0,
    c1]`; c0 and c1 are ignored, as in Keras's JAX backend."""
    from gradflow.keras.ops import image

    return image.affine_transform(images, transform, interpolation=interpolation,
                                  fill_mode=fill_mode, fill_value=fill_value,
                                  data_format=data_format)


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
