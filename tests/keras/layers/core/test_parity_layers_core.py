"""Numeric and config parity with real Keras 3 for the core, reshaping, merging,
activation and regularization layers (fixtures from generate_layers_core.py)."""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import masking
from gradflow.keras.layers import activations, core, merging, regularization, reshaping

FIXTURES = pathlib.Path(__file__).parents[2] / "fixtures" / "layers_core"
CASES = json.loads((FIXTURES / "cases.json").read_text())["cases"]
ARRAYS = np.load(FIXTURES / "arrays.npz")
CLASSES = {
    name: getattr(module, name)
    for module in (core, reshaping, merging, activations, regularization)
    for name in module.__all__
}


def _case_layer_and_inputs(case):
    name = case["name"]
    layer = CLASSES[case["class_name"]](**case["kwargs"])
    xs = [gf.constant(ARRAYS[f"{name}/x{k}"]) for k in range(case["num_inputs"])]
    call_kwargs = {}
    if case["mask_arg"]:
        call_kwargs["mask"] = gf.constant(ARRAYS[f"{name}/mask_arg"])
    return layer, xs, call_kwargs


def _prepare(case, xs):
    if case["masked_inputs"]:
        xs = [core.Masking(0.0)(x) for x in xs]
    return xs if case["several"] else xs[0]


def _json(value):
    return json.loads(json.dumps(value))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_outputs_match_keras(case):
    name = case["name"]
    layer, xs, call_kwargs = _case_layer_and_inputs(case)
    layer(_prepare(case, xs), **call_kwargs)
    weights = [ARRAYS[f"{name}/w{k}"] for k in range(case["num_weights"])]
    layer.set_weights(weights)
    output = layer(_prepare(case, xs), **call_kwargs)
    np.testing.assert_allclose(np.asarray(output), ARRAYS[f"{name}/y"], rtol=1e-5, atol=1e-5)
    mask = masking.get_keras_mask(output)
    if f"{name}/y_mask" in ARRAYS:
        assert mask is not None, f"{name}: Keras gives an output mask, gradflow none"
        np.testing.assert_array_equal(np.asarray(mask), ARRAYS[f"{name}/y_mask"])
    else:
        assert mask is None, f"{name}: gradflow gives an output mask, Keras none"
    keras_losses = [k for k in ARRAYS.files if k.startswith(f"{name}/loss")]
    assert len(layer.losses) == len(keras_losses)


def test_activity_regularization_loss_matches_keras():
    case = next(c for c in CASES if c["name"] == "activity_regularization")
    layer, xs, _ = _case_layer_and_inputs(case)
    layer(xs[0])
    np.testing.assert_allclose(
        np.asarray(layer.losses[0]), ARRAYS["activity_regularization/loss0"], rtol=1e-5
    )


GRAD_CASES = [c for c in CASES if f"{c['name']}/grad" in ARRAYS.files]


@pytest.mark.parametrize("case", GRAD_CASES, ids=[c["name"] for c in GRAD_CASES])
def test_input_gradients_match_keras(case):
    name = case["name"]
    layer, xs, call_kwargs = _case_layer_and_inputs(case)
    layer(_prepare(case, xs), **call_kwargs)
    layer.set_weights([ARRAYS[f"{name}/w{k}"] for k in range(case["num_weights"])])
    with gf.GradientTape() as tape:
        tape.watch(xs[0])
        total = gf.numpy.sum(layer(_prepare(case, xs), **call_kwargs))
    grad = tape.gradient(total, xs[0])
    np.testing.assert_allclose(np.asarray(grad), ARRAYS[f"{name}/grad"], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_config_matches_keras(case):
    layer, xs, call_kwargs = _case_layer_and_inputs(case)
    ours = _json(layer.get_config())
    theirs = dict(case["config"])
    ours.pop("name")
    theirs.pop("name")
    assert ours == theirs
