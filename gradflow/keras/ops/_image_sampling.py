"""Sampling a grid at fractional coordinates, as Keras's JAX backend does it
(`jax.scipy.ndimage.map_coordinates` of order 0 or 1 and its five fill modes), composed
from gradflow ops: gathers of the (up to 2**rank) neighbouring grid points, weighted.
Differentiable in the sampled values and, for order 1, in the coordinates.

The warps of keras.ops.image (affine, perspective, elastic) sample through `warp`.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._image_resampling import blur

gnp = gf.numpy
FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
INTERPOLATIONS = {"nearest": 0, "bilinear": 1}  # the map_coordinates order of each


def _mirror(index, size: int):
    s = size - 1  # half-wavelength of the triangular wave |x - round(x)|
    if s == 0:
        return gnp.zeros_like(index)
    return gnp.abs(gnp.remainder(index + s, 2 * s) - s)


def _fix_index(index, size: int, mode: str):
    """`index` mapped into [0, size) by `mode` (scipy's boundary rules)."""
    if mode in ("nearest", "constant"):  # constant: the value is replaced afterwards
        return gnp.clip(index, 0, size - 1)
    if mode == "wrap":
        return gnp.remainder(index, size)
    if mode == "mirror":
        return _mirror(index, size)
    return gnp.floor_divide(_mirror(2 * index + 1, 2 * size + 1) - 1, 2)  # reflect


def round_half_away_from_zero(x):
    """`x` rounded to the nearest integer, halves away from zero (as `lax.round`)."""
    return gnp.sign(x) * gnp.floor(gnp.abs(x) + 0.5)


def _taps(coordinate, order: int) -> list:
    """[(integer index, weight or None)] of one axis's interpolation."""
    if order == 0:
        if not _dtypes.is_int(coordinate.dtype):
            coordinate = round_half_away_from_zero(coordinate)
        return [(gnp.astype(coordinate, "int32"), None)]
    lower = gnp.floor(coordinate)
    upper_weight = coordinate - lower
    index = gnp.astype(lower, "int32")
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def interpolate(table, sizes, coordinates, order: int, fill_mode: str, fill_value, base=None):
    """Rows of `table` read at fractional grid positions.

    Args:
        table: a (prod(sizes) * groups, K) float tensor: the grid's points in row-major
            order, one row each (K values per point).
        sizes: the grid's shape (a tuple of ints).
        coordinates: one float tensor per grid axis, all of one shape S.
        order: 0 (nearest point) or 1 (multilinear).
        fill_mode: one of `FILL_MODES`.
        fill_value: the value of points outside the grid when `fill_mode="constant"`.
        base: an int tensor broadcastable to S added to every row index (selects a
            group, e.g. an image of a batch), or None.

    Returns:
        A tensor of shape S + (K,) in `table`'s dtype.
    """
    strides = [math.prod(sizes[axis + 1 :]) for axis in range(len(sizes))]
    per_axis = []
    for coordinate, size in zip(coordinates, sizes):
        per_axis.append([(index, _fix_index(index, size, fill_mode), weight,
                          (index >= 0) & (index < size))
                         for index, weight in _taps(coordinate, order)])  # fmt: skip
    fill = gf.constant(np.asarray(fill_value, dtype=table.dtype))
    out = None
    for corner in itertools.product(*per_axis):
        row = sum(fixed * stride for (_, fixed, _, _), stride in zip(corner, strides))
        if base is not None:
            row = row + base
        shape = tuple(row.shape)
        value = gnp.reshape(gnp.take(table, gnp.reshape(row, (-1,)), axis=0),
                            shape + (table.shape[1],))  # fmt: skip
        if fill_mode == "constant":
            valid = corner[0][3]
            for item in corner[1:]:
                valid = valid & item[3]
            value = gnp.where(gnp.expand_dims(valid, axis=-1), value, fill)
        weights = [weight for (_, _, weight, _) in corner if weight is not None]
        if weights:
            product = weights[0]
            for weight in weights[1:]:
                product = product * weight
            value = gnp.expand_dims(gnp.astype(product, table.dtype), axis=-1) * value
        out = value if out is None else out + value
    return out


def compute_dtype(values_dtype, coordinates_dtype) -> str:
    """The dtype the interpolation runs in: the values' and coordinates' float type."""
    values = _dtypes.dtype_name(values_dtype)
    coordinates = _dtypes.dtype_name(coordinates_dtype)
    if not _dtypes.is_float(coordinates):
        coordinates = "float32"
    return _dtypes.result_type(values if _dtypes.is_float(values) else "float32", coordinates)


def finish(result, dtype: str):
    """An interpolation `result` in the sampled values' `dtype` (integers are rounded
    half away from zero first, as JAX does)."""
    if not _dtypes.is_float(dtype):
        result = round_half_away_from_zero(result)
    return gnp.astype(result, dtype)


def warp(images, y, x, interpolation: str, fill_mode: str, fill_value):
    """Channels-last `images` (batch, height, width, channels) sampled at rows `y` and
    columns `x` (float tensors of shape (batch, out_height, out_width)); every channel
    at the same positions. The result has `images`' dtype."""
    batch, height, width, channels = images.shape
    dtype = compute_dtype(images.dtype, y.dtype)
    table = gnp.reshape(gnp.astype(images, dtype), (batch * height * width, channels))
    base = gnp.reshape(gnp.arange(batch, dtype="int32") * (height * width), (-1, 1, 1))
    coordinates = [gnp.astype(y, dtype), gnp.astype(x, dtype)]
    out = interpolate(table, (height, width), coordinates, INTERPOLATIONS[interpolation],
                      fill_mode, fill_value, base)  # fmt: skip
    return finish(out, images.dtype.name)


def homography(start_points, end_points):
    """The (batch, 8) projective transforms that map each output point of `end_points`
    (batch, 4, 2) onto its input point of `start_points` (Keras's
    `compute_homography_matrix`: an 8x8 linear solve per image)."""
    start_x, start_y = start_points[..., 0], start_points[..., 1]
    end_x, end_y = end_points[..., 0], end_points[..., 1]
    zeros, ones = gnp.zeros_like(end_x), gnp.ones_like(end_x)
    x_rows = gnp.stack([end_x, end_y, ones, zeros, zeros, zeros,
                        -start_x * end_x, -start_x * end_y], axis=-1)  # fmt: skip
    y_rows = gnp.stack([zeros, zeros, zeros, end_x, end_y, ones,
                        -start_y * end_x, -start_y * end_y], axis=-1)  # fmt: skip
    coefficients = gnp.concat([x_rows, y_rows], axis=1)
    target = gnp.expand_dims(gnp.concat([start_x, start_y], axis=-1), axis=-1)
    return gnp.squeeze(gnp.linalg.solve(coefficients, target), axis=-1)


def grid(height: int, width: int, dtype):
    """Row and column indices of every pixel: two (1, height, width) tensors."""
    rows = gnp.broadcast_to(gnp.reshape(gnp.arange(height, dtype=dtype), (1, height, 1)),
                            (1, height, width))  # fmt: skip
    cols = gnp.broadcast_to(gnp.reshape(gnp.arange(width, dtype=dtype), (1, 1, width)),
                            (1, height, width))  # fmt: skip
    return rows, cols


def elastic_warp(images, noise_x, noise_y, alpha: float, sigma: float, interpolation: str,
                 fill_mode: str, fill_value):  # fmt: skip
    """Channels-last `images` displaced by `alpha` times the `sigma * noise` fields
    (each (batch, height, width)) smoothed by a Gaussian of std `sigma` and size
    `int(6 sigma) | 1`: the deterministic part of `elastic_transform`."""
    size = int(6 * sigma) | 1
    dtype = noise_x.dtype

    def displacement(noise):
        smooth = blur(gnp.expand_dims(noise * sigma, axis=-1), (size, size), (sigma, sigma))
        return gf.constant(np.asarray(alpha, dtype=dtype)) * smooth[..., 0]

    rows, cols = grid(images.shape[1], images.shape[2], dtype)
    y = rows + displacement(noise_y)
    x = cols + displacement(noise_x)
    return warp(images, y, x, interpolation, fill_mode, fill_value)
