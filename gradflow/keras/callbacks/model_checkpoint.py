"""ModelCheckpoint: save the model or its weights during training."""

from __future__ import annotations

import os
import re
import warnings

import numpy as np

from gradflow.keras import backend
from gradflow.keras.callbacks.monitor_callback import MonitorCallback
from gradflow.keras.utils.file_utils import path_to_string


class ModelCheckpoint(MonitorCallback):
    """Saves the model (`model.save`) or its weights (`model.save_weights`) at the end
    of every epoch or every `save_freq` batches, optionally only when `monitor`
    improves. The saving API writes each file to a temporary name and renames it, so a
    checkpoint on disk is never half-written.

    Args:
        filepath: where to save; may hold `str.format` fields filled from `epoch`
            (from 1), `batch` (from 1, with integer `save_freq`) and the logs, e.g.
            "w.{epoch:02d}-{val_loss:.2f}.keras". It must end in ".keras" (or ".h5"),
            or in ".weights.h5" with `save_weights_only=True`.
        monitor: the quantity compared by `save_best_only`. Defaults to "val_loss".
        verbose: 0 quiet, 1 print a message at each save.
        save_best_only: save only when `monitor` improves on the best so far.
        save_weights_only: save the weights only, not the whole model.
        mode: "auto", "min" or "max" (see MonitorCallback).
        save_freq: "epoch", or an integer number of batches between saves.
        initial_value_threshold: the best value to beat at the start (with
            `save_best_only`).

    Example:
    >>> cb = ModelCheckpoint("ckpt/w.{epoch:02d}-{val_loss:.2f}.weights.h5",
    ...                      save_weights_only=True)
    >>> cb._get_file_path(epoch=2, batch=None, logs={"val_loss": 0.1234})
    'ckpt/w.03-0.12.weights.h5'
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
    ):
        super().__init__(monitor, mode, initial_value_threshold)
        self.verbose = verbose
        self.filepath = path_to_string(filepath)
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0
        if self.save_freq != "epoch" and not isinstance(self.save_freq, int):
            raise ValueError(
                f"Unrecognized save_freq: {self.save_freq}. "
                "Expected save_freq are 'epoch' or integer values"
            )
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError(
                    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath "
                    "provided must end in `.weights.h5` (Keras weights format). Received: "
                    f"filepath={self.filepath}"
                )
        elif not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                "The filepath provided must end in `.keras` (Keras model format). Received: "
                f"filepath={self.filepath}"
            )

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(epoch=self._current_epoch, batch=batch, logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        if self.save_freq == "epoch":
            self._save_model(epoch=epoch, batch=None, logs=logs)

    def _should_save_on_batch(self, batch) -> bool:
        """Counts batches (a step of `steps_per_execution` reports its last batch)."""
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch: batches count from 0
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _should_save_model(self, epoch, batch, logs, filepath) -> bool:
        logs = logs or {}
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}", flush=True)
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=2)
            return True
        if (isinstance(current, np.ndarray) or backend.is_tensor(current)) and len(
            current.shape
        ) > 0:
            warnings.warn(
                "Can save best model only when `monitor` is a scalar value. Received: "
                f"{current}. Falling back to `save_best_only=False`.",
                stacklevel=2,
            )
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to "
                    f"{current:.5f}, saving model to {filepath}",
                    flush=True,
                )
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}", flush=True)
        return False

    def _save_model(self, epoch, batch, logs) -> None:
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save_model(epoch, batch, logs, filepath):
            return
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                "Please specify a non-directory filepath for ModelCheckpoint. Filepath used "
                f"is an existing directory: {filepath}"
            )
        dirname = os.path.dirname(filepath)
        if dirname:
            os.makedirs(dirname, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {filepath}", flush=True)

    def _get_file_path(self, epoch, batch, logs) -> str:
        """`filepath` with its fields filled in."""
        logs = logs or {}
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {e}'
            ) from None

    def _get_most_recently_modified_file_matching_pattern(self, pattern):
        """The newest file matching `pattern` (its format fields match anything); on a
        tie of modification times, the largest path; None when nothing matches."""
        dir_name = os.path.dirname(pattern)
        regex = "^" + re.sub(r"{.*}", r".*", os.path.basename(pattern)) + "$"
        latest_time, latest, n_latest, largest = 0, None, 0, None
        if os.path.exists(dir_name):
            for name in os.listdir(dir_name):
                if not re.match(regex, name):
                    continue
                path = os.path.join(dir_name, name)
                mtime = os.path.getmtime(path)
                if largest is None or path > largest:
                    largest = path
                if mtime > latest_time:
                    latest_time, latest, n_latest = mtime, path, 1
                elif mtime == latest_time:
                    n_latest += 1
        return latest if n_latest == 1 else largest
