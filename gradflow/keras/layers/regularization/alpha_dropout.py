"""AlphaDropout: dropout that keeps SELU's self-normalizing mean and variance."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.core.dropout import check_rate
from gradflow.keras.layers.layer import Layer
from gradflow.keras.random import SeedGenerator

# SELU's constants: the saturation value of selu is -_ALPHA * _SCALE
_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Applies Alpha Dropout to the input.

    Dropped units are set to SELU's saturation value, then an affine transform keeps
    the inputs' mean and variance, so the self-normalizing property holds. Active
    only at training time.

    Args:
        rate: float in [0, 1], the drop probability (as with `Dropout`); the
            multiplicative noise has standard deviation `sqrt(rate / (1 - rate))`.
        noise_shape: the shape of the binary dropout mask (None entries take the
            input's size).
        seed: an int seeding the layer's random stream.

    Call arguments:
        inputs: input tensor (of any rank).
        training: whether to apply dropout (training) or return the input.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> AlphaDropout(0.2, seed=0)(np.ones((1, 3), "float32"), training=True).shape
    (1, 3)
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_rate(rate)
        self.rate = rate
        self.seed = seed
        self.noise_shape = noise_shape
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def _concrete_noise_shape(self, inputs) -> tuple:
        if self.noise_shape is None:
            return tuple(inputs.shape)
        return tuple(s if d is None else d for d, s in zip(self.noise_shape, inputs.shape))

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            alpha_p = -_ALPHA * _SCALE
            u = gf.random.uniform(
                self._concrete_noise_shape(inputs), dtype=inputs.dtype, seed=self.seed_generator
            )
            kept = gf.numpy.astype(u >= self.rate, inputs.dtype)
            a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
            b = -a * alpha_p * self.rate
            x = inputs * kept + alpha_p * (1 - kept)
            return a * x + b
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
