"""keras.utils.PyDataset inputs: batches by index, optionally on worker threads or
processes, prefetched up to `max_queue_size` ahead."""

from __future__ import annotations

import concurrent.futures
import multiprocessing

from gradflow.keras.trainers.data_adapters.data_adapter import DataAdapter
from gradflow.keras.trainers.data_adapters.generator_data_adapter import standardize_batch

_ACTIVE_DATASET = None


def _get_item_in_worker(index):
    return _ACTIVE_DATASET[index]


def _install_dataset(dataset):
    global _ACTIVE_DATASET
    _ACTIVE_DATASET = dataset


class PyDatasetAdapter(DataAdapter):
    """Batches from a `keras.utils.PyDataset`.

    Args:
        dataset: the PyDataset (its `workers`, `use_multiprocessing` and
            `max_queue_size` decide how batches are loaded).
        shuffle: visit the batch indices in a random order each epoch.
        steps: batches per epoch; `len(dataset)` by default.
    """

    def __init__(self, dataset, shuffle=False, steps=None):
        self._dataset = dataset
        self._shuffle = shuffle
        self._steps = steps

    @property
    def num_batches(self) -> int | None:
        if self._steps is not None:
            return self._steps
        return self._dataset.num_batches

    def _indices(self):
        import numpy as np

        count = self._dataset.num_batches
        if count is None:
            index = 0
            while True:
                yield index
                index += 1
        order = np.arange(count)
        if self._shuffle:
            np.random.shuffle(order)
        yield from (int(i) for i in order)

    def get_numpy_iterator(self):
        dataset = self._dataset
        limit = self.num_batches
        workers = max(1, int(getattr(dataset, "workers", 1) or 1))
        if workers == 1:
            for produced, index in enumerate(self._indices()):
                if limit is not None and produced >= limit:
                    return
                try:
                    batch = dataset[index]
                except IndexError:
                    return
                yield standardize_batch(batch)
            return
        yield from self._parallel(workers, limit)

    def _parallel(self, workers: int, limit):
        dataset = self._dataset
        queue_size = max(1, int(getattr(dataset, "max_queue_size", 10) or 10))
        if getattr(dataset, "use_multiprocessing", False):
            context = multiprocessing.get_context("fork")
            executor = concurrent.futures.ProcessPoolExecutor(
                workers, mp_context=context, initializer=_install_dataset, initargs=(dataset,)
            )
            fetch = _get_item_in_worker
        else:
            executor = concurrent.futures.ThreadPoolExecutor(workers)
            fetch = dataset.__getitem__
        pending = []
        indices = self._indices()
        produced = 0
        try:
            for index in indices:
                if limit is not None and len(pending) + produced >= limit:
                    break
                pending.append(executor.submit(fetch, index))
                if len(pending) >= queue_size:
                    yield standardize_batch(pending.pop(0).result())
                    produced += 1
            while pending:
                yield standardize_batch(pending.pop(0).result())
                produced += 1
        finally:
            for future in pending:
                future.cancel()
            executor.shutdown(wait=False, cancel_futures=True)

    def on_epoch_end(self) -> None:
        self._dataset.on_epoch_end()
