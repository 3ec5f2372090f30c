"""Op-table rows for the manipulation functions (and the shape primitives reshape,
broadcast_to, permute_dims, concat, split, roll)."""

import numpy as np

from gradflow import numpy as gnp
from gradflow.testing.op_info import ALL_REAL, OpInfo, Sample, make


def _samples(*cases):
    """Samples from (shapes, kwargs) pairs: one array per shape, in args."""

    def samples(rng, dtype):
        return [
            Sample(tuple(make(rng, s, dtype) for s in shapes), dict(kw)) for shapes, kw in cases
        ]

    return samples


def _on_list(op):
    """The op taking its list of arrays as separate positional arguments, so the harness
    converts (and differentiates) each one."""

    def run(*arrays, **kwargs):
        return op(list(arrays), **kwargs)

    return run


def _broadcast_like(x, *refs):
    from gradflow.core.convert import as_tensor
    from gradflow.ops.shape import broadcast_like

    return broadcast_like(as_tensor(x), *[as_tensor(r) for r in refs])


def _primitive(name):
    """The shape primitive `name` called directly (no public function wraps it alone)."""
    from gradflow.core.convert import as_tensor
    from gradflow.ops import shape

    def run(x, **attrs):
        return getattr(shape, name)(as_tensor(x), **attrs)

    return run


def _repeat_ref(x, repeats, axis=None):
    return np.repeat(x, np.asarray(repeats), axis=axis)


def _repeat_samples(rng, dtype):
    x = make(rng, (2, 3), dtype)
    return [
        Sample((x, 2), {}),
        Sample((x, 2), {"axis": 1}),
        Sample((x, [1, 0, 3]), {"axis": 1}),
        Sample((x, np.array([2, 1], np.int32)), {"axis": 0}),
        Sample((make(rng, (), dtype), 3), {}),
        Sample((make(rng, (0, 2), dtype), 2), {"axis": 0}),
        Sample((x, 0), {"axis": -1}),
    ]


def _moveaxis_samples(rng, dtype):
    return [
        Sample((make(rng, (2, 3, 4), dtype), 0, -1)),
        Sample((make(rng, (2, 3, 4), dtype), (0, 1), (2, 0))),
        Sample((make(rng, (2, 0, 4), dtype), -1, 0)),
        Sample((make(rng, (), dtype), (), ())),
    ]


OPS = [
    OpInfo(
        "broadcast_arrays",
        gnp.broadcast_arrays,
        np.broadcast_arrays,
        _samples((((3, 1), (4,)), {}), (((), (2, 3)), {}), (((0, 1), (1, 3), (3,)), {})),
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "broadcast_to",
        gnp.broadcast_to,
        np.broadcast_to,
        _samples(
            (((3, 1),), {"shape": (2, 3, 4)}),
            (((),), {"shape": (2,)}),
            (((1, 3),), {"shape": (0, 3)}),
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "broadcast_like",
        _broadcast_like,
        lambda x, *refs: np.broadcast_to(x, np.broadcast_shapes(x.shape, *[r.shape for r in refs])),
        _samples((((3, 1), (4,)), {}), (((), (2, 3)), {}), (((1, 3), (2, 1), (3,)), {})),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "expand_dims (primitive)",
        _primitive("expand_dims"),
        lambda x, *, axes: np.expand_dims(x, axes),
        _samples(
            (((2, 3),), {"axes": (0,)}), (((2, 3),), {"axes": (1, 3)}), (((),), {"axes": (0,)})
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "squeeze (primitive)",
        _primitive("squeeze"),
        lambda x, *, axes: np.squeeze(x, axes),
        _samples((((1, 3),), {"axes": (0,)}), (((2, 1, 3, 1),), {"axes": (1, 3)})),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "concat",
        _on_list(gnp.concat),
        _on_list(np.concatenate),
        _samples(
            (((2, 3), (1, 3)), {"axis": 0}),
            (((2, 3), (2, 0), (2, 2)), {"axis": -1}),
            (((2, 3), (4,), ()), {"axis": None}),
            (((4,),), {"axis": 0}),
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "expand_dims",
        gnp.expand_dims,
        np.expand_dims,
        _samples(
            (((),), {"axis": 0}),
            (((2, 3),), {"axis": -1}),
            (((2, 3),), {"axis": (0, 2)}),
            (((0,),), {"axis": 1}),
        ),
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "flip",
        gnp.flip,
        np.flip,
        _samples(
            (((),), {}),
            (((5,),), {}),
            (((2, 3, 4),), {"axis": 1}),
            (((2, 3, 4),), {"axis": (0, -1)}),
            (((0, 3),), {"axis": 1}),
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo("moveaxis", gnp.moveaxis, np.moveaxis, _moveaxis_samples, dtypes=ALL_REAL),
    OpInfo(
        "permute_dims",
        gnp.permute_dims,
        np.transpose,
        _samples(
            (((2, 3, 4),), {"axes": (2, 0, 1)}),
            (((),), {"axes": ()}),
            (((0, 3),), {"axes": (1, 0)}),
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo("repeat", gnp.repeat, _repeat_ref, _repeat_samples, dtypes=ALL_REAL),
    OpInfo(
        "reshape",
        gnp.reshape,
        np.reshape,
        _samples(
            (((2, 3),), {"shape": (3, 2)}),
            (((2, 3, 4),), {"shape": (-1, 4)}),
            (((),), {"shape": (1, 1)}),
            (((0, 3),), {"shape": (3, 0)}),
            (((6,),), {"shape": (2, -1, 1)}),
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "roll",
        gnp.roll,
        np.roll,
        _samples(
            (((5,),), {"shift": 2}),
            (((2, 3),), {"shift": -1}),
            (((2, 3, 4),), {"shift": (1, 5), "axis": (0, 2)}),
            (((2, 3),), {"shift": 4, "axis": -1}),
            (((),), {"shift": 1}),
            (((0, 3),), {"shift": 1, "axis": 1}),
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
    OpInfo(
        "squeeze",
        gnp.squeeze,
        np.squeeze,
        _samples(
            (((1, 3, 1),), {"axis": 0}),
            (((1, 3, 1),), {"axis": (0, -1)}),
            (((1,),), {"axis": 0}),
            (((1, 0),), {"axis": 0}),
        ),
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "stack",
        _on_list(gnp.stack),
        _on_list(np.stack),
        _samples(
            (((2, 3), (2, 3)), {"axis": 0}),
            (((2, 3), (2, 3), (2, 3)), {"axis": -1}),
            (((), ()), {}),
            (((0, 2),), {"axis": 1}),
        ),
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "tile",
        lambda x, repetitions: gnp.tile(x, repetitions),
        lambda x, repetitions: np.tile(x, repetitions),
        _samples(
            (((2, 3),), {"repetitions": (2, 1)}),
            (((3,),), {"repetitions": (2, 2)}),
            (((),), {"repetitions": (3,)}),
            (((2, 3),), {"repetitions": (2,)}),
            (((2, 3),), {"repetitions": (0, 2)}),
        ),
        dtypes=ALL_REAL,
    ),
    OpInfo(
        "unstack",
        gnp.unstack,
        lambda x, axis=0: tuple(np.moveaxis(x, axis, 0)),
        _samples(
            (((3, 2),), {}),
            (((2, 3, 4),), {"axis": 1}),
            (((1, 2),), {"axis": 0}),
            (((2, 0),), {"axis": 0}),
        ),
        dtypes=ALL_REAL,
        second_order=True,
    ),
]
