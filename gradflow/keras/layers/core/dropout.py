"""Dropout: zeroes a random fraction of the inputs while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.random import SeedGenerator


def check_rate(rate, name: str = "rate") -> None:
    """Keras's check that a drop rate (or a noise stddev) lies in [0, 1]."""
    if not 0 <= rate <= 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`. Expected a float value "
            f"between 0 and 1. Received: {name}={rate}"
        )


def _validate_noise_shape(noise_shape):
    if noise_shape is None:
        return None
    prefix = "Invalid value received for argument `noise_shape`."
    if isinstance(noise_shape, str):
        raise ValueError(
            f"{prefix} Expected a tuple or list of integers. Received: noise_shape={noise_shape}"
        )
    try:
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise ValueError(
            f"{prefix} Expected an iterable of integers (e.g., a tuple or list). "
            f"Received: noise_shape={noise_shape}"
        ) from None
    for i, dim in enumerate(noise_shape):
        if dim is None:
            continue
        if not isinstance(dim, int) or isinstance(dim, bool):
            raise ValueError(
                f"{prefix} Expected all elements to be integers or None. Received element "
                f"at index {i}: {dim} (type: {type(dim).__name__})"
            )
        if dim <= 0:
            raise ValueError(
                f"{prefix} Expected all dimensions to be positive integers or None. "
                f"Received negative or zero value at index {i}: {dim}"
            )
    return noise_shape


class Dropout(Layer):
    """Applies dropout to the input.

    While training, each input unit is set to 0 with probability `rate`, and the
    others are scaled by `1 / (1 - rate)` so that the expected sum is unchanged. In
    inference (`training` not True) the layer returns its input.

    Args:
        rate: float in [0, 1], the fraction of the input units to drop.
        noise_shape: the shape of the binary dropout mask multiplied with the input
            (None entries take the input's size), e.g. `(batch_size, 1, features)`
            to drop the same features at every timestep.
        seed: an int seeding the layer's random stream.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> layer = Dropout(0.5, seed=1)
    >>> x = np.ones((2, 4), "float32")
    >>> layer(x).tolist() == x.tolist()
    True
    >>> set(np.asarray(layer(x, training=True)).ravel().tolist()) <= {0.0, 2.0}
    True
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_rate(rate)
        self.rate = rate
        self.seed = seed
        self.noise_shape = _validate_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            return gf.nn.dropout(
                inputs, self.rate, noise_shape=self.noise_shape, seed=self.seed_generator
            )
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "rate": self.rate,
            "seed": self.seed,
            "noise_shape": self.noise_shape,
        }
