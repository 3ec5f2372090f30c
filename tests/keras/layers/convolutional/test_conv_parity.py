"""Convolution layers give Keras 3's numbers: fixtures from real Keras (JAX backend),
written by tests/keras/fixtures/generate_layers_conv.py — config, seeded weights in
Keras's layout, inference outputs, and gradients of sum(output) for some cases."""

import json
import os

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers import convolutional

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "layers_conv")
with open(os.path.join(FIXTURES, "cases.json")) as f:
    ALL_CASES = json.load(f)["cases"]
CASES = [
    c for c in ALL_CASES if c["key"].startswith("case") and hasattr(convolutional, c["class_name"])
]
ARRAYS = np.load(os.path.join(FIXTURES, "arrays.npz"))
IDS = [f"{c['key']}-{c['class_name']}" for c in CASES]


def _layer_with_keras_weights(case):
    x = ARRAYS[f"{case['key']}/x"]
    layer = getattr(convolutional, case["class_name"])(**case["kwargs"])
    layer.build(x.shape)
    layer.set_weights([ARRAYS[f"{case['key']}/w{j}"] for j in range(case["num_weights"])])
    return layer, x


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_output_matches_keras(case):
    layer, x = _layer_with_keras_weights(case)
    np.testing.assert_allclose(
        np.asarray(layer(x)), ARRAYS[f"{case['key']}/y"], rtol=1e-5, atol=1e-5
    )


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_weights_match_keras_layout(case):
    layer, _ = _layer_with_keras_weights(case)
    assert [w.name for w in layer.weights] == case["weight_names"]
    for j, w in enumerate(layer.get_weights()):
        np.testing.assert_array_equal(w, ARRAYS[f"{case['key']}/w{j}"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_config_matches_keras(case):
    layer = getattr(convolutional, case["class_name"])(**case["kwargs"])
    config = {k: v for k, v in layer.get_config().items() if k != "name"}
    assert json.loads(json.dumps(config)) == case["config"]


GRAD_CASES = [c for c in CASES if c["grad"]]


@pytest.mark.parametrize(
    "case", GRAD_CASES, ids=[f"{c['key']}-{c['class_name']}" for c in GRAD_CASES]
)
def test_input_gradient_matches_keras(case):
    layer, x = _layer_with_keras_weights(case)
    x = gf.constant(x)
    with gf.GradientTape() as tape:
        tape.watch(x)
        total = gf.numpy.sum(layer(x))
    np.testing.assert_allclose(
        np.asarray(tape.gradient(total, x)), ARRAYS[f"{case['key']}/dx"], rtol=1e-5, atol=1e-5
    )
