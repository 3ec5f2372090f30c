"""GlobalMaxPooling2D: global maximum pooling for 2D spatial data."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Global maximum pooling operation for 2D spatial data.

    Args:
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        keepdims: keep the spatial dimensions, with length 1 (False by default).

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        `(batch_size, channels)`; with keepdims `(batch_size, 1, 1, channels)` (channels_last)
        or `(batch_size, channels, 1, 1)` (channels_first).

    Example:
    >>> import numpy as np
    >>> GlobalMaxPooling2D()(np.ones((2, 4, 5, 3), "float32")).shape
    (2, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=2, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return gf.numpy.max(inputs, axis=self._spatial_axes(inputs.ndim), keepdims=self.keepdims)
