"""compile/fit/evaluate/predict: every input kind, the arguments Keras users rely on, and
Keras's documented behaviours."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import keras


def _data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ np.array([1.0, -2.0, 0.5, 0.0], "float32") > 0).astype("int64")
    return x, y


def _model(**compile_kwargs):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input((4,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(2, activation="softmax"),
        ]
    )
    compile_kwargs.setdefault("optimizer", "adam")
    compile_kwargs.setdefault("loss", "sparse_categorical_crossentropy")
    compile_kwargs.setdefault("metrics", ["accuracy"])
    model.compile(**compile_kwargs)
    return model


def test_fit_reduces_loss_and_returns_history():
    x, y = _data(256)
    model = _model(optimizer=keras.optimizers.Adam(0.05))
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    assert set(history.history) == {"loss", "accuracy"}
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.epoch == [0, 1, 2, 3, 4]


def test_train_step_is_traced_once_per_batch_shape():
    x, y = _data(70)
    model = _model()
    model.fit(x, y, epochs=3, batch_size=32, verbose=0)
    # 32, 32, 6: one trace for full batches, one for the last partial batch
    assert model.train_function.trace_count == 2


def test_fit_before_compile_is_a_clear_error():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(*_data(), verbose=0)


def test_validation_split_takes_the_last_samples_before_shuffling():
    x, y = _data(100)
    model = _model()
    history = model.fit(x, y, epochs=1, validation_split=0.25, verbose=0)
    expected = model.evaluate(x[75:], y[75:], verbose=0, return_dict=True)
    np.testing.assert_allclose(history.history["val_loss"][0], expected["loss"], rtol=1e-5)


def test_validation_data_and_evaluate_forms():
    x, y = _data(64)
    model = _model()
    history = model.fit(x, y, validation_data=(x[:16], y[:16]), epochs=1, verbose=0)
    assert "val_accuracy" in history.history
    as_list = model.evaluate(x, y, verbose=0)
    as_dict = model.evaluate(x, y, verbose=0, return_dict=True)
    assert as_list == [as_dict["loss"], as_dict["accuracy"]]


def test_predict_handles_any_batch_size_and_last_partial_batch():
    x, _ = _data(45)
    model = _model()
    out = model.predict(x, batch_size=8, verbose=0)
    assert out.shape == (45, 2)
    np.testing.assert_allclose(out, np.asarray(model(x)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(model.predict_on_batch(x[:3]), out[:3], rtol=1e-5, atol=1e-6)


def test_sample_weight_zero_removes_samples_from_the_loss():
    x, y = _data(32)
    model = _model(metrics=None)
    weights = np.zeros(32, "float32")
    weights[:16] = 1.0
    full = model.evaluate(x[:16], y[:16], verbose=0, batch_size=32)
    weighted = model.evaluate(x, y, sample_weight=weights, batch_size=32, verbose=0)
    # Keras: the weighted sum is divided by the number of samples, not the weights' sum
    np.testing.assert_allclose(weighted, full * 16 / 32, rtol=1e-5)


def test_class_weight_scales_the_loss_per_class():
    x, y = _data(32)
    doubled = _model(optimizer=keras.optimizers.SGD(0.1), metrics=None)
    doubled.fit(x, y, class_weight={0: 2.0, 1: 2.0}, epochs=1, batch_size=32, verbose=0)
    twice_the_rate = _model(optimizer=keras.optimizers.SGD(0.2), metrics=None)
    twice_the_rate.fit(x, y, epochs=1, batch_size=32, verbose=0)
    for a, b in zip(doubled.get_weights(), twice_the_rate.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_plain_metrics_ignore_sample_weight_weighted_metrics_use_it():
    x, y = _data(32)
    model = _model(metrics=["accuracy"], weighted_metrics=["accuracy"])
    weights = np.where(np.arange(32) < 16, 1.0, 0.0).astype("float32")
    logs = model.evaluate(x, y, sample_weight=weights, batch_size=32, verbose=0, return_dict=True)
    predictions = np.argmax(model.predict(x, verbose=0), axis=-1) == y
    np.testing.assert_allclose(logs["accuracy"], predictions.mean(), rtol=1e-6)
    np.testing.assert_allclose(logs["weighted_accuracy"], predictions[:16].mean(), rtol=1e-6)


def test_fit_takes_a_gf_data_dataset():
    x, y = _data(64)
    dataset = gf.data.Dataset.from_tensor_slices((x, y)).batch(16).prefetch(2)
    model = _model()
    history = model.fit(dataset, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.evaluate(dataset, verbose=0, return_dict=True)["loss"] > 0
    assert model.predict(gf.data.Dataset.from_tensor_slices(x).batch(10), verbose=0).shape == (
        64,
        2,
    )


def test_fit_takes_a_generator_with_steps_per_epoch():
    x, y = _data(64)

    def batches():
        while True:
            for i in range(0, 64, 16):
                yield x[i : i + 16], y[i : i + 16]

    history = _model().fit(batches(), steps_per_epoch=4, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


class _Batches(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y
        self.epochs_ended = 0

    def __len__(self):
        return len(self.x) // 16

    def __getitem__(self, index):
        return self.x[index * 16 : (index + 1) * 16], self.y[index * 16 : (index + 1) * 16]

    def on_epoch_end(self):
        self.epochs_ended += 1


@pytest.mark.parametrize("workers, multiprocessing", [(1, False), (2, False), (2, True)])
def test_fit_takes_a_py_dataset_with_workers(workers, multiprocessing):
    x, y = _data(64)
    batches = _Batches(x, y, workers=workers, use_multiprocessing=multiprocessing)
    model = _model()
    history = model.fit(batches, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert batches.epochs_ended == 2
    sequential = _model()
    sequential.fit(_Batches(x, y), epochs=2, verbose=0)
    np.testing.assert_allclose(model.get_weights()[0], sequential.get_weights()[0], rtol=1e-5)


def test_dict_inputs_and_outputs():
    keras.utils.set_random_seed(0)
    a, b = keras.Input((2,), name="a"), keras.Input((3,), name="b")
    merged = keras.layers.Concatenate()([a, b])
    model = keras.Model(
        {"a": a, "b": b},
        {
            "score": keras.layers.Dense(1, name="score")(merged),
            "label": keras.layers.Dense(2, activation="softmax", name="label")(merged),
        },
    )
    model.compile(
        optimizer="sgd",
        loss={"score": "mse", "label": "sparse_categorical_crossentropy"},
        metrics={"label": ["accuracy"]},
    )
    rng = np.random.default_rng(0)
    inputs = {"a": rng.normal(size=(20, 2)), "b": rng.normal(size=(20, 3))}
    targets = {"score": rng.normal(size=(20, 1)), "label": rng.integers(0, 2, 20)}
    logs = model.fit(inputs, targets, epochs=1, verbose=0).history
    assert {"loss", "label_accuracy"} <= set(logs)


def test_loss_count_mismatch_is_a_clear_error():
    keras.utils.set_random_seed(0)
    x = keras.Input((2,))
    model = keras.Model(x, [keras.layers.Dense(1)(x), keras.layers.Dense(1)(x)])
    model.compile(optimizer="sgd", loss=["mse", "mse", "mse"])
    data = np.ones((4, 2), "float32")
    with pytest.raises(ValueError, match="as many entries as the model has outputs"):
        model.fit(data, [np.ones((4, 1)), np.ones((4, 1))], verbose=0)


def test_unknown_loss_name_suggests_close_names():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mean_squared_eror")
    with pytest.raises(ValueError, match="mean_squared_error"):
        model.fit(np.ones((4, 2)), np.ones((4, 1)), verbose=0)


def test_initial_epoch_and_steps_per_execution():
    x, y = _data(64)
    model = _model(steps_per_execution=2)
    history = model.fit(x, y, epochs=3, initial_epoch=1, batch_size=16, verbose=0)
    assert history.epoch == [1, 2]


def test_run_eagerly_gives_the_same_numbers_as_the_graph():
    x, y = _data(32)
    graph, eager = _model(), _model(run_eagerly=True)
    graph.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    eager.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False)
    for a, b in zip(graph.get_weights(), eager.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_train_on_batch_and_test_on_batch():
    x, y = _data(16)
    model = _model()
    loss, accuracy = model.train_on_batch(x, y)
    assert np.isfinite(loss) and 0 <= accuracy <= 1
    logs = model.test_on_batch(x, y, return_dict=True)
    assert set(logs) == {"loss", "accuracy"}


def test_subclassed_model_trains_and_adds_losses():
    class WithPenalty(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(2, activation="softmax")

        def call(self, x):
            self.add_loss(0.0 * gf.numpy.sum(x))
            return self.dense(x)

    keras.utils.set_random_seed(0)
    model = WithPenalty()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    history = model.fit(*_data(32), epochs=2, verbose=0)
    assert len(model.losses) == 1
    assert np.isfinite(history.history["loss"]).all()


def test_progress_bar_is_on_by_default(capsys):
    _model().fit(*_data(32), epochs=1, batch_size=16)
    out = capsys.readouterr().out
    assert "2/2" in out and "loss:" in out and "━" in out


def test_multi_output_models_log_each_outputs_loss_as_keras_does():
    keras.utils.set_random_seed(0)
    a = keras.Input((2,), name="a")
    score = keras.layers.Dense(1, name="score")(a)
    label = keras.layers.Dense(2, activation="softmax", name="label")(a)
    model = keras.Model(a, {"score": score, "label": label})
    model.compile(
        optimizer="sgd",
        loss={"score": "mse", "label": "sparse_categorical_crossentropy"},
        metrics={"label": ["accuracy"]},
        loss_weights={"score": 2.0, "label": 1.0},
    )
    rng = np.random.default_rng(0)
    x = rng.random((8, 2)).astype("float32")
    y = {"score": rng.random((8, 1)), "label": rng.integers(0, 2, 8)}
    logs = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    # Keras 3: {output}_loss is unweighted; loss is the weighted sum
    assert set(logs) == {"loss", "score_loss", "label_loss", "label_accuracy"}
    np.testing.assert_allclose(logs["loss"], 2 * logs["score_loss"] + logs["label_loss"], rtol=1e-5)
    assert model.metrics_names == ["loss", "compile_metrics", "score_loss", "label_loss"]
    as_list = model.evaluate(x, y, batch_size=8, verbose=0)
    assert as_list == [logs["loss"], logs["score_loss"], logs["label_loss"], logs["label_accuracy"]]


def test_mixed_float16_trains_with_a_loss_scale_optimizer():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = _model()
        assert model.layers[0].compute_dtype == "float16"
        assert model.layers[0].kernel.dtype == "float32"
        assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
        history = model.fit(*_data(64), epochs=3, verbose=0)
        assert np.isfinite(history.history["loss"]).all()
    finally:
        keras.mixed_precision.set_global_policy("float32")


def test_a_custom_train_step_with_its_own_metrics():
    class CustomModel(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.loss_tracker = keras.metrics.Mean(name="loss")
            self.mae_metric = keras.metrics.MeanAbsoluteError(name="mae")
            self.dense = keras.layers.Dense(1)

        def call(self, x):
            return self.dense(x)

        def train_step(self, data):
            x, y = data
            with gf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = gf.numpy.mean(keras.losses.mean_squared_error(y, y_pred))
            grads = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply(grads, self.trainable_variables)
            self.loss_tracker.update_state(loss)
            self.mae_metric.update_state(y, y_pred)
            return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

        @property
        def metrics(self):
            return [self.loss_tracker, self.mae_metric]  # reset by fit at each epoch

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((256, 8)).astype("float32")
    y = (x.sum(axis=1, keepdims=True) / 8).astype("float32")
    model = CustomModel()
    model.compile(optimizer=keras.optimizers.Adam(0.05))
    history = model.fit(x, y, epochs=4, verbose=0).history
    assert set(history) == {"loss", "mae"}
    assert history["loss"][-1] < history["loss"][0]
