"""gf.random: statistics of large samples, reproducibility, keys and errors."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.ops import random as rnd

N = 200_000


def _np(x):
    return np.asarray(x.numpy(), dtype=np.float64)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "bfloat16"])
def test_normal_has_requested_mean_and_stddev(dtype):
    x = gf.random.normal((N,), mean=3.0, stddev=2.0, dtype=dtype, seed=0)
    assert x.dtype == gf.dtypes.as_dtype(dtype)
    v = _np(x)
    assert abs(v.mean() - 3.0) < 0.03
    assert abs(v.std() - 2.0) < 0.03


def test_uniform_is_in_range_with_uniform_moments():
    v = _np(gf.random.uniform((N,), minval=-1.0, maxval=3.0, seed=1))
    assert v.min() >= -1.0 and v.max() < 3.0
    assert abs(v.mean() - 1.0) < 0.02
    assert abs(v.var() - 16 / 12) < 0.02


def test_uniform_with_tensor_bounds_broadcasts():
    lo = gf.constant([0.0, 10.0])
    v = _np(gf.random.uniform((1000, 2), minval=lo, maxval=lo + 1.0, seed=2))
    assert (v[:, 0] < 1).all() and (v[:, 1] >= 10).all() and (v[:, 1] < 11).all()


def test_truncated_normal_is_bounded_at_two_stddev():
    v = _np(gf.random.truncated_normal((N,), mean=1.0, stddev=0.5, seed=3))
    assert v.min() >= 0.0 and v.max() <= 2.0
    assert abs(v.mean() - 1.0) < 0.01
    # the std of a standard normal truncated to [-2, 2] is 0.8796
    assert abs(v.std() - 0.5 * 0.8796) < 0.01


def test_randint_covers_the_half_open_range_evenly():
    v = gf.random.randint((N,), -2, 3, seed=4).numpy()
    assert v.dtype == np.int32
    counts = np.bincount(v + 2, minlength=5)
    assert counts.size == 5
    np.testing.assert_allclose(counts / N, 0.2, atol=0.01)


def test_bernoulli_frequency_matches_p():
    p = gf.constant([0.1, 0.5, 0.9])
    v = gf.random.bernoulli(p, shape=(N // 10, 3), seed=5).numpy()
    assert v.dtype == np.bool_
    np.testing.assert_allclose(v.mean(axis=0), [0.1, 0.5, 0.9], atol=0.01)


def test_categorical_frequencies_match_softmax_of_logits():
    probs = np.array([[0.2, 0.3, 0.5], [0.7, 0.0, 0.3]])
    with np.errstate(divide="ignore"):
        logits = gf.constant(np.log(probs).astype(np.float32))
    v = gf.random.categorical(logits, N // 4, seed=6).numpy()
    assert v.shape == (2, N // 4) and v.dtype == np.int32
    for row in range(2):
        freq = np.bincount(v[row], minlength=3) / v.shape[1]
        np.testing.assert_allclose(freq, probs[row], atol=0.01)
    assert not (v[1] == 1).any()  # a -inf logit is never drawn


def test_shuffle_permutes_rows_and_its_gradient_unpermutes():
    x = gf.constant(np.arange(20.0).reshape(10, 2))
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gf.random.shuffle(x, seed=7)
        loss = gf.numpy.sum(y * gf.constant(np.arange(20.0).reshape(10, 2)))
    yv = y.numpy()
    assert sorted(yv[:, 0].tolist()) == list(range(0, 20, 2))
    np.testing.assert_array_equal(yv[:, 1] - yv[:, 0], 1)  # rows move whole
    g = tape.gradient(loss, x).numpy()
    # d loss / d x[i] is the weight at the position row i moved to
    where = [int(np.flatnonzero(yv[:, 0] == 2 * i)[0]) for i in range(10)]
    np.testing.assert_array_equal(g[:, 0], [2.0 * w for w in where])


def test_a_seed_reproduces_a_run_exactly():
    def run():
        gf.random.set_seed(123)
        return [
            gf.random.normal((3,)).numpy(),
            gf.random.uniform((2, 2)).numpy(),
            gf.random.randint((4,), 0, 100).numpy(),
            gf.random.shuffle(gf.constant(np.arange(6))).numpy(),
            gf.nn.dropout(gf.numpy.ones((8,)), 0.5).numpy(),
        ]

    for a, b in zip(run(), run()):
        np.testing.assert_array_equal(a, b)


def test_unseeded_calls_differ():
    a, b = gf.random.normal((8,)), gf.random.normal((8,))
    assert not np.array_equal(a.numpy(), b.numpy())


def test_an_int_seed_fixes_the_values():
    a = gf.random.normal((8,), seed=42)
    b = gf.random.normal((8,), seed=42)
    c = gf.random.normal((8,), seed=43)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not np.array_equal(a.numpy(), c.numpy())


def test_seed_generator_streams_repeat_and_advance():
    g1, g2 = gf.random.SeedGenerator(9), gf.random.SeedGenerator(9)
    first = [gf.random.uniform((4,), seed=g1).numpy() for _ in range(3)]
    second = [gf.random.uniform((4,), seed=g2).numpy() for _ in range(3)]
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], first[1])
    assert g1.state.numpy().tolist() == [9, 3]
    assert isinstance(g1.state, gf.Variable) and not g1.state.trainable
    assert gf.random.SeedGenerator.from_config(g1.get_config()).state.numpy().tolist() == [9, 0]


def test_a_key_tensor_is_used_as_the_key():
    key = gf.constant(np.array([5, 0], dtype=np.uint32))
    np.testing.assert_array_equal(
        gf.random.normal((4,), seed=key).numpy(), gf.random.normal((4,), seed=5).numpy()
    )


def test_primitives_are_pure_functions_of_the_key():
    key = gf.constant(np.array([1, 2], dtype=np.uint32))
    a = rnd.random_normal(key, shape=(5,), dtype=np.dtype("float32"))
    b = rnd.random_normal(key, shape=(5,), dtype=np.dtype("float32"))
    np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_random_outputs_carry_no_gradient():
    p = gf.constant([0.5, 0.5])
    logits = gf.constant([[0.0, 1.0]])
    with gf.GradientTape(persistent=True) as tape:
        tape.watch([p, logits])
        b = gf.random.bernoulli(p, seed=0)
        c = gf.random.categorical(logits, 2, seed=0)
    assert b.dtype == np.bool_ and c.dtype == np.int32
    assert tape.gradient(c, logits) is None


def test_bad_seeds_and_arguments_raise_specific_errors():
    with pytest.raises(gf.ArgumentError, match="normal: an int seed"):
        gf.random.normal((2,), seed=-1)
    with pytest.raises(gf.ArgumentError, match="normal: seed must be"):
        gf.random.normal((2,), seed="x")
    with pytest.raises(gf.DTypeError, match="uniform: dtype must be a real floating"):
        gf.random.uniform((2,), dtype="int32")
    with pytest.raises(gf.ArgumentError, match="random_randint: needs minval < maxval"):
        gf.random.randint((2,), 3, 3)
    with pytest.raises(gf.ArgumentError, match="does not fit in int8"):
        gf.random.randint((2,), 0, 1000, dtype="int8")
    with pytest.raises(gf.ShapeError, match="random_categorical: logits must be 2-d"):
        gf.random.categorical(gf.constant([1.0, 2.0]), 1)
    with pytest.raises(gf.ShapeError, match="shuffle: needs a tensor of rank >= 1"):
        gf.random.shuffle(gf.constant(1.0))
    with pytest.raises(gf.ShapeError, match="normal: shape must not have negative"):
        gf.random.normal((-1,))
    with pytest.raises(gf.ShapeError, match="key tensor must be"):
        gf.random.normal((2,), seed=gf.constant([1, 2, 3]))
