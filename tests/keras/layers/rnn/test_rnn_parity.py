"""Numbers and configs of the recurrent layers against real Keras 3.15.1 (fixtures
written by tests/keras/fixtures/generate_layers_rnn.py)."""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers.rnn import rnn_objects

FIXTURES = pathlib.Path(__file__).parents[2] / "fixtures" / "layers_rnn"
CASES = json.loads((FIXTURES / "configs.json").read_text())


def _jsonable(config):
    return json.loads(json.dumps(config))


def _load(name):
    spec = CASES[name]
    data = np.load(FIXTURES / f"{name}.npz")
    layer = rnn_objects()[spec["class_name"]].from_config(spec["config"])
    kwargs = {}
    if "mask" in data:
        kwargs["mask"] = gf.constant(data["mask"])
    states = sorted(k for k in data.files if k.startswith("s") and k[1:].isdigit())
    if states:
        kwargs["initial_state"] = [gf.constant(data[k]) for k in states]
    x = gf.constant(data["x"])
    layer(x, **kwargs)
    n_weights = len([k for k in data.files if k.startswith("w")])
    layer.set_weights([data[f"w{i}"] for i in range(n_weights)])
    expected = [data[f"y{i}"] for i in range(spec["n_outputs"])]
    return layer, x, kwargs, expected, data


def _flat(out):
    if isinstance(out, (list, tuple)):
        return [leaf for item in out for leaf in _flat(item)]
    return [out]


@pytest.mark.parametrize("name", sorted(CASES))
def test_config_matches_keras(name):
    spec = CASES[name]
    layer = rnn_objects()[spec["class_name"]].from_config(spec["config"])
    assert _jsonable(layer.get_config()) == _jsonable(spec["config"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_outputs_match_keras(name):
    layer, x, kwargs, expected, _ = _load(name)
    got = _flat(layer(x, **kwargs))
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(np.asarray(g), e, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "name", ["lstm_masked", "gru_masked_backwards", "rnn_stacked", "bidirectional_concat"]
)
def test_traced_outputs_match_keras(name):
    layer, x, kwargs, expected, _ = _load(name)
    got = _flat(gf.function(lambda t: layer(t, **kwargs))(x))
    for g, e in zip(got, expected):
        np.testing.assert_allclose(np.asarray(g), e, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n]["flags"].get("grad")))
@pytest.mark.parametrize("traced", [False, True])
def test_input_gradient_matches_keras(name, traced):
    layer, x, kwargs, _, data = _load(name)

    def grad(x):
        with gf.GradientTape() as tape:
            tape.watch(x)
            total = gf.numpy.sum(_flat(layer(x, **kwargs))[0])
        return tape.gradient(total, x)

    got = gf.function(grad)(x) if traced else grad(x)
    np.testing.assert_allclose(np.asarray(got), data["grad"], rtol=1e-5, atol=1e-5)
