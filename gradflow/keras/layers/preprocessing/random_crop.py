"""RandomCrop: a random (height, width) window of images while training."""

from __future__ import annotations

import random as python_random

import gradflow as gf
from gradflow.keras import random
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer

gnp = gf.numpy


class RandomCrop(BaseImagePreprocessingLayer):
    """A preprocessing layer which randomly crops images during training.

    While training, one window of the target size at a random offset is cut from the
    whole batch (when the input is not larger than the target on both sides, Keras's
    fallback: a window at centred aspect-ratio-crop offsets, resized to the target).
    Outside training the input is returned unchanged, as Keras 3 does.

    Args:
        height: the crop height.
        width: the crop width.
        seed: an int seeding the layer's random stream.
        data_format: 'channels_last' or 'channels_first'.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        Height and width replaced while training.

    Example:
    >>> import numpy as np
    >>> RandomCrop(2, 3, seed=0)(np.ones((1, 5, 5, 1), "float32"), training=True).shape
    (1, 2, 3, 1)
    """

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(name=name, data_format=data_format, **kwargs)
        self.height = height
        self.width = width
        self.seed = seed if seed is not None else python_random.randint(1, int(1e9))
        self.generator = random.SeedGenerator(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        seed = self.generator if seed is None else seed
        h_axis, w_axis = self._image_axes()
        in_h, in_w = data.shape[h_axis], data.shape[w_axis]
        if training and in_h > self.height and in_w > self.width:
            h_start = random.uniform((), 0, float(in_h - self.height + 1), seed=seed)
            w_start = random.uniform((), 0, float(in_w - self.width + 1), seed=seed)
            return gnp.astype(h_start, "int32"), gnp.astype(w_start, "int32")
        # Keras's fallback: the offsets of a centred aspect-ratio crop (static ints)
        crop_h = max(min(in_h, int(float(in_w * self.height) / self.width)), 1)
        crop_w = max(min(in_w, int(float(in_h * self.width) / self.height)), 1)
        return int(float(in_h - crop_h) / 2), int(float(in_w - crop_w) / 2)

    def transform_images(self, images, transformation, training=True):
        if not training:
            return images
        images = gnp.astype(images, self.compute_dtype)
        h_start, w_start = transformation
        h_axis, w_axis = self._image_axes()
        if isinstance(h_start, int):
            index = [slice(None)] * images.ndim
            index[h_axis] = slice(h_start, h_start + self.height)
            index[w_axis] = slice(w_start, w_start + self.width)
            images = images[tuple(index)]
        else:
            images = self._crop_at(images, h_start, w_start)
        if (images.shape[h_axis], images.shape[w_axis]) != (self.height, self.width):
            from gradflow.keras.ops import image as image_ops

            images = image_ops.resize(
                images, (self.height, self.width), data_format=self.data_format
            )
            images = gnp.astype(images, self.compute_dtype)
        return images

    def _crop_at(self, images, h_start, w_start):
        """The (height, width) window at a traced offset: gathers along both axes."""
        h_axis, w_axis = self._image_axes()
        rows = h_start + gnp.arange(self.height, dtype="int32")
        cols = w_start + gnp.arange(self.width, dtype="int32")
        images = gnp.take(images, rows, axis=images.ndim + h_axis)
        return gnp.take(images, cols, axis=images.ndim + w_axis)

    def compute_output_shape(self, input_shape):
        return self._with_image_size(input_shape, self.height, self.width)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "seed": self.seed,
            "data_format": self.data_format,
        }
