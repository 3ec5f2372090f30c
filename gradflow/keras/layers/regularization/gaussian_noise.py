"""GaussianNoise: adds zero-centred Gaussian noise while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.core.dropout import check_rate
from gradflow.keras.layers.layer import Layer
from gradflow.keras.random import SeedGenerator


class GaussianNoise(Layer):
    """Apply additive zero-centered Gaussian noise.

    A regularization layer, active only at training time: it helps against
    overfitting and is a natural choice of corruption for real-valued inputs.

    Args:
        stddev: float in [0, 1], the standard deviation of the noise.
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
    >>> GaussianNoise(0.1, seed=0)(np.ones((2, 2), "float32")).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_rate(stddev, "stddev")
        self.stddev = stddev
        self.seed = seed
        if stddev > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            noise = gf.random.normal(
                tuple(inputs.shape),
                mean=0.0,
                stddev=self.stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return inputs + noise
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
