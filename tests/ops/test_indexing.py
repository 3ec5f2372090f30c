"""Indexing semantics (x[key], take, take_along_axis) against NumPy, with gradients."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp

X = np.arange(2 * 3 * 4 * 5, dtype=np.float64).reshape(2, 3, 4, 5)

KEYS = [
    0,
    -1,
    (1, 2),
    slice(None),
    slice(None, None, -1),
    (slice(1, None), slice(None, None, -2)),
    (None, 0),
    (Ellipsis, 1),
    (0, Ellipsis, None, slice(1, 3)),
    (slice(5, 1, -2),),
    (1, 2, 3, 4),
    (slice(-100, 100),),
    (Ellipsis,),
    (),
    [0, 1, 1],
    ([1, 0], [2, 2]),
    (Ellipsis, [4, -1]),
    ([],),
    (1, [], slice(None)),
    (slice(None), [0, 2], slice(None), [1, 1]),  # separated: broadcast dims first
    (slice(None), [0, 2], [1, 1]),  # adjacent: dims in place
    (0, slice(None), [1, 2]),  # an int beside an array counts as advanced
    ([[0], [1]], slice(None), [0, 1]),
    (None, [0, 1], None, [2, 0]),
    (slice(None, None, -1), [1, 1, 0]),
    (np.array(1), slice(None), np.array(2)),
    (slice(None), slice(None), [3, 3, 3]),
    (X[:, :, 0, 0] > 30,),
    (Ellipsis, X[0, 0] > 10),
    (slice(None), X[0, :, :, 0] > 20),
    (X[:, :, 0, 0] > 30, 1),
    (True,),
    (False,),
    (0, True),
    (np.zeros((2, 3), bool),),
]


def _key_id(key):
    return repr(key) if not isinstance(key, (np.ndarray, tuple)) or len(repr(key)) < 60 else "mask"


@pytest.mark.parametrize("key", KEYS, ids=[f"{i}-{_key_id(k)}" for i, k in enumerate(KEYS)])
def test_getitem_matches_numpy_values_and_gradient(key):
    want = X[key]
    x = gf.constant(X)
    v = np.random.default_rng(0).standard_normal(np.shape(want))
    with gf.GradientTape() as tape:
        tape.watch(x)
        got = x[key]
        loss = gnp.sum(got * gf.constant(v))
    assert got.shape == np.shape(want)
    np.testing.assert_array_equal(got.numpy(), want)
    # d/dx sum(v * x[key]): each v lands on the element it came from, repeats accumulate
    positions = np.arange(X.size).reshape(X.shape)[key]
    expected = np.bincount(np.ravel(positions), np.ravel(v), minlength=X.size).reshape(X.shape)
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), expected)


def test_getitem_with_tensor_indices_and_bounds():
    x = gf.constant([10.0, 20.0, 30.0])
    assert x[gf.constant([2, 0])].tolist() == [30.0, 10.0]
    assert x[gf.constant(1)].tolist() == 20.0
    assert x[gf.constant(1) :].tolist() == [20.0, 30.0]
    assert x[x > 15.0].tolist() == [20.0, 30.0]


def test_getitem_integer_tensors_keep_their_dtype():
    x = gf.constant([[1, 2], [3, 4]])
    assert x[0].dtype == gf.int32
    assert x[:, [1]].tolist() == [[2], [4]]


def test_gradient_of_repeated_indices_accumulates():
    x = gf.constant([1.0, 2.0, 3.0])
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gnp.sum(x[[0, 0, 2, 0]])
    assert tape.gradient(y, x).tolist() == [3.0, 0.0, 1.0]


def test_second_derivative_through_indexing():
    x = gf.constant([1.0, 2.0, 3.0])
    with gf.GradientTape() as outer:
        outer.watch(x)
        with gf.GradientTape() as inner:
            inner.watch(x)
            y = gnp.sum(x[[0, 0, 2]] ** 3)
        g = inner.gradient(y, x)  # 3 x**2 times the count: [6, 0, 27]
        z = gnp.sum(g[::-1][0:2])
    assert g.tolist() == [6.0, 0.0, 27.0]
    # d/dx (g[2] + g[1]) = d/dx 3 x2**2 = [0, 0, 6 x2]
    assert outer.gradient(z, x).tolist() == [0.0, 0.0, 18.0]


def test_variable_indexing_is_differentiable():
    v = gf.Variable([1.0, 2.0, 3.0])
    with gf.GradientTape() as tape:
        y = v[1] * 2.0 + gnp.sum(v[[2, 2]])
    assert tape.gradient(y, v).tolist() == [0.0, 2.0, 2.0]


@pytest.mark.parametrize(
    "key,axis,index,size",
    [
        (3, 0, 3, 3),
        ((0, -5), 1, -5, 4),
        ((slice(None), [0, 4]), 1, 4, 4),
        (([1, -4], 0), 0, -4, 3),
        ((Ellipsis, 7), 1, 7, 4),
        ((None, 1, 9), 1, 9, 4),
        ((9, [0]), 0, 9, 3),
    ],
)
def test_out_of_range_index_names_axis_index_and_size(key, axis, index, size):
    x = gf.constant(np.zeros((3, 4)))
    with pytest.raises(
        IndexError, match=rf"index {index} is out of bounds for axis {axis} with size {size}"
    ):
        x[key]


@pytest.mark.parametrize(
    "key,message",
    [
        ((0, 0, 0), "too many indices"),
        ((Ellipsis, Ellipsis), "single ellipsis"),
        (1.5, "valid indices"),
        ([0.5], "valid indices"),
        (np.ones(4, bool), "boolean index did not match"),
        (slice(0, 2, 0), "step cannot be zero"),
        (slice(0.5, 2), "slice bounds"),
    ],
)
def test_bad_keys_raise(key, message):
    x = gf.constant(np.zeros((3, 4)))
    with pytest.raises((IndexError, ValueError), match=message):
        x[key]


def test_getitem_is_not_exported_by_the_namespace():
    assert "getitem" not in dir(gnp)
    from gradflow.numpy import indexing

    assert "getitem" not in indexing.__all__


def test_basic_key_is_a_hashable_attribute():
    from gradflow.core import primitive

    seen = []

    def observe(prim, args, attrs, result, out_spec):
        seen.append((prim.name, attrs))

    primitive.OBSERVERS.append(observe)
    try:
        gf.constant(np.zeros((3, 4)))[1:, None, ::-2]
    finally:
        primitive.OBSERVERS.remove(observe)
    name, attrs = seen[-1]
    assert name == "getitem"
    assert attrs["key"] == (("s", 1, None, None), ("n",), ("s", None, None, -2))
    hash(attrs["key"])


def test_take():
    x = gf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert gnp.take(x, gf.constant([2, 2, 0]), axis=1).tolist() == [[3, 3, 1], [6, 6, 4]]
    assert gnp.take(x, [5, -1]).tolist() == [6.0, 6.0]
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gnp.sum(gnp.take(x, [1, 1], axis=0))
    assert tape.gradient(y, x).tolist() == [[0, 0, 0], [2, 2, 2]]


def test_take_errors():
    x = gf.constant([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(IndexError, match="take: index 2 is out of bounds for axis 1 with size 2"):
        gnp.take(x, [0, 2], axis=1)
    with pytest.raises(TypeError, match="take: indices must have an integer dtype"):
        gnp.take(x, gf.constant([0.0]), axis=0)


def test_take_along_axis_matches_numpy_and_differentiates():
    rng = np.random.default_rng(0)
    xa = rng.standard_normal((3, 4))
    idx = np.argsort(xa, axis=1)[:, ::-1][:, :2]
    x = gf.constant(xa)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gnp.take_along_axis(x, gf.constant(idx), axis=1)
        s = gnp.sum(y)
    np.testing.assert_array_equal(y.numpy(), np.take_along_axis(xa, idx, axis=1))
    want = np.zeros_like(xa)
    np.put_along_axis(want, idx, 1.0, axis=1)
    np.testing.assert_array_equal(tape.gradient(s, x).numpy(), want)


def test_take_along_axis_needs_matching_rank():
    with pytest.raises(ValueError, match="indices must have x's rank"):
        gnp.take_along_axis(gf.constant(np.zeros((2, 3))), gf.constant([0, 1]), axis=1)
