"""Pooling layers give Keras 3's numbers: fixtures from real Keras (JAX backend),
written by tests/keras/fixtures/generate_layers_conv.py — config, inference outputs
(also with a mask), and gradients of sum(output) for some cases."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras.layers import pooling

_spec = importlib.util.spec_from_file_location(
    "_conv_pool_parity", Path(__file__).resolve().parents[1] / "_conv_pool_parity.py"
)
parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity)

CASES = parity.cases_of(pooling)
GRAD_CASES = [c for c in CASES if c["grad"]]


@pytest.mark.parametrize("case", CASES, ids=parity.case_id)
def test_output_matches_keras(case):
    parity.check_output(pooling, case)


@pytest.mark.parametrize("case", CASES, ids=parity.case_id)
def test_weights_match_keras_layout(case):
    parity.check_weights(pooling, case)


@pytest.mark.parametrize("case", CASES, ids=parity.case_id)
def test_config_matches_keras(case):
    parity.check_config(pooling, case)


@pytest.mark.parametrize("case", GRAD_CASES, ids=parity.case_id)
def test_input_gradient_matches_keras(case):
    parity.check_input_gradient(pooling, case)


MASKED = [c for c in parity.ALL_CASES if c["key"].startswith("masked")]


@pytest.mark.parametrize("case", MASKED, ids=[c["key"] for c in MASKED])
def test_global_average_pooling_1d_mask_matches_keras(case):
    layer = pooling.GlobalAveragePooling1D(**case["kwargs"])
    x, mask = parity.ARRAYS[f"{case['key']}/x"], parity.ARRAYS[f"{case['key']}/mask"]
    out = layer(x, mask=gf.constant(mask))
    np.testing.assert_allclose(
        np.asarray(out), parity.ARRAYS[f"{case['key']}/y"], rtol=1e-5, atol=1e-6
    )
