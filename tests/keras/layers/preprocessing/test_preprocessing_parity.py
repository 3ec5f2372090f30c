"""Numbers and configs equal real Keras 3's (fixtures from
tests/keras/fixtures/generate_preprocessing.py): every case builds the gradflow layer
with Keras's arguments, loads Keras's weights, and compares outputs and `get_config()`."""

import json
import os

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers import preprocessing

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "preprocessing")
with open(os.path.join(FIXTURES, "configs.json")) as f:
    CASES = json.load(f)

# transform_images cases call the layer's deterministic transform with a fixed
# transformation; everything else is a plain (inference) call.
FIXED = {"rotation_", "zoom_fixed", "translation_fixed", "flip_fixed", "contrast_fixed",
         "brightness_fixed", "crop_fixed", "crop_fallback"}  # fmt: skip


def _load(name):
    with np.load(os.path.join(FIXTURES, f"{name}.npz")) as data:
        return {k: data[k] for k in data.files}


def _jsonable(config):
    return json.loads(json.dumps(config, default=lambda o: np.asarray(o).tolist()))


def _without_name(config):
    return {k: v for k, v in config.items() if k != "name"}


def _build(name):
    case = CASES[name]
    cls = getattr(preprocessing, case["class_name"])
    kwargs = dict(case["kwargs"])
    if isinstance(kwargs.get("axis"), list):
        kwargs["axis"] = tuple(kwargs["axis"])
    return cls(**kwargs), case


def _transformation(name, data):
    if name.startswith("rotation_"):
        return {"rotation_matrix": gf.constant(data["matrix"])}
    if name == "zoom_fixed":
        return {"height_zoom": gf.constant(data["height_zoom"]),
                "width_zoom": gf.constant(data["width_zoom"])}  # fmt: skip
    if name == "translation_fixed":
        return {"translations": gf.constant(data["translations"])}
    if name == "flip_fixed":
        return {"flips": gf.constant(data["flips"])}
    if name == "contrast_fixed":
        return {"contrast_factor": gf.constant(data["contrast_factor"])}
    if name == "brightness_fixed":
        return {"rgb_delta": gf.constant(data["rgb_delta"])}
    return tuple(int(v) for v in data["offsets"])


def _run(name, layer, data):
    x = data["inputs"]
    if any(name.startswith(prefix) for prefix in FIXED):
        return layer.transform_images(gf.constant(x), _transformation(name, data))
    if name == "category_encoding_count_weights":
        return layer(x, count_weights=data["count_weights"])
    if name.startswith("discretization_adapt"):
        layer.adapt(data["adapt_data"])
        np.testing.assert_allclose(layer.bin_boundaries, data["bin_boundaries"], rtol=1e-6)
    if name.startswith("random_"):
        return layer(x, training=False)
    weights = [data[f"weight_{i}"] for i in range(len([k for k in data if "weight_" in k]))]
    if weights:
        layer.build(x.shape)
        layer.set_weights(weights)
        layer.finalize_state()
    return layer(x)


@pytest.mark.parametrize("name", sorted(CASES))
def test_outputs_match_keras(name):
    layer, _ = _build(name)
    data = _load(name)
    out = np.asarray(_run(name, layer, data))
    expected = data["outputs"]
    assert out.shape == expected.shape
    # float32 resampling: products summed in another order differ by a few ulps of 255
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("name", sorted(CASES))
def test_config_matches_keras(name):
    layer, case = _build(name)
    if name.startswith("discretization_adapt"):
        layer.adapt(_load(name)["adapt_data"])
    ours = _without_name(_jsonable(layer.get_config()))
    theirs = _without_name(case["config"])
    if name.startswith("discretization_adapt"):
        np.testing.assert_allclose(ours.pop("bin_boundaries"), theirs.pop("bin_boundaries"),
                                   rtol=1e-6)  # fmt: skip
    assert ours == theirs


def test_normalization_gradient_matches_keras():
    layer, _ = _build("normalization_given")
    x = gf.constant(_load("normalization_given")["inputs"])
    grad = gf.grad(lambda t: gf.numpy.sum(layer(t)))(x)
    expected = _load("normalization_given_grad")["grad"]
    np.testing.assert_allclose(np.asarray(grad), expected, rtol=1e-6)


def test_normalization_weights_have_keras_layout():
    layer, _ = _build("normalization_adapt")
    data = _load("normalization_adapt")
    layer.adapt(data["inputs"])
    names = [w.name for w in layer.weights]
    assert names == ["mean", "variance", "count"]
    for ours, theirs in zip(layer.get_weights(), [data[f"weight_{i}"] for i in range(3)]):
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)
