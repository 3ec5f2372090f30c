"""gf.nn pooling: behaviour the op table does not cover (TF's padding rules, tie-breaking,
dtypes, layouts, errors). Values are checked in the op table
(gradflow/testing/op_table/nn_conv.py) against sliding-window references."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.core.spec import TensorSpec
from gradflow.nn.pooling import avg_pool, max_pool
from gradflow.ops import pooling as pool_ops

RNG = np.random.default_rng(0)


def rand(*shape, dtype="float64"):
    return RNG.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize(
    "shape,kwargs,expected",
    [
        ((2, 28, 28, 3), dict(pool_size=2), (2, 14, 14, 3)),
        ((2, 27, 27, 3), dict(pool_size=2), (2, 13, 13, 3)),
        ((2, 27, 27, 3), dict(pool_size=2, padding="same"), (2, 14, 14, 3)),
        ((2, 28, 28, 3), dict(pool_size=3, strides=1, padding="same"), (2, 28, 28, 3)),
        ((2, 10, 3), dict(pool_size=4, strides=3), (2, 3, 3)),
        ((1, 4, 6, 8, 2), dict(pool_size=(2, 3, 4)), (1, 2, 2, 2, 2)),
        ((2, 3, 28, 28), dict(pool_size=2, data_format="channels_first"), (2, 3, 14, 14)),
    ],
)
@pytest.mark.parametrize("pool", [max_pool, avg_pool])
def test_output_shapes(pool, shape, kwargs, expected):
    assert pool(rand(*shape), **kwargs).shape == expected


def test_avg_pool_same_averages_only_unpadded_elements():
    x = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)
    y = avg_pool(x, 2, strides=1, padding="same").numpy()[0, :, :, 0]
    np.testing.assert_allclose(y, [[2, 3, 3.5], [5, 6, 6.5], [6.5, 7.5, 8]])


def test_max_pool_padding_never_wins():
    x = -1.0 - np.abs(rand(1, 3, 3, 2))
    y = max_pool(x, 2, strides=1, padding="same").numpy()
    assert np.all(y < 0)
    np.testing.assert_array_equal(y[0, -1, -1], x[0, -1, -1])


def test_max_pool_gradient_goes_to_the_first_maximum_on_ties():
    x = gf.constant(np.zeros((1, 4, 4, 1)))
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = max_pool(x, 2)
    dx = tape.gradient(y, x).numpy()[0, :, :, 0]
    want = np.zeros((4, 4))
    want[::2, ::2] = 1.0
    np.testing.assert_array_equal(dx, want)


def test_overlapping_windows_accumulate_gradient():
    x = np.zeros((1, 3, 3, 1))
    x[0, 1, 1, 0] = 5.0  # the maximum of all four 2x2 windows
    tx = gf.constant(x)
    with gf.GradientTape() as tape:
        tape.watch(tx)
        y = max_pool(tx, 2, strides=1)
    assert float(tape.gradient(y, tx)[0, 1, 1, 0]) == 4.0


def test_avg_pool_same_gradient_divides_by_the_window_counts():
    x = gf.constant(np.zeros((1, 3, 3, 1)))
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = avg_pool(x, 2, strides=2, padding="same")
    dx = tape.gradient(y, x).numpy()[0, :, :, 0]
    # windows: 2x2 (count 4), 2x1 (2), 1x2 (2), 1x1 (1)
    want = [[0.25, 0.25, 0.5], [0.25, 0.25, 0.5], [0.5, 0.5, 1.0]]
    np.testing.assert_allclose(dx, want)


@pytest.mark.parametrize("dtype", ["int8", "int32", "float16", "float32"])
def test_max_pool_keeps_the_dtype(dtype):
    x = (rand(1, 4, 4, 2) * 10).astype(dtype)
    y = max_pool(x, 2, padding="same")
    assert y.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(y.numpy(), x.reshape(1, 2, 2, 2, 2, 2).max(axis=(2, 4)))


def test_avg_pool_of_integers_gives_float32():
    y = avg_pool(np.arange(4, dtype=np.int32).reshape(1, 2, 2, 1), 2)
    assert y.dtype == gf.float32
    assert float(y[0, 0, 0, 0]) == 1.5


def test_strides_default_to_the_pool_size():
    x = rand(1, 6, 6, 1)
    np.testing.assert_array_equal(max_pool(x, 3).numpy(), max_pool(x, 3, strides=3).numpy())


@pytest.mark.parametrize("pool", [max_pool, avg_pool])
def test_channels_first_equals_channels_last(pool):
    x = rand(2, 7, 6, 3)
    last = pool(x, (3, 2), strides=(2, 1), padding="same").numpy()
    first = pool(np.moveaxis(x, -1, 1), (3, 2), (2, 1), "same", "channels_first").numpy()
    np.testing.assert_allclose(np.moveaxis(first, 1, -1), last)


def test_rules_accept_unknown_dimensions():
    spec = pool_ops.max_pool.infer(
        TensorSpec((None, 28, None, 3), "float32"),
        window=(2, 2),
        strides=(2, 2),
        padding=((0, 0), (0, 0)),
    )
    assert spec.shape == (None, 14, None, 3)


@pytest.mark.parametrize(
    "call,error,words",
    [
        (lambda: max_pool(rand(1, 2, 2, 1), 3), gf.ShapeError, "smaller than pool_size"),
        (lambda: avg_pool(rand(1, 4, 4, 1), 2, padding="causal"), gf.ArgumentError, "padding"),
        (lambda: max_pool(rand(4, 4), 2), gf.ShapeError, "rank 3, 4 or 5"),
        (lambda: avg_pool(rand(1, 4, 4, 1), (2, 2, 2)), gf.ArgumentError, "pool_size"),
        (lambda: max_pool(rand(1, 4, 4, 1), 0), gf.ArgumentError, "pool_size"),
        (
            lambda: avg_pool(rand(1, 4, 4, 1), 2, data_format="NCHW"),
            gf.ArgumentError,
            "data_format",
        ),
    ],
)
def test_errors_name_the_op_and_the_rule(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert str(info.value).split(":")[0] in ("max_pool", "avg_pool")
    assert words in str(info.value)
