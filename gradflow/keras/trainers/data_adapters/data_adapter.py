"""The interface every data adapter implements."""

from __future__ import annotations


class DataAdapter:
    """Turns one kind of user data into an iterator of batches.

    Batches are tuples `(x,)`, `(x, y)` or `(x, y, sample_weight)` of nested NumPy arrays
    (or gf tensors).
    """

    def get_numpy_iterator(self):
        """A fresh iterator over one epoch of batches."""
        raise TypeError(f"{type(self).__name__} must implement get_numpy_iterator()")

    @property
    def num_batches(self) -> int | None:
        """Batches per epoch, or None when unknown (generators)."""
        return None

    @property
    def batch_size(self) -> int | None:
        return None

    @property
    def has_partial_batch(self) -> bool | None:
        return None

    def on_epoch_begin(self) -> None:
        """Called before each epoch."""

    def on_epoch_end(self) -> None:
        """Called after each epoch."""
