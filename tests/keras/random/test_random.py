"""keras.random: seed semantics and distributions (moments, ranges), not bits."""

import numpy as np
import pytest

from gradflow import keras
from gradflow.keras.random.seeding import set_random_seed

N = 20000


def test_int_seed_repeats_and_generator_advances():
    a = keras.random.normal((5,), seed=3).numpy()
    assert np.array_equal(a, keras.random.normal((5,), seed=3).numpy())
    gen = keras.random.SeedGenerator(3)
    first, second = (keras.random.normal((5,), seed=gen).numpy() for _ in range(2))
    assert not np.array_equal(first, second)
    again = keras.random.SeedGenerator(3)
    assert np.array_equal(first, keras.random.normal((5,), seed=again).numpy())


def test_set_random_seed_fixes_unseeded_calls():
    set_random_seed(11)
    a = keras.random.uniform((4,)).numpy()
    set_random_seed(11)
    assert np.array_equal(a, keras.random.uniform((4,)).numpy())


@pytest.mark.parametrize(
    "draw, mean, std",
    [
        (lambda: keras.random.normal((N,), mean=1.0, stddev=2.0, seed=1), 1.0, 2.0),
        (lambda: keras.random.uniform((N,), minval=-1.0, maxval=3.0, seed=2), 1.0, 4 / 12**0.5),
        (lambda: keras.random.gamma((N,), alpha=3.0, seed=3), 3.0, 3.0**0.5),
        (lambda: keras.random.gamma((N,), alpha=0.5, seed=4), 0.5, 0.5**0.5),
        (lambda: keras.random.beta((N,), 2.0, 5.0, seed=5), 2 / 7, (10 / (49 * 8)) ** 0.5),
        (lambda: keras.random.binomial((N,), 12, 0.25, seed=6), 3.0, (12 * 0.25 * 0.75) ** 0.5),
        (lambda: keras.random.randint((N,), 0, 10, seed=7), 4.5, (99 / 12) ** 0.5),
    ],
)
def test_moments(draw, mean, std):
    x = draw().numpy().astype("float64")
    assert abs(x.mean() - mean) < 4 * std / N**0.5
    assert abs(x.std() - std) < 0.05 * std


def test_ranges_and_dtypes():
    t = keras.random.truncated_normal((N,), stddev=0.5, seed=1).numpy()
    assert np.abs(t).max() <= 1.0 and t.dtype == np.float32
    assert keras.random.randint((3,), 0, 4, seed=0).dtype.name == "int32"
    assert keras.random.gamma((3,), 1.0, dtype="float64", seed=0).dtype.name == "float64"


def test_categorical_follows_the_probabilities():
    logits = np.log(np.array([[0.2, 0.8]], dtype="float32"))
    draws = keras.random.categorical(logits, N, seed=0).numpy()
    assert abs(draws.mean() - 0.8) < 0.02


def test_dropout_and_shuffle():
    x = keras.ops.ones((N,))
    kept = keras.random.dropout(x, 0.25, seed=0).numpy()
    assert abs((kept == 0).mean() - 0.25) < 0.02
    assert set(np.unique(kept)) <= {0.0, np.float32(1 / 0.75)}
    values = keras.random.shuffle(keras.ops.arange(10), seed=0).numpy()
    assert sorted(values.tolist()) == list(range(10)) and values.tolist() != list(range(10))


def test_seed_generator_rejects_bad_arguments():
    with pytest.raises(ValueError, match="Unrecognized keyword arguments"):
        keras.random.SeedGenerator(1, foo=2)
    with pytest.raises(ValueError, match="seed"):
        keras.random.SeedGenerator("x")
