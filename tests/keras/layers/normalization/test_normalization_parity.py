"""Numbers and configs of the normalization layers equal real Keras 3's."""

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "_norm_attn_parity", Path(__file__).with_name("_norm_attn_parity.py")
)
parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(parity)

NORMALIZATION_CASES = parity.cases_of(
    "BatchNormalization",
    "LayerNormalization",
    "GroupNormalization",
    "UnitNormalization",
    "RMSNormalization",
)


def test_every_normalization_layer_has_cases():
    covered = {parity.CASES[n]["class"] for n in NORMALIZATION_CASES}
    assert len(covered) == 5


@pytest.mark.filterwarnings("ignore:You passed `rms_scaling=True`")
@pytest.mark.parametrize("name", NORMALIZATION_CASES)
def test_matches_keras(name):
    parity.check_case(name)
