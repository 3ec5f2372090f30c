"""gf.random: random numbers as pure functions of explicit keys (Keras 3 `keras.random`).

A seed reproduces a run exactly on one backend: `gf.random.set_seed(seed)` reseeds the
global stream, a `seed=` int fixes one call's numbers, and a `SeedGenerator` gives a
reproducible stream of its own.

Example:
>>> import gradflow as gf
>>> gf.random.set_seed(0)
>>> gf.random.uniform((2, 2)).shape
(2, 2)
"""

from gradflow.random.sampling import (
    bernoulli,
    categorical,
    normal,
    randint,
    shuffle,
    truncated_normal,
    uniform,
)
from gradflow.random.seed_generator import SeedGenerator, set_seed

__all__ = [
    "SeedGenerator", "set_seed",
    "normal", "uniform", "truncated_normal", "randint", "bernoulli", "categorical", "shuffle",
]  # fmt: skip
