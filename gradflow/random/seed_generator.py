"""Seeds and keys: where the random functions get their keys.

Every random op is a pure function of a uint32[2] key. A key comes from the `seed`
argument of the public functions:

- an int gives the fixed key [seed, 0], so the same call gives the same numbers;
- a SeedGenerator gives its next key (its state, a gf.Variable, then advances), so
  graph mode can thread the state through a compiled function;
- None gives the next key of the global generator, which `set_seed` reseeds (unseeded,
  it starts from OS entropy, so runs differ);
- a uint32[2] tensor is used as the key itself, as in JAX.
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.convert import as_tensor
from gradflow.core.spec import format_spec
from gradflow.core.tensor import Tensor
from gradflow.core.variable import Variable
from gradflow.errors import ArgumentError, DTypeError, ShapeError

__all__ = ["SeedGenerator", "set_seed"]

_SEED_LIMIT = 2**32
_INCREMENT = np.array([0, 1], dtype=np.uint32)  # a draw advances the counter word


def _check_seed(seed, op: str) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ArgumentError(
            f"{op}: seed must be an int, a gf.random.SeedGenerator, a uint32[2] key tensor "
            f"or None, got {type(seed).__name__} {seed!r}"
        )
    seed = int(seed)
    if not 0 <= seed < _SEED_LIMIT:
        raise ArgumentError(f"{op}: an int seed must be in [0, 2**32), got {seed}")
    return seed


def _entropy_seed() -> int:
    return int(np.random.SeedSequence().entropy % _SEED_LIMIT)


class SeedGenerator:
    """A stream of keys with its state in a gf.Variable, like keras.random.SeedGenerator.

    Pass it as the `seed` of the random functions: each draw takes the next key, so
    repeated calls give different numbers, and a generator made with the same seed
    gives the same sequence again.

    Args:
        seed: an int in [0, 2**32); None draws one from OS entropy.
        name: a name for the state variable.

    Example:
    >>> import gradflow as gf
    >>> a = gf.random.SeedGenerator(7)
    >>> b = gf.random.SeedGenerator(7)
    >>> x = gf.random.uniform((3,), seed=a)
    >>> bool((x == gf.random.uniform((3,), seed=b)).numpy().all())
    True
    >>> bool((x == gf.random.uniform((3,), seed=a)).numpy().any())
    False
    """

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs):
        if kwargs:
            raise ArgumentError(f"SeedGenerator: unexpected arguments {sorted(kwargs)}")
        seed = _entropy_seed() if seed is None else _check_seed(seed, "SeedGenerator")
        self._initial_seed = seed
        self.name = name or "seed_generator"
        self.state = Variable(
            np.array([seed, 0], dtype=np.uint32),
            trainable=False,
            name=f"{self.name}_state",
        )

    def next(self, ordered: bool = True) -> Tensor:
        """The next key (a uint32[2] tensor); the state advances by one draw."""
        key = self.state.value()
        self.state.assign_add(_INCREMENT)
        return key

    def get_config(self) -> dict:
        return {"seed": self._initial_seed}

    @classmethod
    def from_config(cls, config: dict) -> "SeedGenerator":
        return cls(**config)

    def __repr__(self) -> str:
        return f"<gf.random.SeedGenerator seed={self._initial_seed}>"


_global: SeedGenerator | None = None


def global_generator() -> SeedGenerator:
    """The generator behind `seed=None` (made from OS entropy unless `set_seed` ran)."""
    global _global
    if _global is None:
        _global = SeedGenerator(name="global_seed_generator")
    return _global


def set_seed(seed: int) -> None:
    """Reseed the global stream, so the following unseeded random calls repeat exactly.

    Args:
        seed: an int in [0, 2**32).

    Example:
    >>> import gradflow as gf
    >>> gf.random.set_seed(42)
    >>> a = gf.random.normal((2,))
    >>> gf.random.set_seed(42)
    >>> bool((a == gf.random.normal((2,))).numpy().all())
    True
    """
    seed = _check_seed(seed, "set_seed")
    generator = global_generator()
    # reseed the existing state variable: gf.functions traced earlier hold it as state
    generator.state.assign(np.array([seed, 0], dtype=np.uint32))
    generator._initial_seed = seed


def draw_key(seed, op: str) -> Tensor:
    """The uint32[2] key a random op uses for `seed` (see the module docstring)."""
    if seed is None:
        return global_generator().next(ordered=False)
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, (Tensor, np.ndarray)) or hasattr(seed, "_read"):
        key = as_tensor(seed)
        if key.shape != (2,) or not (dtypes.is_integer(key.dtype)):
            raise (ShapeError if key.shape != (2,) else DTypeError)(
                f"{op}: a key tensor must be an integer tensor of shape (2,) (uint32[2]), "
                f"got {format_spec(key.spec)}"
            )
        if key.dtype != dtypes.uint32:
            key = as_tensor(key, dtype=dtypes.uint32)
        return key
    return as_tensor(np.array([_check_seed(seed, op), 0], dtype=np.uint32))
