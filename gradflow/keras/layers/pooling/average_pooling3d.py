"""AveragePooling3D: average pooling for 3D (spatial or spatio-temporal) data."""

from __future__ import annotations

from gradflow.keras.layers.pooling.base_pooling import BasePooling


class AveragePooling3D(BasePooling):
    """Average pooling operation for 3D (spatial or spatio-temporal) data.

    Downsamples each channel by taking the average over windows of `pool_size`,
    shifted by `strides`. Along a dimension of length L the output has
    `(L - pool_size) // strides + 1` positions ('valid') or `ceil(L / strides)`
    ('same').

    Args:
        pool_size: an int or a tuple of 3 ints, the window size.
        strides: an int, a tuple of 3 ints, or None (the pool size).
        padding: 'valid' or 'same' (case-insensitive; TF's arithmetic, the odd padding
            element on the high side). With 'same', each window averages only
            its unpadded elements (padding never dilutes the average).
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.

    Input shape:
        5D tensor `(batch_size, d1, d2, d3, channels)` (channels_last) or
        `(batch_size, channels, d1, d2, d3)` (channels_first).

    Output shape:
        5D tensor `(batch_size, pooled_d1, pooled_d2, pooled_d3, channels)` (channels_last) or
        `(batch_size, channels, pooled_d1, pooled_d2, pooled_d3)` (channels_first).

    Example:
    >>> import numpy as np
    >>> x = np.ones((2, 6, 6, 6, 3), "float32")
    >>> AveragePooling3D(pool_size=3)(x).shape
    (2, 2, 2, 2, 3)
    """

    def __init__(
        self,
        pool_size,
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(
            pool_size,
            strides,
            pool_dimensions=3,
            pool_mode="average",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
