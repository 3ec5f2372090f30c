"""keras.random: random sampling with Keras 3's seed semantics.

Example:
>>> from gradflow import keras
>>> keras.random.uniform((2,), seed=1).shape
(2,)
"""

from gradflow.keras.random.random import (
    beta,
    binomial,
    categorical,
    dropout,
    gamma,
    normal,
    randint,
    shuffle,
    truncated_normal,
    uniform,
)
from gradflow.keras.random.seed_generator import SeedGenerator

__all__ = [
    "SeedGenerator", "beta", "binomial", "categorical", "dropout", "gamma", "normal",
    "randint", "shuffle", "truncated_normal", "uniform",
]  # fmt: skip
