"""Python generators (and iterators) yielding `(x, y[, sample_weight])` batches."""

from __future__ import annotations

from gradflow.core import tree
from gradflow.keras.trainers.data_adapters.array_data_adapter import to_numpy
from gradflow.keras.trainers.data_adapters.data_adapter import DataAdapter


class GeneratorDataAdapter(DataAdapter):
    """Batches pulled from one generator, across epochs (it is not restarted).

    Args:
        generator: yields `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.
        steps: batches per epoch; None runs until the generator is exhausted.
    """

    def __init__(self, generator, steps=None):
        self._generator = iter(generator)
        self._steps = steps

    @property
    def num_batches(self) -> int | None:
        return self._steps

    def get_numpy_iterator(self):
        produced = 0
        while self._steps is None or produced < self._steps:
            try:
                batch = next(self._generator)
            except StopIteration:
                return
            yield standardize_batch(batch)
            produced += 1


def standardize_batch(batch) -> tuple:
    """A batch as a tuple of 1–3 nested structures of NumPy arrays."""
    if not isinstance(batch, tuple):
        batch = (batch,)
    if len(batch) > 3:
        raise ValueError(
            "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, "
            f"sample_weight)`, found a tuple of {len(batch)} elements."
        )
    return tuple(None if b is None else tree.map_structure(to_numpy, b) for b in batch)
