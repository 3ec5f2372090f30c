"""The callbacks inside real `fit` runs: they see the logs fit produces and act on the
model fit trains (weights, learning rate, stop_training)."""

import csv
import math

import numpy as np
import pytest

from gradflow import keras
from gradflow.keras import callbacks


def _data(n=32):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 2))).astype("float32")
    return x, y


def _model(optimizer=None, metrics=None):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    model.compile(optimizer or keras.optimizers.SGD(0.01), loss="mse", metrics=metrics)
    return model


class ScriptedLoss(callbacks.Callback):
    """Overwrites the epoch's logged loss (the logs dict is shared by the callbacks
    after it) and records the weights the model had at each epoch's end."""

    def __init__(self, losses):
        super().__init__()
        self.losses = losses
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        logs["loss"] = self.losses[epoch]
        self.weights.append(self.model.get_weights())


def test_early_stopping_stops_fit_and_restores_the_best_epoch():
    x, y = _data()
    model = _model()
    script = ScriptedLoss([1.0, 0.5, 0.6, 0.7, 0.8, 0.9])
    stop = callbacks.EarlyStopping(monitor="loss", patience=2, restore_best_weights=True)
    history = model.fit(x, y, epochs=6, batch_size=8, callbacks=[script, stop], verbose=0)
    assert history.history["loss"] == [1.0, 0.5, 0.6, 0.7]
    assert stop.stopped_epoch == 3 and stop.best_epoch == 1
    for got, best in zip(model.get_weights(), script.weights[1]):
        np.testing.assert_array_equal(got, best)


def test_early_stopping_restores_best_weights_even_without_stopping():
    x, y = _data()
    model = _model()
    script = ScriptedLoss([1.0, 0.2, 0.6])
    stop = callbacks.EarlyStopping(monitor="loss", patience=5, restore_best_weights=True)
    model.fit(x, y, epochs=3, batch_size=8, callbacks=[script, stop], verbose=0)
    assert stop.stopped_epoch == 0
    for got, best in zip(model.get_weights(), script.weights[1]):
        np.testing.assert_array_equal(got, best)


def test_early_stopping_auto_mode_reads_the_metric_direction():
    x, y = _data()
    model = _model(metrics=["accuracy"])
    up = callbacks.EarlyStopping(monitor="val_accuracy")
    model.fit(x, y, epochs=1, batch_size=8, callbacks=[up], verbose=0, validation_data=(x, y))
    assert up.monitor_op(2, 1) and up.min_delta == 0
    down = callbacks.EarlyStopping(monitor="val_loss", min_delta=0.5)
    model.fit(x, y, epochs=1, batch_size=8, callbacks=[down], verbose=0, validation_data=(x, y))
    assert down.monitor_op(1, 2) and down.min_delta == -0.5


def test_monitor_with_unknown_direction_asks_for_a_mode():
    x, y = _data()
    model = _model()
    stop = callbacks.EarlyStopping(monitor="mystery")
    with pytest.raises(ValueError, match="Pass `mode='max'`"):
        model.fit(x, y, epochs=1, batch_size=8, callbacks=[stop], verbose=0)


def test_reduce_lr_on_plateau_lowers_the_optimizer_learning_rate():
    x, y = _data()
    model = _model(keras.optimizers.SGD(0.1))
    script = ScriptedLoss([1.0, 1.0, 1.0, 1.0])
    reduce = callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_lr=0.03)
    history = model.fit(x, y, epochs=4, batch_size=8, callbacks=[script, reduce], verbose=0)
    # logged before the reduction of the same epoch, as in Keras
    np.testing.assert_allclose(history.history["learning_rate"], [0.1, 0.1, 0.05, 0.03])
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.03)


def test_csv_logger_gets_a_learning_rate_column_from_an_earlier_callback(tmp_path):
    x, y = _data()
    path = tmp_path / "log.csv"
    model = _model(keras.optimizers.SGD(0.1))
    reduce = callbacks.ReduceLROnPlateau(monitor="loss", patience=0, factor=0.5)
    logger = callbacks.CSVLogger(str(path))
    script = ScriptedLoss([1.0, 1.0, 1.0])
    history = model.fit(x, y, epochs=3, batch_size=8, callbacks=[script, reduce, logger], verbose=0)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == [
        "epoch",
        "learning_rate",
        "loss",
        "val_learning_rate",
        "val_loss",
    ]
    assert [row["epoch"] for row in rows] == ["0", "1", "2"]
    assert [float(row["learning_rate"]) for row in rows] == history.history["learning_rate"]
    assert rows[0]["val_loss"] == "NA"


def test_csv_logger_appends_without_a_second_header(tmp_path):
    x, y = _data()
    path = tmp_path / "log.csv"
    model = _model()
    model.fit(x, y, epochs=2, batch_size=8, callbacks=[callbacks.CSVLogger(path)], verbose=0)
    logger = callbacks.CSVLogger(path, separator=";", append=True)
    model.fit(x, y, epochs=1, batch_size=8, callbacks=[logger], verbose=0)
    lines = path.read_text().splitlines()
    assert lines[0] == "epoch,loss,val_loss"
    assert len(lines) == 4 and lines[3].startswith("0;")


