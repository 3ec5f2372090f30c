"""BackupAndRestore: resume an interrupted `fit` at the epoch it reached, with the
model's weights and the optimizer's state as they were."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile

import numpy as np

from gradflow.keras.callbacks.callback import Callback

# A backup that cannot be read: a truncated or garbled archive, or a missing entry.
_UNREADABLE = (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile)


class BackupAndRestore(Callback):
    """Backs up the training state into `backup_dir` and restores it when `fit` starts
    again after an interruption.

    The state is one `.npz` file: the model's weights, the optimizer's variables
    (iteration count, learning rate, slots) and the epoch to resume at. It is written
    to a temporary file and renamed, so a crash while writing leaves the previous backup
    intact. At the end of a completed `fit` the backup is deleted.

    Args:
        backup_dir: the folder for the backup (used by nothing else).
        save_freq: "epoch" (back up at each epoch's end) or an integer number of
            batches between backups.
        double_checkpoint: also keep the previous backup, restored when the latest
            cannot be read.
        delete_checkpoint: delete `backup_dir` when training completes.

    Example:
    >>> import numpy as np, tempfile
    >>> from gradflow import keras
    >>> class Interrupt(keras.callbacks.Callback):
    ...     def on_epoch_begin(self, epoch, logs=None):
    ...         if epoch == 4:
    ...             raise RuntimeError("Interrupting!")
    >>> backup = BackupAndRestore(backup_dir=tempfile.mkdtemp())
    >>> model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(10)])
    >>> model.compile(keras.optimizers.SGD(), loss="mse")
    >>> x, y = np.arange(100.0).reshape(5, 20) / 100, np.zeros(5)
    >>> try:
    ...     model.fit(x, y, epochs=10, batch_size=1, callbacks=[backup, Interrupt()],
    ...               verbose=0)
    ... except RuntimeError:
    ...     pass
    >>> resume = BackupAndRestore(backup_dir=backup.backup_dir)
    >>> resume.set_model(model); resume.on_train_begin()
    >>> model._initial_epoch  # fit() starts again at epoch 4
    4
    """

    def __init__(
        self,
        backup_dir,
        save_freq="epoch",
        double_checkpoint=False,
        delete_checkpoint=True,
    ):
        super().__init__()
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        self.backup_dir = os.fspath(backup_dir)
        self._state_path = os.path.join(self.backup_dir, "latest.state.npz")
        self._prev_state_path = f"{self._state_path}.bkp"
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int)):
            raise ValueError(
                "Invalid value for argument `save_freq`. "
                f"Received: save_freq={save_freq}. "
                "Expected either 'epoch' or an integer value."
            )

    # -- restoring ----------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        try:
            self._load_state(self._state_path)
        except _UNREADABLE:
            if not (self.double_checkpoint and os.path.exists(self._prev_state_path)):
                raise
            # the latest backup is damaged: fall back to the one before it
            shutil.copyfile(self._prev_state_path, self._state_path)
            self._load_state(self._state_path)

    def _load_state(self, path: str) -> None:
        if not self.model.built:
            raise ValueError(
                "To use the BackupAndRestore callback, you model must be built before you "
                f"call `fit()`. Model {self.model} is unbuilt. You can build it beforehand "
                "by calling it on a batch of data."
            )
        if not os.path.exists(path):
            return
        with np.load(path, allow_pickle=False) as data:
            weights = [data[f"model_{i}"] for i in range(int(data["num_model"]))]
            slots = [data[f"optimizer_{i}"] for i in range(int(data["num_optimizer"]))]
            epoch = int(data["epoch"])
        self.model.set_weights(weights)
        optimizer = self.model.optimizer
        if optimizer is not None and slots:
            if not optimizer.built:
                optimizer.build(self.model.trainable_variables)
            if len(optimizer.variables) != len(slots):
                raise ValueError(
                    f"The backup in {path} holds {len(slots)} optimizer variables but the "
                    f"model's optimizer has {len(optimizer.variables)}. Was the model "
                    "compiled with a different optimizer? Delete the backup directory to "
                    "start over."
                )
            optimizer.set_weights(slots)
        self.model._initial_epoch = epoch

    # -- backing up ---------------------------------------------------------------------
    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_state()

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_state()

    def _should_save_on_batch(self, batch) -> bool:
        if self.save_freq == "epoch":
            return False
        if batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch: batches count from 0
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_state(self) -> None:
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._state_path):
            shutil.copyfile(self._state_path, self._prev_state_path)
        arrays = {f"model_{i}": w for i, w in enumerate(self.model.get_weights())}
        optimizer = self.model.optimizer
        slots = optimizer.variables if optimizer is not None and optimizer.built else []
        arrays.update({f"optimizer_{i}": np.asarray(v.numpy()) for i, v in enumerate(slots)})
        arrays["num_model"] = np.asarray(len(arrays) - len(slots))
        arrays["num_optimizer"] = np.asarray(len(slots))
        arrays["epoch"] = np.asarray(self._current_epoch)
        arrays["batch"] = np.asarray(self._last_batch_seen)
        _write_npz_atomically(self._state_path, arrays)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)


def _write_npz_atomically(path: str, arrays: dict) -> None:
    """np.savez into a temporary file beside `path`, then rename it over `path`."""
    handle, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
