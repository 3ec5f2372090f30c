"""Parity with real Keras 3 for the convolution and pooling layers: each case of
tests/keras/fixtures/layers_conv (written by generate_layers_conv.py) is rebuilt here
with Keras's seeded weights and compared: outputs, weight layout, config, and the
gradient of sum(output) with respect to the input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import gradflow as gf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "layers_conv"
ALL_CASES = json.loads((FIXTURES / "cases.json").read_text())["cases"]
ARRAYS = np.load(FIXTURES / "arrays.npz")


def cases_of(family) -> list[dict]:
    """The layer cases whose class `family` (a layers module) defines."""
    return [
        c for c in ALL_CASES if c["key"].startswith("case") and hasattr(family, c["class_name"])
    ]


def case_id(case: dict) -> str:
    return f"{case['key']}-{case['class_name']}"


def _layer_with_keras_weights(family, case):
    x = ARRAYS[f"{case['key']}/x"]
    layer = getattr(family, case["class_name"])(**case["kwargs"])
    layer.build(x.shape)
    layer.set_weights([ARRAYS[f"{case['key']}/w{j}"] for j in range(case["num_weights"])])
    return layer, x


def check_output(family, case: dict) -> None:
    layer, x = _layer_with_keras_weights(family, case)
    np.testing.assert_allclose(
        np.asarray(layer(x)), ARRAYS[f"{case['key']}/y"], rtol=1e-5, atol=1e-5
    )


def check_weights(family, case: dict) -> None:
    layer, _ = _layer_with_keras_weights(family, case)
    assert [w.name for w in layer.weights] == case["weight_names"]
    for j, w in enumerate(layer.get_weights()):
        np.testing.assert_array_equal(w, ARRAYS[f"{case['key']}/w{j}"])


def check_config(family, case: dict) -> None:
    layer = getattr(family, case["class_name"])(**case["kwargs"])
    config = {k: v for k, v in layer.get_config().items() if k != "name"}
    assert json.loads(json.dumps(config)) == case["config"]


def check_input_gradient(family, case: dict) -> None:
    layer, x = _layer_with_keras_weights(family, case)
    x = gf.constant(x)
    with gf.GradientTape() as tape:
        tape.watch(x)
        total = gf.numpy.sum(layer(x))
    np.testing.assert_allclose(
        np.asarray(tape.gradient(total, x)), ARRAYS[f"{case['key']}/dx"], rtol=1e-5, atol=1e-5
    )
