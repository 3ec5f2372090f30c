"""keras.constraints against real Keras 3 (fixtures from
tests/keras/fixtures/generate_constraints.py)."""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import constraints

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "constraints"
SPEC = json.loads((FIXTURES / "cases.json").read_text())
ARRAYS = np.load(FIXTURES / "arrays.npz")


def _id(case):
    return f"{case['class_name']}{case['kwargs']}"


@pytest.mark.parametrize("case", SPEC["cases"], ids=_id)
def test_projection_matches_keras(case):
    constraint = getattr(constraints, case["class_name"])(**case["kwargs"])
    out = constraint(gf.constant(ARRAYS["weight"]))
    np.testing.assert_allclose(out.numpy(), ARRAYS[f"{case['key']}/out"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", SPEC["cases"], ids=_id)
def test_config_matches_keras(case):
    constraint = getattr(constraints, case["class_name"])(**case["kwargs"])
    assert constraints.serialize(constraint) == case["serialized"]
    clone = constraints.deserialize(case["serialized"])
    assert constraints.serialize(clone) == case["serialized"]


@pytest.mark.parametrize("name, class_name", sorted(SPEC["names"].items()))
def test_names_resolve_like_keras(name, class_name):
    assert type(constraints.get(name)).__name__ == class_name


def test_constraint_applies_to_a_variable_value_inside_gf_function():
    weight = gf.Variable(ARRAYS["weight"])
    constraint = constraints.MaxNorm(1.0, axis=[0, 1])

    @gf.function
    def project():
        weight.assign(constraint(weight.value()))

    project()
    norms = np.sqrt((weight.numpy() ** 2).sum(axis=(0, 1)))
    assert (norms <= 1.0 + 1e-5).all()


def test_unknown_name_suggests_close_names():
    with pytest.raises(ValueError, match="'max_nrom'.*'max_norm'"):
        constraints.get("max_nrom")
