"""SpatialDropout1D/2D/3D: dropout of whole feature maps (channels)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.core.dropout import Dropout
from gradflow.keras.layers.input_spec import InputSpec


class BaseSpatialDropout(Dropout):
    """Dropout with one keep/drop draw per (sample, channel), shared over the other
    axes: `_noise_shape(inputs)` says which.

    Args:
        rate: float in [0, 1], the fraction of the channels to drop.
        seed: an int seeding the layer's random stream.
        name: the layer's name.
        dtype: the layer's dtype policy.
    """

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def _noise_shape(self, inputs) -> tuple:
        raise TypeError(f"{type(self).__name__} does not define `_noise_shape`.")

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            return gf.nn.dropout(
                inputs, self.rate, noise_shape=self._noise_shape(inputs), seed=self.seed_generator
            )
        return inputs

    def get_config(self) -> dict:
        # Keras's spatial dropouts store exactly these keys (no `trainable`).
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        config.pop("trainable", None)
        config.pop("noise_shape", None)
        if isinstance(config.get("dtype"), dict):
            from gradflow.keras.saving import serialization_lib

            config["dtype"] = serialization_lib.deserialize_keras_object(config["dtype"])
        return cls(**config)


class SpatialDropout1D(BaseSpatialDropout):
    """Spatial 1D version of Dropout: drops entire 1D feature maps instead of single
    elements, which helps when adjacent frames are strongly correlated.

    Args:
        rate: float in [0, 1], the fraction of the channels to drop.
        seed: an int seeding the layer's random stream.

    Input shape:
        3D tensor `(samples, timesteps, channels)`.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> SpatialDropout1D(0.5, seed=0)(np.ones((2, 3, 4), "float32")).shape
    (2, 3, 4)
    """

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=3)

    def _noise_shape(self, inputs) -> tuple:
        return (inputs.shape[0], 1, inputs.shape[2])


class SpatialDropout2D(BaseSpatialDropout):
    """Spatial 2D version of Dropout: drops entire 2D feature maps (channels).

    Args:
        rate: float in [0, 1], the fraction of the channels to drop.
        data_format: "channels_last" (the default) or "channels_first".
        seed: an int seeding the layer's random stream.

    Input shape:
        4D tensor `(samples, rows, cols, channels)` (channels_last) or
        `(samples, channels, rows, cols)` (channels_first).

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> SpatialDropout2D(0.5, seed=0)(np.ones((2, 3, 3, 4), "float32")).shape
    (2, 3, 3, 4)
    """

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def _noise_shape(self, inputs) -> tuple:
        shape = inputs.shape
        if self.data_format == "channels_first":
            return (shape[0], shape[1], 1, 1)
        return (shape[0], 1, 1, shape[3])

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


class SpatialDropout3D(BaseSpatialDropout):
    """Spatial 3D version of Dropout: drops entire 3D feature maps (channels).

    Args:
        rate: float in [0, 1], the fraction of the channels to drop.
        data_format: "channels_last" (the default) or "channels_first".
        seed: an int seeding the layer's random stream.

    Input shape:
        5D tensor `(samples, dim1, dim2, dim3, channels)` (channels_last) or
        `(samples, channels, dim1, dim2, dim3)` (channels_first).

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> SpatialDropout3D(0.5, seed=0)(np.ones((2, 2, 2, 2, 4), "float32")).shape
    (2, 2, 2, 2, 4)
    """

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = backend.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def _noise_shape(self, inputs) -> tuple:
        shape = inputs.shape
        if self.data_format == "channels_first":
            return (shape[0], shape[1], 1, 1, 1)
        return (shape[0], 1, 1, 1, shape[4])

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}
