"""RandomContrast: image contrast scaled by a random factor while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import random
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer

gnp = gf.numpy


class RandomContrast(BaseImagePreprocessingLayer):
    """A preprocessing layer which randomly adjusts contrast during training.

    Each image (per channel) becomes `(x - mean) * contrast_factor + mean`, with the
    factor drawn from `[1 - lower, 1 + upper]`, then clipped to `value_range`. Outside
    training the input is returned unchanged.

    Args:
        factor: a float in [0, 1] or a pair `(lower, upper)`.
        value_range: the `[low, high]` range of the pixel values (clipped to).
        seed: an int seeding the layer's random stream.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        Same as input.

    Example:
    >>> import numpy as np
    >>> RandomContrast(0.5, seed=0)(np.ones((1, 2, 2, 3), "float32") * 9).shape
    (1, 2, 2, 3)
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range = value_range
        self.seed = seed
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        shape = (1, 1, 1) if data.ndim == 3 else (data.shape[0], 1, 1, 1)
        if not training:
            return {"contrast_factor": gnp.zeros(shape)}
        factor = random.uniform(
            shape, minval=1.0 - self.factor[0], maxval=1.0 + self.factor[1],
            seed=self.generator if seed is None else seed, dtype=self.compute_dtype,
        )  # fmt: skip
        return {"contrast_factor": factor}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        h_axis, w_axis = self._image_axes()
        mean = gnp.mean(images, axis=h_axis, keepdims=True)
        mean = gnp.mean(mean, axis=w_axis, keepdims=True)
        outputs = (images - mean) * transformation["contrast_factor"] + mean
        return gnp.clip(outputs, float(self.value_range[0]), float(self.value_range[1]))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "factor": self.factor,
            "value_range": self.value_range,
            "seed": self.seed,
        }
