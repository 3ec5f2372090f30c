"""The op table: one OpInfo row per public op drives the generic op tests.

Each family adds its rows in `gradflow/testing/op_table/<family>.py` as a list named
`OPS`; `all_ops()` collects every family. From each row the test suite checks:

- the primitives' shape/dtype rules equal what their kernels return;
- the op equals its NumPy reference for every sample in every listed dtype;
- (if `grad`) the gradient equals central finite differences in float64;
- (if `second_order`) the gradient of the gradient does too;
- every registered primitive is reached by some row (and every differentiable one by
  a gradient-checked row), so a new primitive without tests fails the suite.

Example row:

    OpInfo("sin", gnp.sin, np.sin, unary_samples())
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from typing import Any, Callable, Sequence

import numpy as np

from gradflow import dtypes

FLOATS = (dtypes.float32, dtypes.float64)
INTS = (dtypes.int32, dtypes.int64)
ALL_REAL = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)


@dataclasses.dataclass
class Sample:
    """One call: positional `args` (NumPy arrays become tensors) and keyword `kwargs`.

    Only NumPy arrays in `args` are converted to tensors (and differentiated, if
    floating); Python values pass to the op and the reference unchanged. Put a
    tensor-valued keyword argument in `args` by wrapping the op in a lambda.
    """

    args: tuple
    kwargs: dict = dataclasses.field(default_factory=dict)
    grad: bool = True  # False for samples where the op is not differentiable (kinks, ties)

    def __repr__(self) -> str:
        parts = [
            f"{a.dtype}{list(a.shape)}" if isinstance(a, np.ndarray) else repr(a) for a in self.args
        ]
        parts += [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"Sample({', '.join(parts)})"


SampleFn = Callable[[np.random.Generator, np.dtype], Sequence[Sample]]


@dataclasses.dataclass
class OpInfo:
    """How to test one public op.

    Args:
        name: the test id (the public name, e.g. "sin" or "linalg.solve").
        op: the gradflow function.
        ref: a NumPy function with the same signature on arrays.
        samples: `(rng, dtype) -> [Sample, ...]`; include 0-d and size-0 inputs where
            the op allows them.
        dtypes: the dtypes the reference check runs in.
        grad: whether the op is differentiable w.r.t. its floating array arguments.
        grad_args: which positional args to differentiate (default: all floating arrays).
        second_order: also check second derivatives.
        rtol, atol: tolerances for the reference check per dtype name (defaults by dtype).
        check_dtype: compare the result dtype with the reference's.
        eps: the finite-difference step (float64).
        grad_rtol, grad_atol: tolerances for the gradient checks.
        nondeterministic: the op's values can't be compared with a reference (random
            ops); only shapes and dtypes are checked.
    """

    name: str
    op: Callable
    ref: Callable
    samples: SampleFn
    dtypes: tuple = FLOATS
    grad: bool = True
    grad_args: tuple | None = None
    second_order: bool = False
    rtol: dict = dataclasses.field(default_factory=dict)
    atol: dict = dataclasses.field(default_factory=dict)
    check_dtype: bool = True
    eps: float = 1e-6
    grad_rtol: float = 1e-5
    grad_atol: float = 1e-6
    nondeterministic: bool = False

    def __repr__(self) -> str:
        return f"OpInfo({self.name})"


_DEFAULT_TOL = {
    "float16": (1e-2, 1e-2),
    "bfloat16": (2e-2, 2e-2),
    "float32": (1e-5, 1e-6),
    "complex64": (1e-5, 1e-6),
}


def tolerances(info: OpInfo, dtype: np.dtype) -> tuple[float, float]:
    rtol, atol = _DEFAULT_TOL.get(np.dtype(dtype).name, (1e-7, 1e-10))
    return info.rtol.get(np.dtype(dtype).name, rtol), info.atol.get(np.dtype(dtype).name, atol)


def all_ops() -> list[OpInfo]:
    """Every row of every family module in `gradflow.testing.op_table`, sorted by name."""
    from gradflow.testing import op_table

    rows: list[OpInfo] = []
    for module in sorted(pkgutil.iter_modules(op_table.__path__), key=lambda m: m.name):
        rows.extend(importlib.import_module(f"{op_table.__name__}.{module.name}").OPS)
    names = [r.name for r in rows]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ValueError(f"op table: duplicated row names {duplicated}")
    return sorted(rows, key=lambda r: r.name)


# -- sample helpers -------------------------------------------------------------------------


def make(
    rng: np.random.Generator, shape: tuple, dtype, low: float = -2.0, high: float = 2.0
) -> np.ndarray:
    """A random array of `shape` and `dtype` with values in [low, high)."""
    dtype = np.dtype(dtype)
    if dtype == np.bool_:
        return np.asarray(rng.random(shape) < 0.5)
    if dtype.kind in "iu":
        lo = max(int(np.floor(low)), int(np.iinfo(dtype).min))
        hi = min(int(np.ceil(high)), int(np.iinfo(dtype).max))
        return rng.integers(lo, hi, size=shape, endpoint=True).astype(dtype)
    if dtype.kind == "c":
        real = rng.uniform(low, high, size=shape)
        return (real + 1j * rng.uniform(low, high, size=shape)).astype(dtype)
    return rng.uniform(low, high, size=shape).astype(dtype)


UNARY_SHAPES = ((), (0,), (5,), (3, 4), (2, 0, 3), (2, 3, 4))
BINARY_SHAPES = (
    ((), ()),
    ((5,), (5,)),
    ((3, 4), (3, 4)),
    ((3, 1), (1, 4)),
    ((2, 3, 4), (4,)),
    ((), (3,)),
    ((0, 3), (1, 3)),
)


def unary_samples(low: float = -2.0, high: float = 2.0, shapes=UNARY_SHAPES, **kwargs) -> SampleFn:
    """Samples for a one-argument op over `shapes`, values in [low, high)."""

    def samples(rng, dtype):
        return [Sample((make(rng, s, dtype, low, high),), dict(kwargs)) for s in shapes]

    return samples


def binary_samples(
    low: float = -2.0, high: float = 2.0, shapes=BINARY_SHAPES, low2=None, high2=None
) -> SampleFn:
    """Samples for a two-argument elementwise op, with broadcasting pairs."""

    def samples(rng, dtype):
        return [
            Sample(
                (
                    make(rng, a, dtype, low, high),
                    make(
                        rng,
                        b,
                        dtype,
                        low if low2 is None else low2,
                        high if high2 is None else high2,
                    ),
                )
            )
            for a, b in shapes
        ]

    return samples


def to_gradflow(value: Any):
    """NumPy arrays in a sample become tensors; everything else passes unchanged."""
    import gradflow as gf

    if isinstance(value, np.ndarray):
        return gf.constant(value)
    return value
