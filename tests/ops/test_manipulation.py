"""Manipulation functions: argument handling, errors and gradients beyond the op table."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp


def _grad(f, x):
    x = gf.constant(x)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x).numpy()


def test_reshape_infers_minus_one_and_checks_sizes():
    x = gnp.arange(12)
    assert gnp.reshape(x, (-1, 4)).shape == (3, 4)
    assert gnp.reshape(x, (2, -1, 3), copy=False).shape == (2, 2, 3)
    with pytest.raises(ValueError, match="may have one -1"):
        gnp.reshape(x, (-1, -1))
    with pytest.raises(ValueError, match="cannot reshape a tensor of 12 elements"):
        gnp.reshape(x, (5, -1))
    with pytest.raises(ValueError, match="cannot reshape"):
        gnp.reshape(x, (5, 3))


def test_concat_promotes_and_flattens():
    out = gnp.concat([gf.constant([1, 2]), gf.constant([0.5])])
    assert out.dtype == gf.float32 and out.tolist() == [1.0, 2.0, 0.5]
    flat = gnp.concat([gf.constant([[1, 2], [3, 4]]), gf.constant([5])], axis=None)
    assert flat.tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="all dimensions except axis 0 must match"):
        gnp.concat([gf.constant(np.zeros((2, 3))), gf.constant(np.zeros((2, 2)))])


def test_concat_gradient_splits_the_incoming_gradient():
    a, b = gf.constant([1.0, 2.0]), gf.constant([3.0, 4.0, 5.0])
    with gf.GradientTape() as tape:
        tape.watch([a, b])
        y = gnp.sum(gnp.concat([a, b]) * gf.constant([1.0, 2.0, 3.0, 4.0, 5.0]))
    ga, gb = tape.gradient(y, [a, b])
    assert ga.tolist() == [1.0, 2.0] and gb.tolist() == [3.0, 4.0, 5.0]


def test_stack_unstack_round_trip():
    xs = [gf.constant(np.full((2, 3), i, np.float32)) for i in range(4)]
    s = gnp.stack(xs, axis=1)
    assert s.shape == (2, 4, 3)
    back = gnp.unstack(s, axis=1)
    assert isinstance(back, tuple) and len(back) == 4
    assert all(np.array_equal(b.numpy(), x.numpy()) for b, x in zip(back, xs))
    assert gnp.unstack(gf.constant(np.zeros((0, 2)))) == ()
    with pytest.raises(ValueError, match="stack: all arrays must have one shape"):
        gnp.stack([gf.constant([1.0]), gf.constant([1.0, 2.0])])


def test_unstack_gradient_uses_only_the_pieces_used():
    g = _grad(lambda x: gnp.unstack(x)[1] * 3.0, np.ones((3, 2)))
    np.testing.assert_array_equal(g, [[0, 0], [3, 3], [0, 0]])


def test_squeeze_and_expand_dims():
    x = gf.constant(np.zeros((1, 3, 1)))
    assert gnp.squeeze(x, axis=-1).shape == (1, 3)
    assert gnp.squeeze(x).shape == (3,)
    with pytest.raises(ValueError, match="squeeze: axis 1 has size 3"):
        gnp.squeeze(x, axis=1)
    assert gnp.expand_dims(gf.constant(1.0), axis=-1).shape == (1,)
    assert gnp.expand_dims(gf.constant([1.0, 2.0]), axis=(0, -1)).shape == (1, 2, 1)
    with pytest.raises(ValueError, match="axis 3 is out of range"):
        gnp.expand_dims(gf.constant([1.0]), axis=3)


def test_moveaxis_and_permute_dims():
    x = gf.constant(np.zeros((2, 3, 4, 5)))
    assert (
        gnp.moveaxis(x, (0, 1), (-1, 0)).shape
        == np.moveaxis(np.zeros((2, 3, 4, 5)), (0, 1), (-1, 0)).shape
    )
    assert gnp.permute_dims(x, (-1, 0, 1, 2)).shape == (5, 2, 3, 4)
    with pytest.raises(ValueError, match="must list all 4 axes"):
        gnp.permute_dims(x, (0, 1))
    with pytest.raises(ValueError, match="repeated axis"):
        gnp.moveaxis(x, (0, 0), (1, 2))


def test_repeat_counts_and_gradient():
    x = gf.constant([[1.0, 2.0], [3.0, 4.0]])
    assert gnp.repeat(x, gf.constant([1, 3]), axis=1).tolist() == [[1, 2, 2, 2], [3, 4, 4, 4]]
    assert gnp.repeat(x, 2).shape == (8,)
    g = _grad(lambda t: gnp.sum(gnp.repeat(t, [2, 0], axis=0)), [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(g, [[2, 2], [0, 0]])
    with pytest.raises(ValueError, match="repeat: 3 repeats for axis 1 of size 2"):
        gnp.repeat(x, [1, 2, 3], axis=1)
    with pytest.raises(ValueError, match="non-negative"):
        gnp.repeat(x, -1)


def test_tile_roll_flip_gradients():
    np.testing.assert_array_equal(_grad(lambda t: gnp.sum(gnp.tile(t, (3,))), [1.0, 2.0]), [3, 3])
    g = _grad(lambda t: gnp.roll(t, 1)[0] * 1.0, [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(g, [0, 0, 1])
    g = _grad(lambda t: gnp.flip(t, axis=0)[0] * 1.0, [[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(g, [[0, 0], [1, 1]])
    assert gnp.roll(gf.constant([[1, 2], [3, 4]]), 1).tolist() == [[4, 1], [2, 3]]
    with pytest.raises(ValueError, match="roll: shift"):
        gnp.roll(gf.constant([[1, 2]]), (1, 2), axis=(0, 1, 0))


def test_broadcast_functions():
    a, b = gnp.broadcast_arrays(gf.constant([1, 2, 3]), gf.constant([[1.0], [2.0]]))
    assert a.shape == b.shape == (2, 3) and a.dtype == gf.int32 and b.dtype == gf.float32
    with pytest.raises(ValueError, match="cannot be broadcast"):
        gnp.broadcast_to(gf.constant([1, 2, 3]), (2, 2))
