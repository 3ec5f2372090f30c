"""keras.losses against real Keras 3: values, gradients and configs from the fixtures
written by tests/keras/fixtures/generate_losses.py."""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import losses
from gradflow.keras.saving import serialization_lib

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "losses"
SPEC = json.loads((FIXTURES / "cases.json").read_text())
ARRAYS = np.load(FIXTURES / "arrays.npz")


def _kwargs(case):
    return {k: tuple(v) if isinstance(v, list) else v for k, v in case["kwargs"].items()}


def _case_id(case):
    args = ",".join(f"{k}={v}" for k, v in case["kwargs"].items())
    weighted = "weighted" if case["weighted"] else "unweighted"
    return f"{case['key']}-{case['class_name']}({args})-{case['reduction']}-{weighted}"


def _make(case):
    cls = getattr(losses, case["class_name"])
    return cls(reduction=case["reduction"], **_kwargs(case))


def _inputs(key):
    weight = ARRAYS.get(f"{key}/sample_weight")
    return ARRAYS[f"{key}/y_true"], gf.constant(ARRAYS[f"{key}/y_pred"]), weight


@pytest.mark.parametrize("case", SPEC["cases"], ids=_case_id)
def test_loss_value_matches_keras(case):
    y_true, y_pred, weight = _inputs(case["key"])
    result = _make(case)(y_true, y_pred, sample_weight=weight)
    expected = ARRAYS[f"{case['key']}/loss"]
    assert result.shape == expected.shape
    np.testing.assert_allclose(result.numpy(), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", SPEC["cases"], ids=_case_id)
def test_loss_gradient_matches_keras(case):
    y_true, y_pred, weight = _inputs(case["key"])
    loss = _make(case)
    with gf.GradientTape() as tape:
        tape.watch(y_pred)
        total = gf.numpy.sum(loss(y_true, y_pred, sample_weight=weight))
    grad = tape.gradient(total, y_pred)
    np.testing.assert_allclose(grad.numpy(), ARRAYS[f"{case['key']}/grad"], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("case", SPEC["cases"], ids=_case_id)
def test_loss_serializes_like_keras(case):
    loss = _make(case)
    assert serialization_lib.serialize_keras_object(loss) == case["serialized"]
    clone = losses.deserialize(case["serialized"])
    assert type(clone) is type(loss)
    assert losses.serialize(clone) == case["serialized"]


@pytest.mark.parametrize("name", sorted(SPEC["defaults"]))
def test_default_config_matches_keras(name):
    loss = getattr(losses, name)()
    assert losses.serialize(loss) == SPEC["defaults"][name]


@pytest.mark.parametrize("case", SPEC["functions"], ids=lambda c: f"{c['key']}-{c['name']}")
def test_loss_function_matches_keras(case):
    key = case["key"]
    fn = getattr(losses, case["name"])
    values = fn(ARRAYS[f"{key}/y_true"], ARRAYS[f"{key}/y_pred"], **case["kwargs"])
    np.testing.assert_allclose(values.numpy(), ARRAYS[f"{key}/values"], rtol=1e-5, atol=1e-6)
    # Keras 3.15 writes functions as {"module": "builtins", "class_name": "function", ...};
    # the name is what identifies them (see the report on serialization_lib)
    assert losses.serialize(fn)["config"] == case["serialized"]["config"]
    assert losses.deserialize(case["serialized"]) is fn


TRACED_CASES = [c for c in SPEC["cases"] if c["reduction"] == "sum_over_batch_size"]


@pytest.mark.parametrize("case", TRACED_CASES, ids=_case_id)
def test_loss_inside_gf_function_matches_keras(case):
    y_true, y_pred, weight = _inputs(case["key"])
    loss = _make(case)
    args = (gf.constant(y_true), y_pred) + (() if weight is None else (gf.constant(weight),))

    @gf.function
    def traced(y_true, y_pred, sample_weight=None):
        return loss(y_true, y_pred, sample_weight=sample_weight)

    result = traced(*args)
    np.testing.assert_allclose(result.numpy(), ARRAYS[f"{case['key']}/loss"], rtol=1e-5, atol=1e-6)
