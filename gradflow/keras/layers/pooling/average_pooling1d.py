"""AveragePooling1D: average pooling for temporal (1D) data."""

from __future__ import annotations

from gradflow.keras.layers.pooling.base_pooling import BasePooling


class AveragePooling1D(BasePooling):
    """Average pooling operation for temporal (1D) data.

    Downsamples each channel by taking the average over windows of `pool_size`,
    shifted by `strides`. Along a dimension of length L the output has
    `(L - pool_size) // strides + 1` positions ('valid') or `ceil(L / strides)`
    ('same').

    Args:
        pool_size: an int or a 1-tuple, the window size.
        strides: an int, a 1-tuple, or None (the pool size).
        padding: 'valid' or 'same' (case-insensitive; TF's arithmetic, the odd padding
            element on the high side). With 'same', each window averages only
            its unpadded elements (padding never dilutes the average).
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.

    Input shape:
        3D tensor `(batch_size, steps, features)` (channels_last) or
        `(batch_size, features, steps)` (channels_first).

    Output shape:
        3D tensor `(batch_size, downsampled_steps, features)` (channels_last) or
        `(batch_size, features, downsampled_steps)` (channels_first).

    Example:
    >>> import numpy as np
    >>> x = np.array([1.0, 2.0, 3.0, 4.0, 5.0], "float32").reshape(1, 5, 1)
    >>> AveragePooling1D(pool_size=2, strides=2, padding="same")(x)[0, :, 0].tolist()
    [1.5, 3.5, 5.0]
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
            pool_dimensions=1,
            pool_mode="average",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
