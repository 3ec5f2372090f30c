"""CallbackList hands logs to callbacks as Keras's does."""

import numpy as np

from gradflow.keras import callbacks


class Recorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.calls = []

    def on_train_begin(self, logs):  # no default: Keras always passes logs
        self.calls.append(("train_begin", logs))

    def on_epoch_end(self, epoch, logs):
        self.calls.append(("epoch_end", epoch, logs))

    def on_train_batch_begin(self, batch, logs):
        self.calls.append(("batch_begin", batch, logs))


def test_logs_are_always_passed_as_a_fresh_sorted_dict_of_floats():
    recorder = Recorder()
    cb = callbacks.CallbackList([recorder])
    given = {"loss": np.float32(0.5), "accuracy": np.asarray(0.25), "nested": {"mae": 1}}
    cb.on_train_begin()
    cb.on_train_batch_begin(0)
    cb.on_epoch_end(3, given)
    assert recorder.calls[:2] == [("train_begin", {}), ("batch_begin", 0, {})]
    name, epoch, logs = recorder.calls[2]
    assert (name, epoch, list(logs)) == ("epoch_end", 3, ["accuracy", "loss", "mae"])
    assert all(type(v) is float for v in logs.values())
    assert logs is not given and "mae" not in given


def test_callbacks_share_one_logs_dict_so_later_ones_see_additions():
    seen = []
    add = callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: logs.update(extra=1.0))
    look = callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(dict(logs)))
    callbacks.CallbackList([add, look]).on_epoch_end(0, {"loss": 1.0})
    assert seen == [{"loss": 1.0, "extra": 1.0}]


def test_history_then_progbar_come_last():
    mine = Recorder()
    cb = callbacks.CallbackList([mine], add_history=True, add_progbar=True)
    assert [type(c).__name__ for c in cb.callbacks] == ["Recorder", "History", "ProgbarLogger"]


def test_arrays_stay_arrays():
    seen = []
    look = callbacks.LambdaCallback(on_predict_batch_end=lambda batch, logs: seen.append(logs))
    outputs = np.ones((2, 3))
    callbacks.CallbackList([look]).on_predict_batch_end(0, {"outputs": outputs})
    assert seen[0]["outputs"] is outputs
