"""Op-table rows for indexing: `x[key]` (the getitem function behind Tensor.__getitem__),
take, take_along_axis, and the primitives getitem, gather, scatter_slice, scatter_add."""

import numpy as np

from gradflow.numpy import indexing as gnp_indexing
from gradflow.ops import indexing as index_ops
from gradflow.testing.op_info import ALL_REAL, OpInfo, Sample, make

BASIC_KEYS = (
    ((5,), 2),
    ((5,), -1),
    ((5,), slice(1, 4)),
    ((5,), slice(None, None, -1)),
    ((5,), slice(4, 0, -2)),
    ((3, 4), (1, slice(None, None, 2))),
    ((3, 4), (None, Ellipsis, None)),
    ((2, 3, 4), (Ellipsis, 1)),
    ((2, 3, 4), (0, None, slice(-2, None), -1)),
    ((), ()),
    ((), None),
    ((), Ellipsis),
    ((0, 3), (slice(None), 1)),
    ((3, 4), slice(5, 9)),
)

ADVANCED_KEYS = (
    ((5,), [0, 2, 2, -1]),
    ((3, 4), ([0, 2], [1, 1])),
    ((3, 4), (slice(None), [3, 0, 3])),
    ((2, 3, 4), (slice(None), [0, 2], [1, 1])),  # adjacent: dims stay in place
    ((2, 3, 4), ([1, 0], slice(None), [3, 3])),  # separated: broadcast dims go first
    ((2, 3, 4), (0, slice(None), [1, 2])),  # an int beside an array is advanced too
    ((2, 3, 4), ([[0], [1]], slice(1, None), [0, 3, 3])),
    ((3, 4), (None, [1, 1], slice(None, None, -1))),
    ((3, 4), (Ellipsis, [2])),
    ((3, 4), ([],)),
    ((0, 3), (slice(None), [2, 0])),
    ((4,), np.array(2)),
)


def _key_samples(table):
    def samples(rng, dtype):
        return [Sample((make(rng, shape, dtype),), {"key": key}) for shape, key in table]

    return samples


def _boolean_samples(rng, dtype):
    x = make(rng, (3, 4), dtype)
    cube = make(rng, (2, 3, 4), dtype)
    return [
        Sample((x,), {"key": rng.random((3, 4)) < 0.5}),
        Sample((x,), {"key": (slice(None), np.array([True, False, True, True]))}),
        Sample((cube,), {"key": (rng.random((2, 3)) < 0.5, 1)}),  # a mask beside an int
        Sample((cube,), {"key": (Ellipsis, rng.random((3, 4)) < 0.5)}),
        Sample((x,), {"key": True}),
        Sample((x,), {"key": (0, False)}),
        Sample((x,), {"key": np.zeros((3, 4), bool)}),
        Sample((make(rng, (), dtype),), {"key": np.array(True)}),
    ]


def _index(x, key):
    return x[key]


def _take_samples(rng, dtype):
    x = make(rng, (3, 4), dtype)
    return [
        Sample((x, np.array([2, 0, 2, -1])), {"axis": 1}),
        Sample((x, np.array([[1, 1], [0, 2]])), {"axis": 0}),
        Sample((make(rng, (5,), dtype), np.array([4, 4, 0], np.int64)), {}),
        Sample((x, np.array([], np.int32)), {"axis": 0}),
        Sample((x, np.array(3)), {"axis": -1}),
    ]


def _take_along_samples(rng, dtype):
    x = make(rng, (3, 4), dtype)
    return [
        Sample((x, np.array([[0, 3], [1, 1], [2, 0]])), {"axis": 1}),
        Sample((x, np.array([[2, 0, 0, 1]])), {"axis": 0}),
        Sample((x, np.array([[3], [-1], [0]])), {"axis": -1}),
        Sample((make(rng, (4,), dtype), np.array([3, 3, 0])), {"axis": 0}),
        Sample((make(rng, (2, 0), dtype), np.zeros((2, 0), np.int64)), {"axis": 1}),
    ]


def _scatter_slice(g, key, shape):
    return index_ops.scatter_slice(g, key=key, shape=shape)


def _scatter_slice_ref(g, key, shape):
    out = np.zeros(shape, g.dtype)
    out[index_ops.numpy_key(key)] = g
    return out


def _scatter_slice_samples(rng, dtype):
    cases = (
        ((5,), (("s", 1, None, 2),), (2,)),
        ((3, 4), (("i", -1), ("s", None, None, -1)), (4,)),
        ((2, 3), (("n",), ("e",), ("i", 0)), (1, 2)),
        ((), (), ()),
    )
    return [
        Sample((make(rng, gshape, dtype),), {"key": key, "shape": shape})
        for shape, key, gshape in cases
    ]


def _scatter_add(g, *indices, axes, shape):
    return index_ops.scatter_add(g, *indices, axes=axes, shape=shape)


def _scatter_add_ref(g, *indices, axes, shape):
    out = np.zeros(shape, g.dtype)
    np.add.at(out, index_ops.advanced_key(len(shape), axes, indices), g)
    return out


def _scatter_add_samples(rng, dtype):
    return [
        Sample((make(rng, (4,), dtype), np.array([0, 2, 2, -1])), {"axes": (0,), "shape": (3,)}),
        Sample(
            (make(rng, (2,), dtype), np.array([1, 1]), np.array([0, 0])),  # a repeated point
            {"axes": (0, 1), "shape": (2, 3)},
        ),
        Sample(
            (make(rng, (2, 2, 3), dtype), np.array([[1], [1]]), np.array([0, 0])),
            {"axes": (0, 2), "shape": (2, 3, 4)},
        ),
        Sample((make(rng, (0, 2), dtype), np.zeros(0, np.int64)), {"axes": (0,), "shape": (3, 2)}),
    ]


OPS = [
    OpInfo(
        "getitem_basic",
        _index,
        _index,
        _key_samples(BASIC_KEYS),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "getitem_advanced",
        _index,
        _index,
        _key_samples(ADVANCED_KEYS),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo("getitem_boolean", _index, _index, _boolean_samples, dtypes=ALL_REAL),
    OpInfo(
        "take",
        gnp_indexing.take,
        lambda x, i, axis=None: np.take(x, i, axis=axis),
        _take_samples,
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "take_along_axis",
        gnp_indexing.take_along_axis,
        np.take_along_axis,
        _take_along_samples,
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "ops.scatter_slice",
        _scatter_slice,
        _scatter_slice_ref,
        _scatter_slice_samples,
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "ops.scatter_add",
        _scatter_add,
        _scatter_add_ref,
        _scatter_add_samples,
        dtypes=ALL_REAL,
        second_order=True,
    ),
]
