"""`Dataset.shuffle`: tf.data's buffered shuffle, reproducible under a seed."""

from __future__ import annotations

import itertools

import numpy as np

from gradflow.data.dataset import Dataset
from gradflow.errors import ArgumentError

_DRAWS = 1024  # uniform numbers drawn per call to the generator, to keep the loop cheap


def _base_seed(seed) -> int:
    if seed is None:
        # From gradflow's global stream, so gf.random.set_seed makes pipelines repeatable.
        from gradflow.random.seed_generator import draw_key

        key = np.asarray(draw_key(None, "Dataset.shuffle").numpy(), dtype=np.uint64)
        return int(key[0]) << 32 | int(key[1])
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ArgumentError(f"Dataset.shuffle: `seed` must be a non-negative int, got {seed!r}")
    return int(seed)


class Shuffle(Dataset):
    """Fill a buffer of `buffer_size` elements; emit a uniformly chosen one and put the
    next input element in its place; at the end, drain the buffer in random order."""

    _stage = "Dataset.shuffle"

    def __init__(self, upstream: Dataset, buffer_size, seed, reshuffle_each_iteration):
        if isinstance(buffer_size, bool) or not isinstance(buffer_size, (int, np.integer)):
            raise ArgumentError(
                f"Dataset.shuffle: `buffer_size` must be an int, got {buffer_size!r}"
            )
        if buffer_size < 1 and buffer_size != -1:
            raise ArgumentError(
                f"Dataset.shuffle: `buffer_size` must be at least 1, got {buffer_size}"
            )
        self._upstream = upstream
        self._buffer_size = int(buffer_size)
        self._seed = _base_seed(seed)
        self._reshuffle = bool(reshuffle_each_iteration)
        self._epochs = itertools.count()

    def _buffer_limit(self) -> int:
        if self._buffer_size == -1:  # AUTOTUNE: the whole dataset when its size is known
            n = self._upstream.cardinality()
            return n if n > 0 else 10_000
        return self._buffer_size

    def _iterate(self):
        epoch = next(self._epochs) if self._reshuffle else 0
        rng = np.random.default_rng([self._seed, epoch])
        limit = self._buffer_limit()
        buffer = []
        draws, used = rng.random(_DRAWS), 0
        for element in self._upstream._iterate():
            if len(buffer) < limit:
                buffer.append(element)
                continue
            if used == _DRAWS:
                draws, used = rng.random(_DRAWS), 0
            i = int(draws[used] * limit)
            used += 1
            yield buffer[i]
            buffer[i] = element
        order = rng.permutation(len(buffer))
        for i in order:
            yield buffer[i]

    def _cardinality(self) -> int:
        return self._upstream.cardinality()

    def _element_spec(self):
        return self._upstream.element_spec
