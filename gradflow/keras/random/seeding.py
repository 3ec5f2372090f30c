"""keras.utils.set_random_seed: one seed for Python, NumPy and gradflow."""

from __future__ import annotations

import random

import numpy as np

import gradflow as gf


def set_random_seed(seed) -> None:
    """Seed Python's `random`, NumPy's global generator and gradflow's global stream
    (what keras.random functions use with seed=None), so a program repeats exactly.

    Args:
        seed: a non-negative int.

    Example:
    >>> from gradflow import keras
    >>> from gradflow.keras.random.seeding import set_random_seed
    >>> set_random_seed(1); a = keras.random.uniform((2,))
    >>> set_random_seed(1); bool((a == keras.random.uniform((2,))).numpy().all())
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(
            "Expected `seed` argument to be a non-negative integer. "
            f"Received: seed={seed} (of type {type(seed)})"
        )
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    gf.random.set_seed(seed % 2**32)
