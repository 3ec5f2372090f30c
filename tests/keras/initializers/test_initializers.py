"""keras.initializers: deterministic values and configs against real Keras 3 (fixtures
from tests/keras/fixtures/generate_initializers.py); random ones by their distributions
and seeding contract."""

import json
import math
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import initializers
from gradflow.keras.initializers.random_initializers import (
    TRUNCATED_NORMAL_STDDEV,
    compute_fans,
)

FIXTURES = pathlib.Path(__file__).parents[1] / "fixtures" / "initializers"
SPEC = json.loads((FIXTURES / "cases.json").read_text())
ARRAYS = np.load(FIXTURES / "arrays.npz")


@pytest.mark.parametrize(
    "case", SPEC["values"], ids=lambda c: f"{c['class_name']}{c['kwargs']}{c['shape']}"
)
def test_deterministic_values_match_keras(case):
    if case["class_name"] == "STFT" and case["kwargs"].get("window", "hann") is not None:
        pytest.importorskip("scipy")
    init = getattr(initializers, case["class_name"])(**case["kwargs"])
    value = init(tuple(case["shape"]))
    assert value.dtype == np.float32
    np.testing.assert_allclose(value.numpy(), ARRAYS[case["key"]], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", SPEC["configs"], ids=lambda c: f"{c['class_name']}{c['kwargs']}")
def test_configs_match_keras(case):
    init = getattr(initializers, case["class_name"])(**case["kwargs"])
    assert initializers.serialize(init) == case["serialized"]
    clone = initializers.deserialize(case["serialized"])
    assert type(clone) is type(init)
    assert initializers.serialize(clone) == case["serialized"]


@pytest.mark.parametrize("case", SPEC["fans"], ids=lambda c: str(c["shape"]))
def test_compute_fans_matches_keras(case):
    fans = compute_fans(tuple(case["shape"]), case.get("input_axes"), case.get("output_axes"))
    assert list(fans) == case["fans"]


@pytest.mark.parametrize("name, class_name", sorted(SPEC["names"].items()))
def test_string_names_resolve_like_keras(name, class_name):
    assert type(initializers.get(name)).__name__ == class_name


def test_truncated_normal_correction_constant():
    # the stddev of a unit normal truncated to [-2, 2]
    from scipy import stats

    assert math.isclose(TRUNCATED_NORMAL_STDDEV, stats.truncnorm.std(-2, 2), rel_tol=1e-12)


@pytest.mark.parametrize(
    "scale, mode, shape, expected_variance",
    [
        (1.0, "fan_in", (200, 100), 1 / 200),
        (2.0, "fan_out", (200, 100), 2 / 100),
        (1.0, "fan_avg", (200, 100), 1 / 150),
        (2.0, "fan_in", (3, 3, 16, 32), 2 / 144),
        (1.0, "fan_in", (), 1.0),
    ],
)
def test_variance_scaling_variance(scale, mode, shape, expected_variance):
    init = initializers.VarianceScaling(scale=scale, mode=mode)
    assert math.isclose(init.variance(shape), expected_variance, rel_tol=1e-12)


@pytest.mark.parametrize("distribution", ["truncated_normal", "untruncated_normal", "uniform"])
def test_variance_scaling_samples_have_the_target_variance(distribution):
    init = initializers.VarianceScaling(scale=2.0, distribution=distribution, seed=11)
    values = init((400, 300)).numpy()
    assert abs(values.mean()) < 0.002
    assert math.isclose(values.var(), 2.0 / 400, rel_tol=0.03)
    std = math.sqrt(2.0 / 400)
    if distribution == "truncated_normal":
        assert np.abs(values).max() <= 2 * std / TRUNCATED_NORMAL_STDDEV + 1e-6
    if distribution == "uniform":
        assert np.abs(values).max() <= math.sqrt(3) * std + 1e-6


@pytest.mark.parametrize(
    "name, limit",
    [("glorot_uniform", math.sqrt(6 / 300)), ("he_uniform", math.sqrt(6 / 100)),
     ("lecun_uniform", math.sqrt(3 / 100))],
)  # fmt: skip
def test_uniform_presets_bounds(name, limit):
    values = initializers.get(name)((100, 200)).numpy()
    assert np.abs(values).max() <= limit
    assert np.abs(values).max() > 0.95 * limit


def test_random_normal_and_uniform_statistics():
    normal = initializers.RandomNormal(mean=1.0, stddev=0.5, seed=3)((200, 100)).numpy()
    assert abs(normal.mean() - 1.0) < 0.01 and abs(normal.std() - 0.5) < 0.01
    uniform = initializers.RandomUniform(-2.0, 3.0, seed=3)((200, 100)).numpy()
    assert uniform.min() >= -2.0 and uniform.max() < 3.0
    assert abs(uniform.mean() - 0.5) < 0.05
    truncated = initializers.TruncatedNormal(mean=0.5, stddev=0.1, seed=3)((1000,)).numpy()
    assert truncated.min() >= 0.3 and truncated.max() <= 0.7


def test_int_seed_repeats_and_none_seed_draws_fresh_values():
    seeded = initializers.GlorotNormal(seed=5)
    np.testing.assert_array_equal(seeded((4, 3)).numpy(), seeded((4, 3)).numpy())
    unseeded = initializers.GlorotNormal()
    assert not np.array_equal(unseeded((4, 3)).numpy(), unseeded((4, 3)).numpy())


def test_global_seed_makes_unseeded_initializers_reproducible():
    init = initializers.HeNormal()
    gf.random.set_seed(123)
    first = init((5, 5)).numpy()
    gf.random.set_seed(123)
    np.testing.assert_array_equal(init((5, 5)).numpy(), first)


@pytest.mark.parametrize("shape", [(4, 4), (6, 3), (3, 6), (2, 3, 5)])
def test_orthogonal_is_orthogonal(shape):
    q = initializers.Orthogonal(gain=2.0, seed=1)(shape).numpy().reshape(-1, shape[-1])
    if q.shape[0] >= q.shape[1]:
        np.testing.assert_allclose(q.T @ q, 4.0 * np.eye(q.shape[1]), atol=1e-5)
    else:
        np.testing.assert_allclose(q @ q.T, 4.0 * np.eye(q.shape[0]), atol=1e-5)


def test_errors_use_keras_wording():
    with pytest.raises(ValueError, match="Received: shape=\\(2, 2, 2\\)"):
        initializers.Identity()((2, 2, 2))
    with pytest.raises(ValueError, match="Received: scale=0"):
        initializers.VarianceScaling(scale=0)
    with pytest.raises(ValueError, match="Received: seed=abc"):
        initializers.RandomNormal(seed="abc")
    with pytest.raises(ValueError, match="'glorot_unifrom'.*'glorot_uniform'"):
        initializers.get("glorot_unifrom")


def test_get_accepts_arrays_as_fixed_values():
    value = np.arange(6, dtype=np.float32).reshape(2, 3)
    init = initializers.get(value)
    np.testing.assert_array_equal(init((2, 3)).numpy(), value)
    with pytest.raises(ValueError, match="Expected `shape` to be \\(2, 3\\)"):
        init((3, 2))


def test_clone_and_float64_dtype():
    init = initializers.RandomUniform(seed=2).clone()
    assert init((3,), dtype="float64").dtype == np.float64
