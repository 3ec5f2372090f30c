"""keras.utils.PyDataset: a dataset users write as `__getitem__` + `__len__`."""

from __future__ import annotations


class PyDataset:
    """Base class for datasets that return whole batches by index.

    Subclasses implement `__getitem__(index)` (a batch: `x`, `(x, y)` or
    `(x, y, sample_weight)`) and `__len__` (batches per epoch), and may override
    `on_epoch_end`. Call `super().__init__(**kwargs)` to accept the loading options.

    Args:
        workers: how many threads (or processes) load batches in parallel.
        use_multiprocessing: load in processes instead of threads.
        max_queue_size: how many batches are loaded ahead.

    Example:
    >>> import numpy as np
    >>> class Squares(PyDataset):
    ...     def __len__(self):
    ...         return 2
    ...     def __getitem__(self, i):
    ...         x = np.arange(4.0)[2 * i:2 * i + 2]
    ...         return x, x ** 2
    >>> Squares()[1][1].tolist()
    [4.0, 9.0]
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    @property
    def workers(self) -> int:
        return getattr(self, "_workers", 1)

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        return getattr(self, "_use_multiprocessing", False)

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        return getattr(self, "_max_queue_size", 10)

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = value

    def __getitem__(self, index):
        raise TypeError(f"{type(self).__name__} must implement __getitem__(index)")

    @property
    def num_batches(self) -> int | None:
        """`len(self)` when defined, else None (an infinite dataset)."""
        if hasattr(self, "__len__"):
            return len(self)
        return None

    def on_epoch_begin(self) -> None:
        """Called at the start of every epoch."""

    def on_epoch_end(self) -> None:
        """Called at the end of every epoch."""
