"""BasePooling: the shared body of the max and average pooling layers."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.convolutional import _arguments as args
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class BasePooling(Layer):
    """Pooling over 1, 2 or 3 spatial dimensions: each window's max or average.

    Args:
        pool_size: an int or a tuple of `pool_dimensions` ints, the window size.
        strides: an int, a tuple of `pool_dimensions` ints, or None (the pool size).
        pool_dimensions: the number of spatial dimensions.
        pool_mode: 'max' or 'average'.
        padding: 'valid' or 'same' (case-insensitive; TF's arithmetic; 'same' average
            pooling averages only the unpadded elements of each window).
        data_format: 'channels_last' or 'channels_first' (None: the global default).
        name: the layer's name.

    Example:
    >>> import numpy as np
    >>> BasePooling(2, None, 2)(np.ones((1, 4, 4, 3), "float32")).shape
    (1, 2, 2, 3)
    """

    def __init__(
        self,
        pool_size,
        strides,
        pool_dimensions,
        pool_mode="max",
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(name=name, **kwargs)
        if pool_mode not in ("max", "average"):
            raise ValueError(
                f"`pool_mode` must be either 'max' or 'average'. Received: {pool_mode}."
            )
        self.pool_size = args.standardize_tuple(pool_size, pool_dimensions, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = args.standardize_tuple(strides, pool_dimensions, "strides")
        self.pool_mode = pool_mode
        args.standardize_padding(padding)  # checked here; kept as given, as Keras does
        self.padding = padding
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True  # no weights: built at construction, as in Keras

    def call(self, inputs):
        pool = gf.nn.max_pool if self.pool_mode == "max" else gf.nn.avg_pool
        return pool(
            inputs,
            pool_size=self.pool_size,
            strides=self.strides,
            padding=self.padding.lower(),
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape):
        padding = self.padding.lower()
        spatial = args.spatial_of(input_shape, self.data_format)
        out = tuple(
            args.window_output_length(n, k, s, 1, padding)
            for n, k, s in zip(spatial, self.pool_size, self.strides)
        )
        if any(n is not None and n <= 0 for n in out):
            raise ValueError(
                "Computed output size would be negative. Received: "
                f"`inputs.shape={tuple(input_shape)}` and `pool_size={self.pool_size}`."
            )
        _, channels = args.channels_of(input_shape, self.data_format)
        return args.with_spatial(input_shape[0], out, channels, self.data_format)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "pool_size": self.pool_size,
            "padding": self.padding,
            "strides": self.strides,
            "data_format": self.data_format,
        }
