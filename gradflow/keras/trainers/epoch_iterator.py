"""EpochIterator: one epoch of batches at a time, grouped by `steps_per_execution`."""

from __future__ import annotations

import warnings

from gradflow.keras.trainers.data_adapters import get_data_adapter


class EpochIterator:
    """Iterates epochs of any supported data.

    Args:
        x, y, sample_weight: the data (see `Model.fit`).
        batch_size: samples per batch for arrays.
        steps_per_epoch: batches per epoch, or None for all of the data.
        shuffle: shuffle arrays each epoch.
        class_weight: {class: weight}.
        steps_per_execution: how many batches each step-function call group holds.
    """

    def __init__(
        self,
        x,
        y=None,
        sample_weight=None,
        batch_size=None,
        steps_per_epoch=None,
        shuffle=False,
        class_weight=None,
        steps_per_execution=1,
    ):
        self.adapter = get_data_adapter(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
        self.steps_per_execution = steps_per_execution
        self._steps = steps_per_epoch
        self._warned_empty = False

    @property
    def num_batches(self) -> int | None:
        return self.adapter.num_batches

    def enumerate_epoch(self):
        """Yield (step index, [batch, ...]) with up to `steps_per_execution` batches."""
        self.adapter.on_epoch_begin()
        group: list = []
        start = 0
        produced = 0
        for batch in self.adapter.get_numpy_iterator():
            group.append(batch)
            produced += 1
            if len(group) == self.steps_per_execution:
                yield start, group
                start += len(group)
                group = []
        if group:
            yield start, group
        if produced == 0 and not self._warned_empty:
            self._warned_empty = True
            warnings.warn(
                "Your input ran out of data; interrupting training. Make sure that your "
                "dataset or generator can generate at least `steps_per_epoch * epochs` "
                "batches.",
                stacklevel=3,
            )
        self.adapter.on_epoch_end()
