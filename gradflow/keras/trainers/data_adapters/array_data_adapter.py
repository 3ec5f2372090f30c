"""NumPy arrays (and nested lists/dicts of them) as batches, shuffled per epoch."""

from __future__ import annotations

import math

import numpy as np

import gradflow as gf
from gradflow.core import tree
from gradflow.keras import backend
from gradflow.keras.trainers.data_adapters.data_adapter import DataAdapter


def to_numpy(x):
    """A leaf as a NumPy array; floats become floatx(), as Keras's array adapter does."""
    if isinstance(x, (gf.Tensor, gf.Variable)):
        x = np.asarray(x.numpy())
    elif not isinstance(x, np.ndarray):
        x = np.asarray(x)
    if x.dtype.kind == "f" and x.dtype.name != backend.floatx():
        x = x.astype(backend.floatx())
    return x


def is_array_data(x) -> bool:
    leaves = tree.flatten(x)
    return bool(leaves) and all(
        v is None or isinstance(v, (np.ndarray, gf.Tensor, gf.Variable, list, int, float))
        for v in leaves
    )


class ArrayDataAdapter(DataAdapter):
    """Batches of `batch_size` rows from arrays.

    Args:
        x, y, sample_weight: nested structures of arrays with the same first dimension.
        batch_size: rows per batch (the last batch may be smaller).
        steps: batches per epoch (repeating the data when more than one pass).
        shuffle: True (rows), False, or "batch" (shuffle the order of batches).
        class_weight: {class: weight}, turned into sample weights from `y`.
    """

    def __init__(
        self,
        x,
        y=None,
        sample_weight=None,
        batch_size=None,
        steps=None,
        shuffle=False,
        class_weight=None,
    ):
        x = tree.map_structure(to_numpy, x)
        y = None if y is None else tree.map_structure(to_numpy, y)
        if sample_weight is not None:
            sample_weight = tree.map_structure(
                lambda w: np.asarray(w, dtype=backend.floatx()), sample_weight
            )
        if class_weight is not None:
            if y is None:
                raise ValueError("`class_weight` needs targets `y`.")
            if len(tree.flatten(y)) > 1:
                raise ValueError(
                    "`class_weight` is only supported for Models with a single output."
                )
            class_sw = class_weight_to_sample_weights(tree.flatten(y)[0], class_weight)
            sample_weight = class_sw if sample_weight is None else sample_weight * class_sw
        self._data = (x, y, sample_weight)
        lengths = {int(v.shape[0]) for v in tree.flatten(self._data) if v is not None}
        if len(lengths) > 1:
            raise ValueError(
                "Data cardinality is ambiguous. Make sure all arrays contain the same number "
                f"of samples. Received sizes: {sorted(lengths)}"
            )
        self._size = lengths.pop() if lengths else 0
        self._batch_size = int(batch_size or 32)
        self._steps = steps
        self._shuffle = shuffle

    @property
    def num_batches(self) -> int:
        if self._steps is not None:
            return int(self._steps)
        return max(1, math.ceil(self._size / self._batch_size)) if self._size else 0

    @property
    def batch_size(self) -> int:
        return self._batch_size

    @property
    def has_partial_batch(self) -> bool:
        return self._size % self._batch_size != 0

    @property
    def size(self) -> int:
        return self._size

    def get_numpy_iterator(self):
        order = np.arange(self._size)
        if self._shuffle is True:
            np.random.shuffle(order)
        starts = list(range(0, self._size, self._batch_size))
        if self._shuffle == "batch":
            np.random.shuffle(starts)
        produced = 0
        while True:
            for start in starts:
                if self._steps is not None and produced >= self._steps:
                    return
                index = order[start : start + self._batch_size]
                contiguous = self._shuffle is False or self._shuffle == "batch"
                yield strip_trailing_none(
                    tree.map_structure(
                        lambda v: (
                            None
                            if v is None
                            else (v[start : start + self._batch_size] if contiguous else v[index])
                        ),
                        self._data,
                    )
                )
                produced += 1
            if self._steps is None or produced >= self._steps or not starts:
                return


def strip_trailing_none(batch: tuple) -> tuple:
    """(x, y, None) -> (x, y); (x, None, None) -> (x,)."""
    batch = tuple(batch)
    while len(batch) > 1 and batch[-1] is None:
        batch = batch[:-1]
    return batch


def class_weight_to_sample_weights(y: np.ndarray, class_weight: dict) -> np.ndarray:
    """One weight per sample: `class_weight[label]` (labels as ints or one-hot rows)."""
    labels = (
        np.argmax(y, axis=-1)
        if y.ndim > 1 and y.shape[-1] > 1
        else np.reshape(y, (y.shape[0],)).astype(int)
    )
    weights = np.ones(labels.shape[0], dtype=backend.floatx())
    for label, weight in class_weight.items():
        weights[labels == int(label)] = weight
    return weights


def train_validation_split(arrays, validation_split: float):
    """Split off the last `validation_split` fraction of rows (before any shuffling), as
    Keras does: the split index is floor(n * (1 - validation_split))."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(
            "`validation_split` must be between 0 and 1. "
            f"Received: validation_split={validation_split}"
        )
    flat = [a for a in tree.flatten(arrays) if a is not None]
    size = int(np.shape(flat[0])[0])
    split_at = int(math.floor(size * (1.0 - validation_split)))
    if split_at == 0 or split_at == size:
        raise ValueError(
            f"Training data contains {size} samples, which is not sufficient to split it "
            f"into a validation and training set as specified by `validation_split="
            f"{validation_split}`. Either provide more data, or a different value for the "
            "`validation_split` argument."
        )

    def part(start, stop):
        return tree.map_structure(lambda a: None if a is None else to_numpy(a)[start:stop], arrays)

    return part(0, split_at), part(split_at, size)
