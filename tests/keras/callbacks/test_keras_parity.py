"""Callbacks decide exactly as Keras 3's do, on scripted logs.

fixtures/callbacks/scenarios.json holds the scenarios and what real Keras recorded for
each (generate_callbacks.py); here gradflow's callbacks run through the same driver.
"""

import importlib.util
import json
import math
import os

import pytest

from gradflow.keras import callbacks

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "callbacks", "scenarios.json")

_spec = importlib.util.spec_from_file_location(
    "scenario_driver", os.path.join(HERE, "scenario_driver.py")
)
driver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(driver)

with open(FIXTURE, encoding="utf-8") as _f:
    _DATA = json.load(_f)


def make_gradflow_callback(name, kwargs, workdir):
    return getattr(callbacks, name)(**driver.resolve_kwargs(kwargs, workdir))


def _same(a, b) -> bool:
    """Equality of records, where learning rates may differ in the last bits (Keras
    reads them back through float32)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("name", sorted(_DATA["scenarios"]))
def test_callback_matches_keras(name, tmp_path):
    expected = _DATA["keras"][name]
    got = driver.run_scenario(make_gradflow_callback, _DATA["scenarios"][name], str(tmp_path))
    assert got["saved"] == expected["saved"]
    assert got["files"] == expected["files"]
    assert got["printed"] == expected["printed"]
    assert got["final_weights"] == expected["final_weights"]
    assert _same(got["epochs"], expected["epochs"]), (got["epochs"], expected["epochs"])
