"""Convolution layers give Keras 3's numbers: fixtures from real Keras (JAX backend),
written by tests/keras/fixtures/generate_layers_conv.py — config, seeded weights in
Keras's layout, inference outputs, and gradients of sum(output) for some cases."""

import importlib.util
from pathlib import Path

import pytest

from gradflow.keras.layers import convolutional

_spec = importlib.util.spec_from_file_location(
    "_conv_pool_parity", Path(__file__).resolve().parents[1] / "_conv_pool_parity.py"
)
parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity)

CASES = parity.cases_of(convolutional)
GRAD_CASES = [c for c in CASES if c["grad"]]


@pytest.mark.parametrize("case", CASES, ids=parity.case_id)
def test_output_matches_keras(case):
    parity.check_output(convolutional, case)


@pytest.mark.parametrize("case", CASES, ids=parity.case_id)
def test_weights_match_keras_layout(case):
    parity.check_weights(convolutional, case)


@pytest.mark.parametrize("case", CASES, ids=parity.case_id)
def test_config_matches_keras(case):
    parity.check_config(convolutional, case)


@pytest.mark.parametrize("case", GRAD_CASES, ids=parity.case_id)
def test_input_gradient_matches_keras(case):
    parity.check_input_gradient(convolutional, case)
