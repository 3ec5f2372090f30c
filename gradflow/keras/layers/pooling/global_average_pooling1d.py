"""GlobalAveragePooling1D: global average pooling for temporal (1D) data."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling operation for temporal (1D) data.

    Args:
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        keepdims: keep the spatial dimensions, with length 1 (False by default).

    Call arguments:
        inputs: a 3D tensor.
        mask: a boolean tensor `(batch_size, steps)`; masked steps are left out of the
            average. The output carries no mask.

    Input shape:
        3D tensor `(batch_size, steps, features)` (channels_last) or
        `(batch_size, features, steps)` (channels_first).

    Output shape:
        `(batch_size, features)`; with keepdims `(batch_size, 1, features)` (channels_last)
        or `(batch_size, features, 1)` (channels_first).

    Example:
    >>> import numpy as np
    >>> GlobalAveragePooling1D()(np.ones((2, 3, 4), "float32")).shape
    (2, 4)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, data_format=data_format, keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        steps_axis = 1 if self.data_format == "channels_last" else 2
        if mask is None:
            return gf.numpy.mean(inputs, axis=steps_axis, keepdims=self.keepdims)
        feature_axis = 2 if self.data_format == "channels_last" else 1
        keep = gf.numpy.expand_dims(gf.numpy.astype(mask, gf.bool), axis=feature_axis)
        total = gf.numpy.sum(
            gf.numpy.where(keep, inputs, gf.numpy.zeros_like(inputs)),
            axis=steps_axis,
            keepdims=self.keepdims,
        )
        count = gf.numpy.sum(
            gf.numpy.astype(keep, inputs.dtype), axis=steps_axis, keepdims=self.keepdims
        )
        return total / count

    def compute_mask(self, inputs, previous_mask=None):
        return None
