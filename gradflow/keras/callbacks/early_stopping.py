"""EarlyStopping: stop training when a monitored quantity stops improving."""

from __future__ import annotations

import warnings

from gradflow.keras.callbacks.monitor_callback import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Stops training when `monitor` has not improved for `patience` epochs.

    Args:
        monitor: the quantity to watch. Defaults to "val_loss".
        min_delta: the smallest change that counts as an improvement.
        patience: epochs without improvement after which training stops.
        verbose: 0 quiet, 1 print a message when stopping or restoring weights.
        mode: "auto", "min" or "max" (see MonitorCallback).
        baseline: training stops if the model does not improve on this value.
        restore_best_weights: at the end of training (stopped early or not), set the
            weights of the best epoch seen.
        start_from_epoch: epochs to wait before watching (a warm-up).

    Example:
    >>> import numpy as np
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(10)])
    >>> model.compile(keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    >>> stop = EarlyStopping(monitor="loss", patience=3)
    >>> history = model.fit(np.ones((5, 20)), np.zeros(5), epochs=10, batch_size=1,
    ...                     callbacks=[stop], verbose=0)
    >>> len(history.history["loss"])  # the loss never improves: 1 epoch + 3 of patience
    4
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        # reset, so that one instance serves several fit() calls
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()  # late: the compiled metrics are built by now
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # patience restarts only when both the baseline and the best are beaten
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping", flush=True)
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(
                    "Restoring model weights from the end of the best epoch: "
                    f"{self.best_epoch + 1}.",
                    flush=True,
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` which is not "
                f"available. Available metrics are: {','.join(list(logs.keys()))}",
                stacklevel=2,
            )
        return value
