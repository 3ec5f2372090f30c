"""ReduceLROnPlateau: divide the learning rate when a monitored quantity plateaus."""

from __future__ import annotations

import warnings

import numpy as np

from gradflow.keras.callbacks.learning_rate_scheduler import (
    current_learning_rate,
    log_learning_rates,
)
from gradflow.keras.callbacks.monitor_callback import MonitorCallback


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` after `patience` epochs without
    improvement of `monitor`; adds `learning_rate` to each epoch's logs.

    Args:
        monitor: the quantity to watch. Defaults to "val_loss".
        factor: the multiplier, below 1: `new_lr = lr * factor`.
        patience: epochs without improvement before reducing.
        verbose: 0 quiet, 1 print a message at each reduction.
        mode: "auto", "min" or "max" (see MonitorCallback).
        min_delta: the smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: the learning rate never goes below this.

    Example:
    >>> ReduceLROnPlateau(factor=1.5)
    Traceback (most recent call last):
    ...
    ValueError: ReduceLROnPlateau does not support a factor >= 1.0. Received factor=1.5
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
        **kwargs,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}"
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self) -> None:
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def _reduce_optimizer_lr(self, optimizer, epoch, name="") -> bool:
        old_lr = current_learning_rate(optimizer)
        # compared in float32, as Keras does: a float32 lr equal to min_lr stops it
        if old_lr <= np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = float(new_lr)
        if self.verbose > 0:
            which = f" {name}" if name else ""
            print(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing{which} learning rate to "
                f"{new_lr}.",
                flush=True,
            )
        return True

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs or {}
        log_learning_rates(self.model, logs)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Learning rate reduction is conditioned on metric `{self.monitor}` which is "
                f"not available. Available metrics are: {','.join(list(logs.keys()))}.",
                stacklevel=2,
            )
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience and self._reduce_all(epoch):
                self.cooldown_counter = self.cooldown
                self.wait = 0

    def _reduce_all(self, epoch) -> bool:
        optimizer = self.model.optimizer
        if hasattr(optimizer, "optimizers"):
            reduced = [self._reduce_optimizer_lr(o, epoch, o.name) for o in optimizer.optimizers]
            return any(reduced)
        return self._reduce_optimizer_lr(optimizer, epoch)

    def in_cooldown(self) -> bool:
        return self.cooldown_counter > 0
