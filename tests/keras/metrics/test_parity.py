"""keras.metrics against real Keras 3: every fixture case, eagerly and inside gf.function.

The fixtures come from tests/keras/fixtures/generate_metrics.py (run with real Keras).
"""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import backend, metrics

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "metrics"
DATA = json.loads((FIXTURES / "cases.json").read_text())
with np.load(FIXTURES / "inputs.npz") as _npz:
    INPUTS = {key: _npz[key] for key in _npz.files}
CASES = {case["id"]: case for case in DATA["cases"]}


def _make(case):
    backend.clear_session()
    return getattr(metrics, case["class_name"])(**case["kwargs"])


def _arrays(keys):
    return tuple(INPUTS[keys[f]] if f in keys else None for f in ("y_true", "y_pred", "weight"))


def _update(metric, y_true, y_pred, weight):
    if y_true is None:
        metric.update_state(y_pred, sample_weight=weight)
    else:
        metric.update_state(y_true, y_pred, sample_weight=weight)


def _assert_close(actual, expected, case_id, step):
    expected = np.asarray(expected, dtype=np.float64)
    # Counts are differences of float32 sums (total - cumulative), so a zero can come
    # out as a rounding residue of the largest count: scale atol with the magnitudes.
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    np.testing.assert_allclose(
        np.asarray(actual, dtype=np.float64),
        expected,
        rtol=1e-5,
        atol=1e-6 * scale,
        err_msg=f"{case_id}: result after update {step}",
    )


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_eager_matches_keras(case_id):
    case = CASES[case_id]
    metric = _make(case)
    for step, (keys, expected) in enumerate(zip(case["updates"], case["results"])):
        _update(metric, *_arrays(keys))
        _assert_close(metric.result().numpy(), expected, case_id, step)
    shapes = [list(v.shape) for v in metric.variables]
    assert shapes == case["variable_shapes"]


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_traced_matches_keras(case_id):
    case = CASES[case_id]
    metric = _make(case)
    first_true, first_pred, _ = _arrays(case["updates"][0])
    if not metric.built:
        metric.build(np.shape(first_true), np.shape(first_pred))
    variables_before = list(metric.variables)

    @gf.function
    def step_unweighted(y_true, y_pred):
        metric.update_state(y_true, y_pred)
        return metric.result()

    @gf.function
    def step_weighted(y_true, y_pred, weight):
        metric.update_state(y_true, y_pred, sample_weight=weight)
        return metric.result()

    @gf.function
    def values_step(values, weight):
        metric.update_state(values, sample_weight=weight)
        return metric.result()

    for step, (keys, expected) in enumerate(zip(case["updates"], case["results"])):
        y_true, y_pred, weight = _arrays(keys)
        if y_true is None:
            result = values_step(y_pred, weight)
        elif weight is None:
            result = step_unweighted(y_true, y_pred)
        else:
            result = step_weighted(y_true, y_pred, weight)
        _assert_close(result.numpy(), expected, case_id, step)
    # the same variables were updated in place; tracing made none
    assert [id(v) for v in metric.variables] == [id(v) for v in variables_before]


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_serialized_config_matches_keras(case_id):
    case = CASES[case_id]
    metric = _make(case)
    assert metrics.serialize(metric) == case["serialized"]


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_reset_state_restarts_from_zero(case_id):
    case = CASES[case_id]
    metric = _make(case)
    for keys in case["updates"]:
        _update(metric, *_arrays(keys))
    metric.reset_state()
    _update(metric, *_arrays(case["updates"][0]))
    _assert_close(metric.result().numpy(), case["results"][0], case_id, "reset")


@pytest.mark.parametrize("index", range(len(DATA["functions"])))
def test_function_forms_match_keras(index):
    spec = DATA["functions"][index]
    fn = getattr(metrics, spec["name"])
    result = fn(INPUTS[spec["key"] + "/y_true"], INPUTS[spec["key"] + "/y_pred"], **spec["kwargs"])
    np.testing.assert_allclose(result.numpy(), spec["result"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(DATA["names"]))
def test_get_resolves_names_like_keras(name):
    expected = DATA["names"][name]
    backend.clear_session()
    if expected is None:
        with pytest.raises((ValueError, TypeError)):
            metrics.get(name)
        return
    metric = metrics.get(name)
    assert type(metric).__name__ == expected["class_name"]
    assert metric.name == expected["name"]
