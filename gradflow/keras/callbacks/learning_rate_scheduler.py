"""LearningRateScheduler: set the optimizer's learning rate at each epoch's start."""

from __future__ import annotations

import numpy as np

from gradflow.keras import backend
from gradflow.keras.callbacks.callback import Callback


def current_learning_rate(optimizer) -> float:
    """The optimizer's learning rate as a Python float."""
    return float(backend.convert_to_numpy(optimizer.learning_rate))


def log_learning_rates(model, logs: dict) -> None:
    """Add `learning_rate` (or one `learning_rate_<name>` per inner optimizer) to `logs`,
    as Keras's learning-rate callbacks do at each epoch's end."""
    optimizer = model.optimizer
    if hasattr(optimizer, "optimizers"):
        for inner in optimizer.optimizers:
            logs[f"learning_rate_{inner.name}"] = current_learning_rate(inner)
    else:
        logs["learning_rate"] = current_learning_rate(optimizer)


class LearningRateScheduler(Callback):
    """Sets the learning rate to `schedule(epoch, lr)` at the start of every epoch.

    Args:
        schedule: a function of the epoch index (from 0) and the current learning rate
            (a float) returning the new learning rate (a float). A function of the
            epoch alone is accepted too.
        verbose: 0 quiet, 1 print a message at each update.

    Example:
    >>> cb = LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    >>> cb.schedule(0, 0.1)
    0.05
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def _update_optimizer_lr(self, optimizer, epoch):
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        try:
            learning_rate = self.schedule(epoch, current_learning_rate(optimizer))
        except TypeError:  # the old API: schedule(epoch)
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.float32, np.float64)):
            raise ValueError(
                f"The output of the `schedule` function should be a float. Got: {learning_rate}"
            )
        optimizer.learning_rate = float(learning_rate)
        return learning_rate

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        for inner in getattr(optimizer, "optimizers", [optimizer]):
            learning_rate = self._update_optimizer_lr(inner, epoch)
            if self.verbose > 0:
                which = f"{inner.name} " if inner is not optimizer else ""
                print(
                    f"\nEpoch {epoch + 1}: LearningRateScheduler setting {which}learning rate "
                    f"to {learning_rate}.",
                    flush=True,
                )

    def on_epoch_end(self, epoch, logs=None):
        if logs:  # Keras adds to the shared logs only when they are not empty
            log_learning_rates(self.model, logs)
