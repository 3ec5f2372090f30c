"""Learning rate schedules against real Keras 3: values at many steps (eager, traced on
a step tensor, and on an int32 variable like an optimizer's `iterations`), configs."""

import json
import os

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.optimizers import schedules

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "optimizers")
with open(os.path.join(FIXTURES, "schedules.json")) as _f:
    SPEC = json.load(_f)
STEPS = SPEC["steps"]
CASES = SPEC["cases"]
IDS = [f"{i}-{case['class_name']}" for i, case in enumerate(CASES)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_values_match_keras(case):
    schedule = getattr(schedules, case["class_name"])(**case["kwargs"])
    values = [float(schedule(gf.constant(np.int32(s)))) for s in STEPS]
    np.testing.assert_allclose(values, case["values"], rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_traced_values_equal_eager_values(case):
    schedule = getattr(schedules, case["class_name"])(**case["kwargs"])
    traced = gf.function(schedule.__call__)
    step = gf.Variable(np.int32(0), trainable=False)
    on_variable = gf.function(lambda: schedule(step))
    for s in STEPS:
        eager = schedule(gf.constant(np.int32(s))).numpy()
        np.testing.assert_array_equal(traced(gf.constant(np.int32(s))).numpy(), eager)
        step.assign(np.int32(s))
        np.testing.assert_array_equal(on_variable().numpy(), eager)
    assert traced.trace_count == 1
    assert on_variable.trace_count == 1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_config_matches_keras(case):
    schedule = getattr(schedules, case["class_name"])(**case["kwargs"])
    assert schedules.serialize(schedule) == case["serialized"]
    restored = schedules.deserialize(case["serialized"])
    assert type(restored) is type(schedule)
    assert restored.get_config() == schedule.get_config()


def test_python_int_step():
    schedule = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert float(schedule(10)) == pytest.approx(0.05)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: schedules.ExponentialDecay(0.1, 0, 0.9), "decay_steps=0"),
        (lambda: schedules.PolynomialDecay(0.1, -1), "decay_steps=-1"),
        (lambda: schedules.InverseTimeDecay(0.1, 0, 0.5), "decay_steps=0"),
        (lambda: schedules.CosineDecay(0.1, 0), "decay_steps=0"),
        (lambda: schedules.CosineDecayRestarts(0.1, 0), "first_decay_steps=0"),
        (lambda: schedules.PiecewiseConstantDecay([1, 2], [0.1, 0.2]), "length of boundaries"),
    ],
)
def test_bad_arguments_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_custom_schedule_must_implement_call():
    class Incomplete(schedules.LearningRateSchedule):
        pass

    with pytest.raises(NotImplementedError, match="must override `__call__"):
        Incomplete()(0)
