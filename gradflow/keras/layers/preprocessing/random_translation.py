"""RandomTranslation: images shifted by a random offset while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import random
from gradflow.keras.layers.preprocessing import affine
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer
from gradflow.keras.layers.preprocessing.random_rotation import check_fill_and_interpolation
from gradflow.keras.layers.preprocessing.random_zoom import zoom_factor_range

gnp = gf.numpy


class RandomTranslation(BaseImagePreprocessingLayer):
    """A preprocessing layer which randomly translates images during training.

    The vertical shift is drawn from `height_factor * height` pixels and the horizontal
    one from `width_factor * width`. Outside training the input is returned unchanged.

    Args:
        height_factor: a float in [-1, 1] or a pair `(lower, upper)`; negative values
            shift up.
        width_factor: the same for the width; negative values shift left.
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
    >>> RandomTranslation(0.2, 0.2, seed=0)(np.ones((1, 4, 4, 3), "float32")).shape
    (1, 4, 4, 3)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0, data_format=None,
                 **kwargs):  # fmt: skip
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = zoom_factor_range(
            height_factor, "height_factor", lowest_open=False
        )
        self.width_factor = width_factor
        self.width_lower, self.width_upper = zoom_factor_range(
            width_factor, "width_factor", lowest_open=False
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
        batch = data.shape[0] if data.ndim == 4 else 1
        h_axis, w_axis = self._image_axes()
        height_translate = random.uniform(
            (batch, 1), minval=self.height_lower, maxval=self.height_upper, seed=seed
        ) * float(data.shape[h_axis])  # fmt: skip
        width_translate = random.uniform(
            (batch, 1), minval=self.width_lower, maxval=self.width_upper, seed=seed
        ) * float(data.shape[w_axis])  # fmt: skip
        translations = gnp.astype(gnp.concat([width_translate, height_translate], axis=1),
                                  "float32")  # fmt: skip
        return {"translations": translations, "input_shape": tuple(data.shape)}

    def translation_matrix(self, translations):
        """The (batch, 8) transform for `translations` = (batch, 2) [dx, dy] pixels."""
        ones = gnp.ones((translations.shape[0], 1), dtype=translations.dtype)
        zeros = gnp.zeros_like(ones)
        return gnp.concat(
            [ones, zeros, -translations[:, 0:1], zeros, ones, -translations[:, 1:], zeros,
             zeros],
            axis=1,
        )  # fmt: skip

    def _transform_images(self, images, transformation, interpolation):
        if transformation is None:
            return images
        return affine.affine_transform(
            images, self.translation_matrix(transformation["translations"]), interpolation,
            self.fill_mode, self.fill_value, self.data_format,
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
