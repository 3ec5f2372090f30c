"""GlobalMaxPooling1D: global maximum pooling for temporal (1D) data."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Global maximum pooling operation for temporal (1D) data.

    Args:
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        keepdims: keep the spatial dimensions, with length 1 (False by default).

    Input shape:
        3D tensor `(batch_size, steps, features)` (channels_last) or
        `(batch_size, features, steps)` (channels_first).

    Output shape:
        `(batch_size, features)`; with keepdims `(batch_size, 1, features)` (channels_last)
        or `(batch_size, features, 1)` (channels_first).

    Example:
    >>> import numpy as np
    >>> GlobalMaxPooling1D()(np.ones((2, 3, 4), "float32")).shape
    (2, 4)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs):
        return gf.numpy.max(inputs, axis=self._spatial_axes(inputs.ndim), keepdims=self.keepdims)
