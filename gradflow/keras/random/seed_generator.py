"""keras.random.SeedGenerator: a stream of random keys held in a variable."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.utils import naming


class SeedGenerator(gf.random.SeedGenerator):
    """A random-key stream, for the `seed` argument of the keras.random functions: each
    draw advances it, so repeated calls differ, and two generators made with the same
    seed give the same sequence.

    Args:
        seed: an int; None draws one from OS entropy.
        name: a name (made unique from 'seed_generator' when None).

    Example:
    >>> from gradflow import keras
    >>> a, b = keras.random.SeedGenerator(3), keras.random.SeedGenerator(3)
    >>> bool((keras.random.normal((2,), seed=a) == keras.random.normal((2,), seed=b)).numpy().all())
    True
    """

    def __init__(self, seed=None, name=None, **kwargs):
        kwargs.pop("backend", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed}")
        super().__init__(seed, name=name or naming.auto_name("SeedGenerator"))

    def get_config(self) -> dict:
        return {"seed": self._initial_seed}

    def __repr__(self) -> str:
        return f"<SeedGenerator name={self.name}, seed={self._initial_seed}>"
