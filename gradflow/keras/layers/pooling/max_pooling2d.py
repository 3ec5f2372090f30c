"""MaxPooling2D: maximum pooling for 2D spatial data."""

from __future__ import annotations

from gradflow.keras.layers.pooling.base_pooling import BasePooling


class MaxPooling2D(BasePooling):
    """Max pooling operation for 2D spatial data.

    Downsamples each channel by taking the maximum over windows of `pool_size`,
    shifted by `strides`. Along a dimension of length L the output has
    `(L - pool_size) // strides + 1` positions ('valid') or `ceil(L / strides)`
    ('same').

    Args:
        pool_size: an int or a tuple of 2 ints, the window size ((2, 2) by default).
        strides: an int, a tuple of 2 ints, or None (the pool size).
        padding: 'valid' or 'same' (case-insensitive; TF's arithmetic, the odd padding
            element on the high side).
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
    >>> MaxPooling2D(pool_size=2, strides=1)(x)[0, :, :, 0].tolist()
    [[4.0, 5.0], [7.0, 8.0]]
    """

    def __init__(
        self,
        pool_size=(2, 2),
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
            pool_mode="max",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
