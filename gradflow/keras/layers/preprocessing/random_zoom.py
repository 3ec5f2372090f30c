"""RandomZoom: images zoomed in or out by a random factor while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import random
from gradflow.keras.layers.preprocessing import affine
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer
from gradflow.keras.layers.preprocessing.random_rotation import check_fill_and_interpolation

gnp = gf.numpy


def zoom_factor_range(factor, name: str, lowest_open: bool) -> tuple[float, float]:
    """`factor` (a number or a pair) as a sorted (lower, upper) range within [-1, 1]
    (-1 itself excluded when `lowest_open`)."""
    message = (
        f"The `{name}` argument should be a number (or a list of two numbers) in the range "
        f"{'(-1.0, 1.0]' if lowest_open else '[-1.0, 1.0]'}. Received: {name}={factor}"
    )

    def check(value):
        if value > 1.0 or value < -1.0 or (lowest_open and value == -1.0):
            raise ValueError(message)

    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(message)
        check(factor[0])
        check(factor[1])
        lower, upper = sorted(factor)
        return lower, upper
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        check(factor)
        return -abs(factor), abs(factor)
    raise ValueError(message)


class RandomZoom(BaseImagePreprocessingLayer):
    """A preprocessing layer which randomly zooms images during training.

    The height (and width) zoom is drawn from `1 + height_factor`: negative factors
    zoom in, positive ones zoom out. Outside training the input is returned unchanged.

    Args:
        height_factor: a float in (-1, 1] or a pair `(lower, upper)`.
        width_factor: the same for the width; None zooms both by the height's draw.
        fill_mode: 'reflect' (default), 'wrap', 'constant' or 'nearest'.
        interpolation: 'bilinear' (default) or 'nearest'.
        seed: an int seeding the layer's random stream.
        fill_value: the value outside the image in 'constant' mode.
        data_format: 'channels_last' or 'channels_first'.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        Same as input.

    Example:
    >>> import numpy as np
    >>> RandomZoom(0.5, seed=0)(np.ones((1, 4, 4, 3), "float32")).shape
    (1, 4, 4, 3)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):  # fmt: skip
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = zoom_factor_range(
            height_factor, "height_factor", lowest_open=True
        )
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = zoom_factor_range(
                width_factor, "width_factor", lowest_open=True
            )
        check_fill_and_interpolation(fill_mode, interpolation)
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        seed = self.generator if seed is None else seed
        shape = (data.shape[0], 1) if data.ndim == 4 else (1, 1)
        height_zoom = random.uniform(
            shape, minval=1.0 + self.height_lower, maxval=1.0 + self.height_upper, seed=seed
        )
        if self.width_factor is not None:
            width_zoom = random.uniform(
                shape, minval=1.0 + self.width_lower, maxval=1.0 + self.width_upper, seed=seed
            )
        else:
            width_zoom = height_zoom
        return {"height_zoom": height_zoom, "width_zoom": width_zoom,
                "input_shape": tuple(data.shape)}  # fmt: skip

    def zoom_matrix(self, zooms, height: int, width: int):
        """The (batch, 8) transform for `zooms` = (batch, 2) [width zoom, height zoom]."""
        x_offset = (float(width) - 1.0) / 2.0 * (1.0 - zooms[:, 0:1])
        y_offset = (float(height) - 1.0) / 2.0 * (1.0 - zooms[:, 1:])
        zeros = gnp.zeros((zooms.shape[0], 1), dtype=zooms.dtype)
        return gnp.concat(
            [zooms[:, 0:1], zeros, x_offset, zeros, zooms[:, 1:], y_offset, zeros, zeros],
            axis=1,
        )

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        zooms = gnp.astype(
            gnp.concat([transformation["width_zoom"], transformation["height_zoom"]], axis=1),
            "float32",
        )
        h_axis, w_axis = self._image_axes()
        return affine.affine_transform(
            images, self.zoom_matrix(zooms, images.shape[h_axis], images.shape[w_axis]),
            interpolation, self.fill_mode, self.fill_value, self.data_format,
        )  # fmt: skip

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "height_factor": self.height_factor,
            "width_factor": self.width_factor,
            "fill_mode": self.fill_mode,
            "interpolation": self.interpolation,
            "seed": self.seed,
            "fill_value": self.fill_value,
            "data_format": self.data_format,
        }
