"""AveragePooling2D: average pooling for 2D spatial data."""

from __future__ import annotations

from gradflow.keras.layers.pooling.base_pooling import BasePooling


class AveragePooling2D(BasePooling):
    """Average pooling operation for 2D spatial data.

    Downsamples each channel by taking the average over windows of `pool_size`,
    shifted by `strides`. Along a dimension of length L the output has
    `(L - pool_size) // strides + 1` positions ('valid') or `ceil(L / strides)`
    ('same').

    Args:
        pool_size: an int or a tuple of 2 ints, the window size.
        strides: an int, a tuple of 2 ints, or None (the pool size).
        padding: 'valid' or 'same' (case-insensitive; TF's arithmetic, the odd padding
            element on the high side). With 'same', each window averages only
            its unpadded elements (padding never dilutes the average).
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor `(batch_size, pooled_height, pooled_width, channels)` (channels_last) or
        `(batch_size, channels, pooled_height, pooled_width)` (channels_first).

    Example:
    >>> import numpy as np
    >>> x = np.arange(9, dtype="float32").reshape(1, 3, 3, 1)
    >>> AveragePooling2D(pool_size=2, strides=1)(x)[0, :, :, 0].tolist()
    [[2.0, 3.0], [5.0, 6.0]]
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
            pool_dimensions=2,
            pool_mode="average",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
