"""RandomBrightness: a random offset added to images while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import random
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer

gnp = gf.numpy


class RandomBrightness(BaseImagePreprocessingLayer):
    """A preprocessing layer which randomly adjusts brightness during training.

    A delta drawn from `factor * (value_range[1] - value_range[0])` is added to every
    pixel of an image and the result clipped to `value_range`. Outside training the
    input is returned unchanged.

    Args:
        factor: a float in [-1, 1] (range `[-factor, factor]`) or a pair
            `(lower, upper)`.
        value_range: the `[low, high]` range of the pixel values.
        seed: an int seeding the layer's random stream.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        Same as input.

    Example:
    >>> import numpy as np
    >>> RandomBrightness(0.2, seed=0)(np.ones((1, 2, 2, 3), "float32")).shape
    (1, 2, 2, 3)
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError(
                "The `value_range` argument should be a list of two numbers. "
                f"Received: value_range={value_range}"
            )
        self.value_range = sorted(value_range)

    def get_random_transformation(self, data, training=True, seed=None):
        shape = (1, 1, 1) if data.ndim == 3 else (data.shape[0], 1, 1, 1)
        if not training:
            return {"rgb_delta": gnp.zeros(shape)}
        delta = random.uniform(
            shape, minval=self.factor[0], maxval=self.factor[1],
            seed=self.generator if seed is None else seed,
        )  # fmt: skip
        return {"rgb_delta": delta * float(self.value_range[1] - self.value_range[0])}

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = images + gnp.astype(transformation["rgb_delta"], images.dtype)
        return gnp.clip(images, float(self.value_range[0]), float(self.value_range[1]))

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "factor": self.factor,
            "value_range": self.value_range,
            "seed": self.seed,
        }
