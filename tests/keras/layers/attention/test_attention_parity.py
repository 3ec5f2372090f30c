"""Numbers and configs of the attention layers equal real Keras 3's."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "_norm_attn_parity",
    Path(__file__).resolve().parents[1] / "normalization" / "_norm_attn_parity.py",
)
parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity)

ATTENTION_CASES = parity.cases_of(
    "MultiHeadAttention", "Attention", "AdditiveAttention", "GroupQueryAttention"
)


def test_every_attention_layer_has_cases():
    covered = {parity.CASES[n]["class"] for n in ATTENTION_CASES}
    assert len(covered) == 4


@pytest.mark.parametrize("name", ATTENTION_CASES)
def test_matches_keras(name):
    parity.check_case(name)
