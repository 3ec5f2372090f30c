"""keras.activations against real Keras 3 (fixtures from
tests/keras/fixtures/generate_activations.py), plus lookups and graph mode."""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import activations
from gradflow.keras.saving import register_keras_serializable

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "activations"
SPEC = json.loads((FIXTURES / "cases.json").read_text())
ARRAYS = np.load(FIXTURES / "arrays.npz")
X, W = ARRAYS["x"], ARRAYS["w"]


def _case_id(case):
    args = ",".join(f"{k}={v}" for k, v in case["kwargs"].items())
    return f"{case['name']}({args})"


@pytest.mark.parametrize("case", SPEC["cases"], ids=_case_id)
def test_activation_matches_keras(case):
    fn = getattr(activations, case["name"])
    out = fn(gf.constant(X), **case["kwargs"])
    np.testing.assert_allclose(np.asarray(out), ARRAYS[f"{case['key']}/out"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", SPEC["cases"], ids=_case_id)
def test_activation_gradient_matches_keras(case):
    fn = getattr(activations, case["name"])
    x = gf.constant(X)
    with gf.GradientTape() as tape:
        tape.watch(x)
        out = fn(x, **case["kwargs"])
        w = W[: out.shape[0], : out.shape[1]]
        total = gf.numpy.sum(out * w)
    grad = tape.gradient(total, x)
    np.testing.assert_allclose(grad.numpy(), ARRAYS[f"{case['key']}/grad"], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", sorted(SPEC["serialized"]))
def test_serialize_and_get_match_keras(name):
    fn = getattr(activations, name)
    assert activations.serialize(fn) == SPEC["serialized"][name]
    assert activations.get(name) is fn
    assert activations.deserialize(SPEC["serialized"][name]) is fn


def test_keras_has_35_public_activation_names():
    names = set(activations.ALL_OBJECTS_DICT) | {"get", "serialize", "deserialize"}
    assert len(names) == 35
    assert all(hasattr(activations, name) for name in names)


def test_get_none_is_linear_and_unknown_names_suggest():
    assert activations.get(None) is activations.linear
    with pytest.raises(ValueError, match="activation function identifier: 'rleu'.*'relu'"):
        activations.get("rleu")


def test_gelu_string_is_exact_erf_form():
    x = gf.constant([1.0])
    exact = activations.get("gelu")(x)
    approximate = activations.gelu(x, approximate=True)
    assert round(float(exact[0]), 6) == 0.841345
    assert float(exact[0]) != float(approximate[0])


def test_custom_activation_serializes_as_registered_config():
    @register_keras_serializable(package="test_activations")
    def doubled(x):
        return 2.0 * x

    config = activations.serialize(doubled)
    assert config["config"] == "test_activations>doubled"
    assert activations.deserialize(config) is doubled


def test_activations_trace_in_gf_function():
    @gf.function
    def traced(x):
        return activations.relu(x, negative_slope=0.1, max_value=3.0, threshold=0.5)

    x = gf.constant(X)
    np.testing.assert_allclose(
        traced(x).numpy(), activations.relu(x, 0.1, 3.0, 0.5).numpy(), rtol=1e-6
    )
