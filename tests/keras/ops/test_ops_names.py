"""gradflow.keras.ops exports Keras 3's keras.ops names (minus the listed gaps)."""

import json
import pathlib

from gradflow.keras import ops
from gradflow.keras import random as krandom

NAMES = json.loads(
    (pathlib.Path(__file__).parents[1] / "fixtures" / "ops" / "names.json").read_text()
)

KNOWN_GAPS: set[str] = set()  # every top-level Keras 3 op is implemented
IMAGE_GAPS: set[str] = set()  # every keras.ops.image op is implemented
SUBMODULES = {"core", "image", "linalg", "math", "nn", "numpy"}


def test_top_level_names_are_keras_names_minus_gaps():
    ours = set(ops.__all__) - SUBMODULES
    assert ours == set(NAMES["ops"]) - KNOWN_GAPS
    for name in ours:
        assert callable(getattr(ops, name)), name


def test_submodules_hold_keras_names_minus_gaps():
    for sub in ("numpy", "nn", "linalg"):
        module = getattr(ops, sub)
        assert set(module.__all__) == set(NAMES[sub]) - KNOWN_GAPS, sub
    assert set(ops.image.__all__) == set(NAMES["image"]) - IMAGE_GAPS


def test_image_ops_are_not_top_level():
    assert not any(hasattr(ops, name) for name in ("resize", "rgb_to_grayscale", "pad_images"))


def test_random_names_are_keras_names():
    assert set(krandom.__all__) == set(NAMES["random"])
