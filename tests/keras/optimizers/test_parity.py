"""Every optimizer against real Keras 3: the same initial weights and the same five
gradients give the same weights and optimizer variables after every step, eagerly and
inside one traced gf.function; and the same configs, variable names, dtypes and order.

Fixtures: tests/keras/fixtures/generate_optimizers.py (run with the reference Keras).
"""

import json
import os
import re

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import optimizers

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "optimizers")
with open(os.path.join(FIXTURES, "optimizers.json")) as _f:
    SPEC = json.load(_f)
ARRAYS = dict(np.load(os.path.join(FIXTURES, "optimizers.npz")))
CASES = {case["id"]: case for case in SPEC["cases"]}
STEPS = SPEC["steps"]


def _flat(variables) -> np.ndarray:
    return np.concatenate([np.asarray(v.numpy(), np.float64).ravel() for v in variables])


def _model_variables():
    return [
        gf.Variable(ARRAYS["init/0"], name="kernel"),
        gf.Variable(ARRAYS["init/1"], name="bias"),
    ]


def _grads(case, step):
    # LossScaleOptimizer cases get gradients with an inf (step 1) and a NaN (step 3)
    key = "loss_scale_grads" if case["class_name"] == "LossScaleOptimizer" else "grads"
    return [gf.constant(ARRAYS[f"{key}/{step}/0"]), gf.constant(ARRAYS[f"{key}/{step}/1"])]


def _run(case, traced: bool):
    """(weights, optimizer variables) after each step, one row per step."""
    optimizer = optimizers.deserialize(case["serialized"])
    variables = _model_variables()
    optimizer.build(variables)

    def step_fn(g0, g1):
        optimizer.apply([g0, g1], variables)

    step = gf.function(step_fn) if traced else step_fn
    weights, slots = [], []
    for i in range(STEPS):
        step(*_grads(case, i))
        weights.append(_flat(variables))
        slots.append(_flat(optimizer.variables))
    if traced:
        assert step.trace_count == 1
    return optimizer, np.stack(weights), np.stack(slots)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_steps_match_keras(case_id):
    case = CASES[case_id]
    optimizer, weights, slots = _run(case, traced=False)
    np.testing.assert_allclose(weights, ARRAYS[f"{case_id}/weights"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(slots, ARRAYS[f"{case_id}/slots"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_traced_steps_equal_eager_steps(case_id):
    case = CASES[case_id]
    _, eager_weights, eager_slots = _run(case, traced=False)
    _, traced_weights, traced_slots = _run(case, traced=True)
    np.testing.assert_array_equal(traced_weights, eager_weights)
    np.testing.assert_array_equal(traced_slots, eager_slots)
    np.testing.assert_allclose(traced_weights, ARRAYS[f"{case_id}/weights"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_variables_and_config_match_keras(case_id):
    case = CASES[case_id]
    optimizer = optimizers.deserialize(case["serialized"])
    optimizer.build(_model_variables())
    # Nadam's extra scalar is auto-named 'variable', 'variable_1' … by a global counter
    names = [re.sub(r"^variable_\d+$", "variable", v.name) for v in optimizer.variables]
    expected = [re.sub(r"^variable_\d+$", "variable", n) for n in case["variable_names"]]
    assert names == expected
    assert [v.dtype.name for v in optimizer.variables] == case["variable_dtypes"]
    assert [list(v.shape) for v in optimizer.variables] == case["variable_shapes"]
    assert optimizers.serialize(optimizer) == case["serialized"]
