"""The four benchmark models train in gradflow.keras as they do in Keras 3.

benchmarks/keras_models.py builds an MLP, the MNIST convnet, an Embedding+LSTM classifier
and a one-block transformer classifier once against the Keras API. Real Keras (JAX, CPU)
trained each from fixed initial weights; fixtures/generate_end_to_end.py holds the runs
and wrote the numbers into fixtures/end_to_end/end_to_end.json. Here gradflow.keras runs
the same functions from the same weights and data, and its losses, final weights and
predictions must match Keras's step by step.

Tolerances: every deterministic run agrees with Keras to ~1e-7 relative (float32
rounding), so losses and norms are held to rtol=1e-4 and probabilities to atol=1e-5.
Weight norms also get atol=1e-6: the attention's key bias has an exactly-zero gradient
(softmax ignores a shift shared by all scores), so Adam moves it by rounding noise only
(norm ~5e-8 on both sides) and its relative difference means nothing.
"""

import importlib.util
import json
import os

import numpy as np
import pytest

from gradflow import keras

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "fixtures", "end_to_end", "end_to_end.json")) as f:
    FIXTURE = json.load(f)["models"]


def _load_generator():
    path = os.path.join(HERE, "fixtures", "generate_end_to_end.py")
    spec = importlib.util.spec_from_file_location("generate_end_to_end", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
MODELS = list(gen.MODELS)
LOSS_RTOL = 1e-4
PROBABILITY_ATOL = 1e-5


@pytest.fixture(scope="module", params=MODELS)
def case(request):
    """(name, Keras's record, initial weights, x, y) for one benchmark model."""
    name = request.param
    record = FIXTURE[name]
    return name, record, gen.initial_weights(record["recipe"]), *gen.dataset(name)


def test_weights_and_data_regenerate_exactly(case):
    name, record, weights, x, y = case
    # The fixture stores recipes and checksums, not arrays: the NumPy draws must not drift.
    assert gen.checksum(weights) == pytest.approx(record["weights_checksum"], rel=1e-12)
    assert gen.checksum([x, y]) == pytest.approx(record["data_checksum"], rel=1e-12)
    model = gen.benchmark_models().build(keras, name)
    assert [w.shape for w in model.get_weights()] == [tuple(r["shape"]) for r in record["recipe"]]


def test_train_on_batch_losses_match_keras_and_fall(case):
    name, record, weights, x, y = case
    run = gen.train_on_batch_run(keras, name, weights, x, y)
    np.testing.assert_allclose(run["train_on_batch"], record["train_on_batch"], rtol=LOSS_RTOL)
    # Repeated SGD steps on one batch: every step lowers that batch's loss.
    assert np.all(np.diff(run["train_on_batch"]) < 0), run["train_on_batch"]
    np.testing.assert_allclose(
        run["train_on_batch_predict"], record["train_on_batch_predict"], atol=PROBABILITY_ATOL
    )


def test_fit_loss_curve_weights_and_predictions_match_keras(case):
    name, record, weights, x, y = case
    run = gen.fit_run(keras, name, weights, x, y)
    np.testing.assert_allclose(run["fit_batch_losses"], record["fit_batch_losses"], rtol=LOSS_RTOL)
    np.testing.assert_allclose(run["fit_history"], record["fit_history"], rtol=LOSS_RTOL)
    assert run["fit_history"][-1] < run["fit_history"][0], run["fit_history"]
    np.testing.assert_allclose(
        run["fit_weight_norms"], record["fit_weight_norms"], rtol=LOSS_RTOL, atol=1e-6
    )
    np.testing.assert_allclose(run["fit_predict"], record["fit_predict"], atol=PROBABILITY_ATOL)


def test_convnet_with_real_dropout_loss_falls_like_keras():
    name = "convnet"
    record = FIXTURE[name]
    weights = gen.initial_weights(record["recipe"])
    curve = gen.dropout_fit_run(keras, name, weights, *gen.dataset(name))["dropout_fit_history"]
    reference = record["dropout_fit_history"]
    # The masks differ from Keras's, so compare shapes of curves, not values: the first
    # epoch starts from the same weights, and later epochs fall below it by a margin that
    # holds for Keras across seeds (2.34 -> ~2.23 on average here).
    assert curve[0] == pytest.approx(reference[0], abs=0.1)
    assert np.mean(curve[1:]) < curve[0] - 0.05, curve
    assert np.mean(curve[1:]) == pytest.approx(np.mean(reference[1:]), abs=0.1)
    # Dropout was really on: the curve is not the deterministic (rate 0) one.
    assert abs(curve[0] - record["fit_history"][0]) > 1e-4
