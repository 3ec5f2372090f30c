"""Op-table rows for gf.random. Values can't match a reference, so the rows are
`nondeterministic` (shapes and dtypes only); tests/random/test_random.py checks the
statistics. Each sample fixes its seed, so shuffle's gradient is checked too."""

import numpy as np

from gradflow import random
from gradflow.testing.op_info import FLOATS, INTS, OpInfo, Sample, make

_SHAPES = ((), (0,), (5,), (3, 4), (2, 0, 3))


def _draw_samples(**kwargs):
    def samples(rng, dtype):
        return [Sample((s,), {**kwargs, "dtype": dtype, "seed": i}) for i, s in enumerate(_SHAPES)]

    return samples


def _randint_samples(rng, dtype):
    return [Sample((s, -3, 7), {"dtype": dtype, "seed": i}) for i, s in enumerate(_SHAPES)]


def _bernoulli_samples(rng, dtype):
    return [
        Sample((make(rng, (3, 4), dtype, 0.0, 1.0),), {"seed": 0}),
        Sample((make(rng, (4,), dtype, 0.0, 1.0),), {"shape": (2, 4), "seed": 1}),
        Sample((0.25,), {"shape": (5,), "seed": 2}),
        Sample((make(rng, (0,), dtype),), {"seed": 3}),
    ]


def _categorical_samples(rng, dtype):
    return [
        Sample((make(rng, (3, 4), dtype), 5), {"seed": 0}),
        Sample((make(rng, (1, 2), dtype), 1), {"seed": 1, "dtype": "int64"}),
        Sample((make(rng, (0, 3), dtype), 2), {"seed": 2}),
        Sample((make(rng, (2, 3), dtype), 0), {"seed": 3}),
    ]


def _shuffle_samples(rng, dtype):
    return [
        Sample((make(rng, (5,), dtype),), {"seed": 0}),
        Sample((make(rng, (3, 4), dtype),), {"axis": 1, "seed": 1}),
        Sample((make(rng, (2, 3, 2), dtype),), {"axis": -2, "seed": 2}),
        Sample((make(rng, (0, 2), dtype),), {"seed": 3}),
    ]


def _like(shape, *args, dtype=None, **kwargs):
    return np.zeros(shape, dtype=dtype)


OPS = [
    OpInfo("random.normal", random.normal, _like, _draw_samples(mean=1.0, stddev=2.0),
           grad=False, nondeterministic=True),
    OpInfo("random.uniform", random.uniform, _like, _draw_samples(minval=-1.0, maxval=1.0),
           grad=False, nondeterministic=True),
    OpInfo("random.truncated_normal", random.truncated_normal, _like,
           _draw_samples(stddev=0.5), grad=False, nondeterministic=True),
    OpInfo("random.randint", random.randint, _like, _randint_samples, dtypes=INTS,
           grad=False, nondeterministic=True),
    OpInfo("random.bernoulli", random.bernoulli,
           lambda p, shape=None, seed=None: np.zeros(np.shape(p) if shape is None else shape, bool),
           _bernoulli_samples, grad=False, nondeterministic=True),
    OpInfo("random.categorical", random.categorical,
           lambda logits, n, dtype="int32", seed=None: np.zeros((logits.shape[0], n), dtype),
           _categorical_samples, grad=False, nondeterministic=True),
    OpInfo("random.shuffle", random.shuffle, lambda x, axis=0, seed=None: x, _shuffle_samples,
           dtypes=FLOATS + INTS, nondeterministic=True),
]  # fmt: skip
