"""CenterCrop: the central (height, width) window of images (resized when smaller)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer
from gradflow.keras.layers.preprocessing.resizing import resize_images


class CenterCrop(BaseImagePreprocessingLayer):
    """A preprocessing layer which crops images.

    The central window of the target size is kept; an input smaller than the target is
    cropped to the target aspect ratio and resized (bilinear), as Keras's
    `smart_resize` does.

    Args:
        height: the output height.
        width: the output width.
        data_format: 'channels_last' or 'channels_first'.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The same with height and width replaced.

    Example:
    >>> import numpy as np
    >>> CenterCrop(2, 2)(np.ones((1, 4, 5, 3), "float32")).shape
    (1, 2, 2, 3)
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def transform_images(self, images, transformation=None, training=True):
        images = gf.numpy.astype(images, self.compute_dtype)
        h_axis, w_axis = self._image_axes()
        h_diff = images.shape[h_axis] - self.height
        w_diff = images.shape[w_axis] - self.width
        if h_diff >= 0 and w_diff >= 0:
            index = [slice(None)] * images.ndim
            index[h_axis] = slice(h_diff // 2, h_diff // 2 + self.height)
            index[w_axis] = slice(w_diff // 2, w_diff // 2 + self.width)
            return images[tuple(index)]
        return resize_images(
            images, self.height, self.width, crop=True, data_format=self.data_format
        )

    def compute_output_shape(self, input_shape):
        return self._with_image_size(input_shape, self.height, self.width)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "data_format": self.data_format,
        }
