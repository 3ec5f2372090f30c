"""ModelCheckpoint inside fit, writing real files through the saving API."""

import os

import numpy as np
import pytest

from gradflow import keras
from gradflow.keras import callbacks
from gradflow.keras.saving import saving_api


def _data():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(24, 3)).astype("float32")
    return x, (x @ rng.normal(size=(3, 1))).astype("float32")


def _model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.05), loss="mse")
    return model


class ScriptedLoss(callbacks.Callback):
    """Sets the logged loss of each epoch and records the weights at its end."""

    def __init__(self, losses):
        super().__init__()
        self.losses = losses
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        logs["loss"] = self.losses[epoch]
        self.weights.append(self.model.get_weights())


def test_weights_of_the_best_epochs_are_saved_under_templated_names(tmp_path):
    x, y = _data()
    model = _model()
    script = ScriptedLoss([1.0, 0.5, 0.75, 0.25])
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "ckpt" / "w.{epoch:02d}-{loss:.2f}.weights.h5"),
        monitor="loss",
        save_best_only=True,
        save_weights_only=True,
    )
    model.fit(x, y, epochs=4, batch_size=8, verbose=0, callbacks=[script, checkpoint])
    names = sorted(os.listdir(tmp_path / "ckpt"))
    assert names == ["w.01-1.00.weights.h5", "w.02-0.50.weights.h5", "w.04-0.25.weights.h5"]
    fresh = _model()
    fresh.load_weights(str(tmp_path / "ckpt" / "w.02-0.50.weights.h5"))
    for got, want in zip(fresh.get_weights(), script.weights[1]):
        np.testing.assert_array_equal(got, want)


def test_whole_model_saved_each_epoch_loads_back(tmp_path):
    x, y = _data()
    model = _model()
    path = tmp_path / "model.keras"
    checkpoint = callbacks.ModelCheckpoint(str(path), monitor="val_loss")
    model.fit(
        x, y, epochs=2, batch_size=8, verbose=0, callbacks=[checkpoint], validation_data=(x, y)
    )
    assert sorted(os.listdir(tmp_path)) == ["model.keras"]  # no temporary file left behind
    # keras.saving.load_model once the saving package exports it
    loaded = saving_api.load_model(str(path))
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_save_freq_in_batches(tmp_path):
    x, y = _data()
    model = _model()
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "e{epoch}-b{batch}.weights.h5"), save_weights_only=True, save_freq=2
    )
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, callbacks=[checkpoint])
    # 3 batches an epoch, a save every 2: after batch 2 of epoch 1, then batches 1 and 3
    assert sorted(os.listdir(tmp_path)) == [
        "e1-b2.weights.h5",
        "e2-b1.weights.h5",
        "e2-b3.weights.h5",
    ]


def test_initial_value_threshold_must_be_beaten(tmp_path):
    x, y = _data()
    model = _model()
    script = ScriptedLoss([0.9, 0.4, 0.3])
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "w{epoch}.weights.h5"),
        monitor="loss",
        save_best_only=True,
        save_weights_only=True,
        initial_value_threshold=0.5,
    )
    model.fit(x, y, epochs=3, batch_size=8, verbose=0, callbacks=[script, checkpoint])
    assert sorted(os.listdir(tmp_path)) == ["w2.weights.h5", "w3.weights.h5"]


def test_a_template_field_missing_from_the_logs_is_a_key_error(tmp_path):
    x, y = _data()
    model = _model()
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "{val_auc:.2f}.keras"))
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[checkpoint])


def test_an_existing_directory_is_not_a_filepath(tmp_path):
    x, y = _data()
    model = _model()
    (tmp_path / "taken.keras").mkdir()
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "taken.keras"))
    with pytest.raises(IsADirectoryError, match="non-directory filepath"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[checkpoint])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"filepath": "model.h5x"}, "must end in `.keras`"),
        ({"filepath": "w.keras", "save_weights_only": True}, "must end in `.weights.h5`"),
        ({"filepath": "m.keras", "save_freq": "batch"}, "Unrecognized save_freq: batch"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        callbacks.ModelCheckpoint(**kwargs)


def test_most_recent_file_matching_a_pattern(tmp_path):
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "e{epoch:02d}.keras"))
    for i, name in enumerate(["e01.keras", "e03.keras", "e02.keras", "other.txt"]):
        (tmp_path / name).write_text("x")
        os.utime(tmp_path / name, (1000 + i, 1000 + i))
    pattern = str(tmp_path / "e{epoch:02d}.keras")
    found = checkpoint._get_most_recently_modified_file_matching_pattern(pattern)
    assert found == str(tmp_path / "e02.keras")
    # a tie for the newest: Keras answers the largest of all the matching names
    os.utime(tmp_path / "e01.keras", (1002, 1002))
    found = checkpoint._get_most_recently_modified_file_matching_pattern(pattern)
    assert found == str(tmp_path / "e03.keras")
