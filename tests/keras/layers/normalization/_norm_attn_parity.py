"""Parity with real Keras 3 for the normalization and attention layers: each case of
tests/keras/fixtures/layers_norm_attn (written by generate_layers_norm_attn.py) is
rebuilt here with Keras's weights and compared output by output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import gradflow as gf
from gradflow.keras.layers import attention, normalization

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "layers_norm_attn"
CASES = json.loads((FIXTURES / "cases.json").read_text())
RTOL = ATOL = 1e-5


def layer_class(name: str):
    for family in (normalization, attention):
        if hasattr(family, name):
            return getattr(family, name)
    raise KeyError(name)


def cases_of(*class_names: str) -> list[str]:
    return sorted(n for n, c in CASES.items() if c["class"] in class_names)


def call(layer, tensors: dict, spec: dict, **extra):
    """Call `layer` as the generator called Keras's (see its CASES comment)."""
    args = [tensors[n] for n in spec.get("args", ["x"])]
    if spec.get("list"):
        args = [args]
    kwargs = dict(spec.get("kwargs", {}))
    for key, names in spec.get("arrays", {}).items():
        kwargs[key] = [tensors[n] for n in names] if isinstance(names, list) else tensors[names]
    return layer(*args, **kwargs, **extra)


def _flat(outputs) -> list:
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def _config(config: dict) -> dict:
    """JSON-normal form (tuples become lists), without the auto-generated name."""
    config = json.loads(json.dumps(config))
    config.pop("name", None)
    return config


def check_case(name: str) -> None:
    """Build the case's layer, load Keras's weights, compare outputs, config, the
    training step and the input gradient, as the case's flags ask."""
    case = CASES[name]
    data = np.load(FIXTURES / f"{name}.npz")
    spec = case["call"]
    tensors = {n: gf.constant(data[f"input_{n}"]) for n in case["inputs"]}
    layer = layer_class(case["class"])(**case["init"])
    call(layer, tensors, spec)  # builds the weights
    weights = [data[f"weight_{i}"] for i in range(case["num_weights"])]
    layer.set_weights(weights)

    outputs = _flat(call(layer, tensors, spec, training=False))
    expected = sorted(k for k in data.files if k.startswith("output_"))
    assert len(outputs) == len(expected), f"{name}: {len(outputs)} outputs"
    for i, out in enumerate(outputs):
        np.testing.assert_allclose(
            np.asarray(out),
            data[f"output_{i}"],
            rtol=RTOL,
            atol=ATOL,
            err_msg=f"{name}: output {i}",
        )
    assert _config(layer.get_config()) == _config(case["config"]), f"{name}: config"

    if "train" in case["flags"]:
        out = call(layer, tensors, spec, training=True)
        np.testing.assert_allclose(
            np.asarray(out),
            data["train_output_0"],
            rtol=RTOL,
            atol=ATOL,
            err_msg=f"{name}: training output",
        )
        for i, w in enumerate(layer.get_weights()):
            np.testing.assert_allclose(
                w,
                data[f"train_weight_{i}"],
                rtol=RTOL,
                atol=ATOL,
                err_msg=f"{name}: weight {i} after a training call",
            )
        layer.set_weights(weights)

    if "grad" in case["flags"]:
        first = spec.get("args", ["x"])[0]
        x = tensors[first]
        with gf.GradientTape() as tape:
            tape.watch(x)
            total = gf.numpy.sum(_flat(call(layer, tensors, spec, training=False))[0])
        np.testing.assert_allclose(
            np.asarray(tape.gradient(total, x)),
            data["grad"],
            rtol=1e-4,
            atol=1e-5,
            err_msg=f"{name}: gradient",
        )
