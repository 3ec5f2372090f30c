"""Op-table rows for gf.cond, gf.scan and gf.while_loop, eagerly (where the tape checks
gradients, first and second order) and inside gf.function (one traced node each).

Eagerly, cond and scan bind their primitives, so the eager rows reach them and their
gradients; while_loop runs in Python eagerly, so only its gf.function row reaches the
`while_loop` primitive (whose reverse-mode gradient is unsupported, as in JAX).
"""

import numpy as np

from gradflow import numpy as gnp
from gradflow.control_flow import cond, scan, while_loop
from gradflow.graph.function import function
from gradflow.testing.op_info import FLOATS, OpInfo, Sample, make


# -- cond ------------------------------------------------------------------------------------
def _cond(pred, x, y):
    return cond(pred, lambda: (x * y + gnp.sin(x), y * 2.0), lambda: (x - y, gnp.exp(y)))


def _cond_ref(pred, x, y):
    return (x * y + np.sin(x), y * 2) if pred else (x - y, np.exp(y))


def _cond_samples(rng, dtype):
    shapes = ((), (4,), (2, 3), (0, 3))
    return [
        Sample((np.asarray(i % 2 == 0), make(rng, s, dtype), make(rng, s, dtype)))
        for i, s in enumerate(shapes)
    ] + [Sample((np.asarray(False), make(rng, (3,), dtype), make(rng, (3,), dtype)))]


# -- scan ------------------------------------------------------------------------------------
def _cell(w):
    def f(c, x):
        h = gnp.tanh(c * w + x)
        return h, {"h": h, "prod": c * x}

    return f


def _scan(init, xs, w, reverse=False):
    carry, ys = scan(_cell(w), init, xs, reverse=reverse)
    return carry, ys["h"], ys["prod"]


def _scan_ref(init, xs, w, reverse=False):
    c, hs, prods = init, [None] * len(xs), [None] * len(xs)
    for t in range(len(xs) - 1, -1, -1) if reverse else range(len(xs)):
        h = np.tanh(c * w + xs[t])
        hs[t], prods[t], c = h, c * xs[t], h
    stack = (lambda v: np.stack(v)) if len(xs) else (lambda v: np.zeros((0,) + init.shape, w.dtype))
    return c, stack(hs), stack(prods)


def _scan_samples(rng, dtype):
    cases = (((3,), 5, False), ((), 4, True), ((2, 2), 3, False), ((3,), 0, False))
    return [
        Sample(
            (make(rng, s, dtype), make(rng, (n,) + s, dtype), make(rng, s, dtype, -1.0, 1.0)),
            {"reverse": rev},
        )
        for s, n, rev in cases
    ]


# -- while_loop ------------------------------------------------------------------------------
def _grow(x):
    """Double-and-add until the sum passes 50 (at most 10 steps), counting the steps."""
    return while_loop(
        lambda i, v: gnp.sum(gnp.abs(v)) < 50.0,
        lambda i, v: (i + 1, v * 2.0 + 1.0),
        (0, x),
        maximum_iterations=10,
    )


def _grow_ref(x):
    i, v = 0, x
    while i < 10 and np.sum(np.abs(v)) < 50.0:
        i, v = i + 1, v * 2 + 1
    return np.asarray(i, np.int32), v


def _power_loop(x):
    """x -> x * x / 2 + x, three times: a Python loop eagerly, so tapes differentiate it."""
    return while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * v * 0.5 + v), (0, x))[1]


def _power_loop_ref(x):
    for _ in range(3):
        x = x * x * 0.5 + x
    return x


def _float_samples(shapes):
    def samples(rng, dtype):
        return [Sample((make(rng, s, dtype, -1.0, 1.0),)) for s in shapes]

    return samples


def _traced(fn):
    """`fn` run through a fresh gf.function (samples vary in shape: no retracing warnings)."""
    return lambda *args, **kwargs: function(fn)(*args, **kwargs)


_cond_traced, _scan_traced, _grow_traced = _traced(_cond), _traced(_scan), _traced(_grow)

OPS = [
    OpInfo("cond", _cond, _cond_ref, _cond_samples, FLOATS, second_order=True),
    OpInfo("cond_traced", _cond_traced, _cond_ref, _cond_samples, FLOATS, grad=False),
    OpInfo("scan", _scan, _scan_ref, _scan_samples, FLOATS, second_order=True),
    OpInfo("scan_traced", _scan_traced, _scan_ref, _scan_samples, FLOATS, grad=False),
    OpInfo(
        "while_loop", _power_loop, _power_loop_ref, _float_samples(((), (3,), (2, 0))), FLOATS,
        second_order=True,
    ),
    OpInfo(
        "while_loop_traced", _grow_traced, _grow_ref, _float_samples(((), (3,), (2, 2))), FLOATS,
        grad=False,
    ),
]  # fmt: skip
