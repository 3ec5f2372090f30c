"""GaussianDropout: multiplies by 1-centred Gaussian noise while training."""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras.layers.core.dropout import check_rate
from gradflow.keras.layers.layer import Layer
from gradflow.keras.random import SeedGenerator


class GaussianDropout(Layer):
    """Apply multiplicative 1-centered Gaussian noise.

    Active only at training time; the noise has standard deviation
    `sqrt(rate / (1 - rate))`.

    Args:
        rate: float in [0, 1], the drop probability (as with `Dropout`).
        seed: an int seeding the layer's random stream.

    Call arguments:
        inputs: input tensor (of any rank).
        training: whether to add noise (training) or return the input (inference).

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> GaussianDropout(0.2, seed=0)(np.ones((1, 3), "float32"), training=True).shape
    (1, 3)
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_rate(rate)
        self.rate = rate
        self.seed = seed
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = gf.random.normal(
                tuple(inputs.shape),
                mean=1.0,
                stddev=stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return inputs * noise
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
