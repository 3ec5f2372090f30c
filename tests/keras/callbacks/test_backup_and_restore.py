"""BackupAndRestore: a fit killed mid-way resumes at the right epoch with the right
weights and optimizer state."""

import os

import numpy as np
import pytest

from gradflow import keras
from gradflow.keras import callbacks


def _data():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(24, 5)).astype("float32")
    y = (x @ rng.normal(size=(5, 1))).astype("float32")
    return x, y


def _model():
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    model.compile(keras.optimizers.Adam(0.01), loss="mse")
    return model


class Interrupt(callbacks.Callback):
    """Raises at the start of `epoch`, like a killed process."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise RuntimeError("Interrupting!")


class Snapshots(callbacks.Callback):
    """The model's weights and optimizer variables at each epoch's end."""

    def __init__(self):
        super().__init__()
        self.by_epoch = {}

    def on_epoch_end(self, epoch, logs=None):
        self.by_epoch[epoch] = (
            self.model.get_weights(),
            [np.asarray(v.numpy()) for v in self.model.optimizer.variables],
        )


def _interrupted_run(backup_dir, at_epoch=2, start=None, **kwargs):
    x, y = _data()
    model = _model()
    if start is not None:
        model.set_weights(start)
    snapshots = Snapshots()
    backup = callbacks.BackupAndRestore(backup_dir, **kwargs)
    with pytest.raises(RuntimeError, match="Interrupting"):
        model.fit(
            x,
            y,
            epochs=5,
            batch_size=8,
            shuffle=False,
            verbose=0,
            callbacks=[snapshots, backup, Interrupt(at_epoch)],
        )
    return model, snapshots


def test_restore_brings_back_weights_optimizer_state_and_epoch(tmp_path):
    backup_dir = str(tmp_path / "backup")
    _, snapshots = _interrupted_run(backup_dir)
    assert os.listdir(backup_dir) == ["latest.state.npz"]  # no temporary file left
    fresh = _model()
    restore = callbacks.BackupAndRestore(backup_dir)
    restore.set_model(fresh)
    restore.on_train_begin()
    weights, optimizer_variables = snapshots.by_epoch[1]
    for got, want in zip(fresh.get_weights(), weights):
        np.testing.assert_array_equal(got, want)
    got_optimizer = [np.asarray(v.numpy()) for v in fresh.optimizer.variables]
    assert len(got_optimizer) == len(optimizer_variables)
    for got, want in zip(got_optimizer, optimizer_variables):
        np.testing.assert_array_equal(got, want)
    assert int(fresh.optimizer.iterations.numpy()) == 6  # 2 epochs of 3 batches
    assert fresh._initial_epoch == 2


def test_fit_resumes_after_kill(tmp_path):
    x, y = _data()
    reference = _model()
    start = reference.get_weights()
    reference.fit(x, y, epochs=5, batch_size=8, shuffle=False, verbose=0)

    backup_dir = str(tmp_path / "backup")
    killed, _ = _interrupted_run(backup_dir, at_epoch=2, start=start)
    killed.set_weights(start)  # what the restarted program has before fit restores it
    resumed = []
    seen = callbacks.LambdaCallback(on_epoch_begin=lambda epoch, logs: resumed.append(epoch))
    backup = callbacks.BackupAndRestore(backup_dir)
    history = killed.fit(
        x, y, epochs=5, batch_size=8, shuffle=False, verbose=0, callbacks=[backup, seen]
    )
    assert resumed == [2, 3, 4]
    assert len(history.history["loss"]) == 3
    for got, want in zip(killed.get_weights(), reference.get_weights()):
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7)
    assert not os.path.exists(backup_dir)  # deleted once training completed


def test_interrupted_run_matches_an_uninterrupted_one_up_to_the_kill(tmp_path):
    x, y = _data()
    reference = _model()
    start = reference.get_weights()
    snapshots = Snapshots()
    reference.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0, callbacks=[snapshots])
    _, interrupted = _interrupted_run(str(tmp_path / "b"), start=start)
    for got, want in zip(interrupted.by_epoch[1][0], snapshots.by_epoch[1][0]):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_delete_checkpoint_false_keeps_the_backup(tmp_path):
    x, y = _data()
    model = _model()
    backup_dir = tmp_path / "keep"
    backup = callbacks.BackupAndRestore(str(backup_dir), delete_checkpoint=False)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[backup])
    assert os.listdir(backup_dir) == ["latest.state.npz"]
    with np.load(backup_dir / "latest.state.npz") as data:
        assert int(data["epoch"]) == 2


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    backup_dir = tmp_path / "double"
    _, snapshots = _interrupted_run(str(backup_dir), at_epoch=3, double_checkpoint=True)
    assert sorted(os.listdir(backup_dir)) == ["latest.state.npz", "latest.state.npz.bkp"]
    (backup_dir / "latest.state.npz").write_bytes(b"truncated by a crash")
    fresh = _model()
    restore = callbacks.BackupAndRestore(str(backup_dir), double_checkpoint=True)
    restore.set_model(fresh)
    restore.on_train_begin()
    assert fresh._initial_epoch == 2  # the backup of the epoch before
    for got, want in zip(fresh.get_weights(), snapshots.by_epoch[1][0]):
        np.testing.assert_array_equal(got, want)


def test_a_damaged_backup_without_a_previous_one_is_an_error(tmp_path):
    backup_dir = tmp_path / "single"
    _interrupted_run(str(backup_dir))
    (backup_dir / "latest.state.npz").write_bytes(b"garbage")
    fresh = _model()
    restore = callbacks.BackupAndRestore(str(backup_dir))
    restore.set_model(fresh)
    with pytest.raises(Exception, match="zip|pickle|File is not"):
        restore.on_train_begin()


def test_save_freq_in_batches_backs_up_mid_epoch(tmp_path):
    backup_dir = tmp_path / "batches"
    x, y = _data()
    model = _model()
    epochs_seen = []

    class Watch(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            path = backup_dir / "latest.state.npz"
            if path.exists():
                with np.load(path) as data:
                    epochs_seen.append((int(data["epoch"]), int(data["batch"])))

    backup = callbacks.BackupAndRestore(str(backup_dir), save_freq=2, delete_checkpoint=False)
    model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0, callbacks=[backup, Watch()])
    # 3 batches an epoch: backups after batches 1 (epoch 0) and 0, 2 (epoch 1)
    assert epochs_seen == [(0, 1), (0, 1), (1, 0), (1, 0), (1, 2)]


def test_a_different_optimizer_is_refused(tmp_path):
    backup_dir = str(tmp_path / "b")
    _interrupted_run(backup_dir)
    keras.backend.clear_session()
    other = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    other.compile(keras.optimizers.SGD(0.01, momentum=0.0), loss="mse")
    restore = callbacks.BackupAndRestore(backup_dir)
    restore.set_model(other)
    with pytest.raises(ValueError, match="different optimizer"):
        restore.on_train_begin()


@pytest.mark.parametrize("save_freq", ["batch", 1.5, True])
def test_bad_save_freq(save_freq, tmp_path):
    with pytest.raises(ValueError, match="Expected either 'epoch' or an integer"):
        callbacks.BackupAndRestore(str(tmp_path), save_freq=save_freq)


def test_empty_backup_dir_is_an_error():
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        callbacks.BackupAndRestore("")