def test_learning_rate_scheduler_sets_the_rate_fit_trains_with():
    x, y = _data()
    model = _model(keras.optimizers.SGD(0.1))
    before = model.get_weights()
    schedule = callbacks.LearningRateScheduler(lambda epoch, lr: 0.0)
    history = model.fit(x, y, epochs=2, batch_size=8, callbacks=[schedule], verbose=0)
    assert history.history["learning_rate"] == [0.0, 0.0]
    for got, want in zip(model.get_weights(), before):
        np.testing.assert_array_equal(got, want)  # a zero learning rate moves nothing


def test_learning_rate_scheduler_rejects_a_non_float():
    x, y = _data()
    model = _model()
    schedule = callbacks.LearningRateScheduler(lambda epoch, lr: "fast")
    with pytest.raises(ValueError, match="should be a float"):
        model.fit(x, y, epochs=1, callbacks=[schedule], verbose=0)


def test_terminate_on_nan_stops_after_the_first_bad_batch(capsys):
    x, y = _data()
    y[0] = np.nan
    model = _model()
    seen = []
    count = callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
    history = model.fit(
        x,
        y,
        epochs=3,
        batch_size=8,
        shuffle=False,
        callbacks=[callbacks.TerminateOnNaN(), count],
        verbose=0,
    )
    assert seen == [0] and len(history.history["loss"]) == 1
    assert math.isnan(history.history["loss"][0])
    assert "Batch 0: Invalid loss, terminating training" in capsys.readouterr().out


def test_lambda_callback_hooks_run_in_order():
    x, y = _data(16)
    model = _model()
    events = []
    hook = callbacks.LambdaCallback(
        on_train_begin=lambda logs: events.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: events.append(f"epoch_begin {epoch}"),
        on_train_batch_end=lambda batch, logs: events.append(f"batch_end {batch}"),
        on_epoch_end=lambda epoch, logs: events.append(f"epoch_end {epoch} {sorted(logs)}"),
        on_train_end=lambda logs: events.append("train_end"),
        on_test_begin=lambda logs: events.append("test_begin"),
    )
    model.fit(x, y, epochs=1, batch_size=8, callbacks=[hook], verbose=0, validation_data=(x, y))
    assert events == [
        "train_begin",
        "epoch_begin 0",
        "batch_end 0",
        "batch_end 1",
        "test_begin",
        "epoch_end 0 ['loss', 'val_loss']",
        "train_end",
    ]


def test_swap_ema_weights_evaluates_with_the_moving_average():
    x, y = _data()
    model = _model(keras.optimizers.SGD(0.05, use_ema=True, ema_momentum=0.5))
    seen = {}

    class Probe(callbacks.Callback):
        def on_test_begin(self, logs=None):
            seen["weights"] = self.model.get_weights()
            averages = self.model.optimizer._model_variables_moving_average
            seen["held"] = [np.asarray(v.numpy()) for v in averages]

    model.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    raw = model.get_weights()
    averages = [np.asarray(v.numpy()) for v in model.optimizer._model_variables_moving_average]
    model.evaluate(x, y, verbose=0, callbacks=[callbacks.SwapEMAWeights(), Probe()])
    for got, want in zip(seen["weights"], averages):
        np.testing.assert_array_equal(got, want)  # evaluated with the averages
    for got, want in zip(seen["held"], raw):
        np.testing.assert_array_equal(got, want)  # the raw weights wait in the slots
    for got, want in zip(model.get_weights(), raw):
        np.testing.assert_array_equal(got, want)  # and come back afterwards


def test_swap_ema_weights_needs_an_ema_optimizer():
    x, y = _data()
    model = _model()
    model.fit(x, y, epochs=1, verbose=0)
    with pytest.raises(ValueError, match="use_ema=True"):
        model.evaluate(x, y, verbose=0, callbacks=[callbacks.SwapEMAWeights()])


def test_swap_on_epoch_shows_later_callbacks_the_averages_and_fit_ends_on_them():
    x, y = _data()
    model = _model(keras.optimizers.SGD(0.05, use_ema=True, ema_momentum=0.5))
    at_epoch_end = []

    class Probe(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            at_epoch_end.append(self.model.get_weights())

    raw_after_each_epoch = []

    class RawProbe(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            averages = self.model.optimizer._model_variables_moving_average
            raw_after_each_epoch.append([np.asarray(v.numpy()) for v in averages])

    model.fit(
        x,
        y,
        epochs=2,
        batch_size=8,
        verbose=0,
        shuffle=False,
        callbacks=[callbacks.SwapEMAWeights(swap_on_epoch=True), Probe(), RawProbe()],
    )
    # at the last epoch the averages are copied back beside the model's (EMA) weights
    for got, want in zip(at_epoch_end[-1], raw_after_each_epoch[-1]):
        np.testing.assert_array_equal(got, want)
    # and fit's end leaves the model on the moving average
    for got, want in zip(model.get_weights(), at_epoch_end[-1]):
        np.testing.assert_array_equal(got, want)
    # the first epoch's end showed averages, not the raw weights kept in the slots
    assert not all(np.array_equal(a, b) for a, b in zip(at_epoch_end[0], raw_after_each_epoch[0]))
