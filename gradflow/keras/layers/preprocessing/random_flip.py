"""RandomFlip: images flipped horizontally and/or vertically at random while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import random
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"

gnp = gf.numpy


class RandomFlip(BaseImagePreprocessingLayer):
    """A preprocessing layer which randomly flips images during training.

    Each image is flipped with probability 1/2 (in 'horizontal_and_vertical' mode the
    same draw flips both ways). Outside training the input is returned unchanged.

    Args:
        mode: 'horizontal', 'vertical' or 'horizontal_and_vertical' (default).
        seed: an int seeding the layer's random stream.
        data_format: 'channels_last' or 'channels_first'.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        Same as input.

    Example:
    >>> import numpy as np
    >>> x = np.arange(4, dtype="float32").reshape(1, 2, 2, 1)
    >>> RandomFlip("horizontal", seed=1)(x, training=False).numpy().ravel().tolist()
    [0.0, 1.0, 2.0, 3.0]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL):
            raise ValueError(
                f"RandomFlip layer {self.name} received an unknown mode argument. Expected "
                f"one of {(HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)}. Received: "
                f"mode={mode}"
            )
        self.seed = seed
        self.generator = random.SeedGenerator(seed)
        self.mode = mode

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        shape = (1, 1, 1) if data.ndim == 3 else (data.shape[0], 1, 1, 1)
        draws = random.uniform(shape, seed=self.generator if seed is None else seed)
        return {"flips": draws <= 0.5, "input_shape": tuple(data.shape)}

    def transform_images(self, images, transformation, training=True):
        images = gnp.astype(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        flips = transformation["flips"]
        h_axis, w_axis = self._image_axes()
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = gnp.where(flips, gnp.flip(images, axis=w_axis), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = gnp.where(flips, gnp.flip(images, axis=h_axis), images)
        return images

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "seed": self.seed,
            "mode": self.mode,
            "data_format": self.data_format,
        }
