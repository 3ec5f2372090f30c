"""keras.losses.CTC and keras.losses.ctc against Keras 3 (JAX): values, reductions,
config and lookup. Fixtures come from tests/keras/fixtures/generate_ops_gaps.py."""

import json
import pathlib

import numpy as np
import pytest

from gradflow.keras import losses

HERE = pathlib.Path(__file__).parents[1] / "fixtures" / "ops_gaps"
DATA = np.load(HERE / "ops_gaps.npz")
CONFIG = json.loads((HERE / "cases.json").read_text())["ctc_config"]
Y_TRUE, LOGITS = DATA["ctc_class/y_true"], DATA["ctc_loss/logits"]


def test_ctc_function_matches_keras():
    np.testing.assert_allclose(losses.ctc(Y_TRUE, LOGITS).numpy(), DATA["ctc_class/fn"], 1e-5)


def test_ctc_class_reductions_match_keras():
    np.testing.assert_allclose(float(losses.CTC()(Y_TRUE, LOGITS)), DATA["ctc_class/loss"], 1e-5)
    per_sample = losses.CTC(reduction=None)(Y_TRUE, LOGITS).numpy()
    np.testing.assert_allclose(per_sample, DATA["ctc_class/loss_none"], rtol=1e-5)


def test_ctc_config_round_trips_as_keras():
    loss = losses.CTC(name="my_ctc")
    assert loss.get_config() == CONFIG
    again = losses.deserialize(losses.serialize(loss))
    assert isinstance(again, losses.CTC) and again.name == "my_ctc"
    assert isinstance(losses.get("CTC"), losses.CTC)
    assert losses.get("ctc") is losses.ctc


def test_ctc_rejects_wrong_ranks():
    with pytest.raises(ValueError, match="y_true.shape"):
        losses.ctc(Y_TRUE[0], LOGITS)
    with pytest.raises(ValueError, match="y_pred.shape"):
        losses.ctc(Y_TRUE, LOGITS[0])
