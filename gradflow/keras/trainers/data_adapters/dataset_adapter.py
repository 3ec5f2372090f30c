"""gf.data.Dataset inputs: the pipeline is iterated as NumPy, and prefetches on its own
thread when the user asked for `.prefetch`."""

from __future__ import annotations

from gradflow.keras.trainers.data_adapters.data_adapter import DataAdapter
from gradflow.keras.trainers.data_adapters.generator_data_adapter import standardize_batch


class DatasetAdapter(DataAdapter):
    """Batches from a `gf.data.Dataset` whose elements are `x`, `(x, y)` or
    `(x, y, sample_weight)`.

    Args:
        dataset: the (batched) Dataset; it is re-iterated each epoch.
        steps: batches per epoch; the dataset's cardinality (or until it ends).
    """

    def __init__(self, dataset, steps=None):
        self._dataset = dataset
        self._steps = steps

    @property
    def num_batches(self) -> int | None:
        if self._steps is not None:
            return self._steps
        cardinality = int(self._dataset.cardinality())
        return cardinality if cardinality >= 0 else None

    def get_numpy_iterator(self):
        for produced, batch in enumerate(self._dataset.as_numpy_iterator()):
            if self._steps is not None and produced >= self._steps:
                return
            yield standardize_batch(batch)
