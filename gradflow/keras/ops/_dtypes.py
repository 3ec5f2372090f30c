"""Keras 3's dtype rules for keras.ops: argument conversion and type promotion.

Keras promotes on a lattice (as JAX does) where Python ints and floats are *weak*: they
take the other operand's type, and on their own become int32 and `floatx()`. Unlike the
JAX backend without x64, 64-bit dtypes are kept (as Keras does on TensorFlow).
"""

from __future__ import annotations

import builtins
import functools

import numpy as np

import gradflow as gf
from gradflow.keras import backend

_BOOL, _INTS = "bool", ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
_FLOATS = ("bfloat16", "float16", "float32", "float64")


def _lattice() -> dict:
    u1, u2, u4, u8, i1, i2, i4, i8 = _INTS
    bf, f2, f4, f8 = _FLOATS
    return {
        "bool": ["int"], u1: [i2, u2], u2: [i4, u4], u4: [i8, u8], u8: ["float"],
        "int": [u1, i1, "complex64"], i1: [i2], i2: [i4], i4: [i8], i8: ["float"],
        "float": [bf, f2], bf: [f4], f2: [f4], f4: [f8, "complex64"], f8: ["complex128"],
        "complex64": ["complex128"], "complex128": [],
    }  # fmt: skip


def _upper_bounds() -> dict:
    lattice = _lattice()
    bounds = {node: {node} for node in lattice}
    for node in lattice:
        while True:
            grown = bounds[node].union(*(lattice[b] for b in bounds[node]))
            if grown == bounds[node]:
                break
            bounds[node] = grown
    return bounds


_UPPER = _upper_bounds()


@functools.lru_cache(maxsize=512)
def _least_upper_bound(nodes: frozenset) -> str:
    common = set.intersection(*(_UPPER[n] for n in nodes))
    least = (common & nodes) or {c for c in common if common.issubset(_UPPER[c])}
    if len(least) != 1:
        raise ValueError(
            f"Input dtypes {tuple(sorted(nodes))} have no available implicit dtype promotion "
            "path. Try explicitly casting inputs to the desired output type."
        )
    return least.pop()


def _weak(dtype: str) -> str:
    if dtype == "bool":
        return dtype
    return "float" if "float" in dtype else ("int" if "int" in dtype else "complex64")


def _resolve_weak(dtype: str) -> str:
    precision = backend.floatx()[-2:]
    if dtype == "int":
        return "int32"
    if dtype == "float":
        return f"float{precision}"
    return dtype


def result_type(*dtypes) -> str:
    """The dtype of an op on operands of `dtypes` (Python `int`/`float` are weak).

    Args:
        *dtypes: dtype strings, numpy dtypes, or the Python types int and float.

    Returns:
        A dtype string.

    Example:
    >>> result_type("int32", float), result_type("uint8", "int8"), result_type(int)
    ('float32', 'int16', 'int32')
    """
    if not dtypes:
        return backend.floatx()
    names, weak = [], []
    for d in dtypes:
        is_weak = d is int or d is float
        names.append(("int32" if d is int else backend.floatx()) if is_weak else dtype_name(d))
        weak.append(is_weak)
    if len(names) == 1 or (len(set(names)) == 1 and not builtins.all(weak)):
        out, out_weak = names[0], weak[0]
    elif builtins.all(weak):
        out, out_weak = _least_upper_bound(frozenset(names)), True
    else:
        nodes = frozenset(_weak(n) if w else n for n, w in zip(names, weak))
        out = _least_upper_bound(nodes)
        out_weak = out in ("int", "float")
    if out_weak and out != "bool":
        out = _resolve_weak(_weak(out) if out not in ("int", "float") else out)
    return out


def dtype_name(dtype) -> str:
    """A dtype (string, numpy dtype, Python type) as Keras's dtype string."""
    if dtype is None:
        return backend.floatx()
    if dtype is builtins.bool:
        return "bool"
    if dtype is int:
        return "int32"
    if dtype is float:
        return backend.floatx()
    return backend.standardize_dtype(dtype)


def dtype_of(x):
    """The dtype `x` contributes to promotion: a string, or int/float for weak scalars."""
    if isinstance(x, builtins.bool):
        return "bool"
    if isinstance(x, int) and not isinstance(x, np.integer):
        return int
    if isinstance(x, float) and not isinstance(x, np.floating):
        return float
    dtype = getattr(x, "dtype", None)
    if dtype is not None:
        return dtype_name(dtype)
    return tensor(x).dtype.name


def tensor(x, dtype=None) -> gf.Tensor:
    """`x` as a gradflow tensor as Keras converts it: Python ints become int32 and Python
    floats `floatx()`; `dtype` casts."""
    if isinstance(x, gf.Variable):
        x = x.value()
    if isinstance(x, gf.Tensor):
        if dtype is None:
            return x
        dtype = dtype_name(dtype)
        return x if x.dtype.name == dtype else gf.numpy.astype(x, dtype)
    if dtype is not None:
        return gf.constant(np.asarray(x, dtype=dtype_name(dtype)))
    if isinstance(x, (list, tuple)) and builtins.any(
        isinstance(v, (gf.Tensor, gf.Variable)) for v in x
    ):
        parts = [tensor(v) for v in x]
        common = result_type(*[p.dtype.name for p in parts])
        return gf.numpy.stack([tensor(p, common) for p in parts])
    array = np.asarray(x)
    if not isinstance(x, (np.ndarray, np.generic)):
        if array.dtype == np.int64:
            array = array.astype("int32")
        elif array.dtype == np.float64:
            array = array.astype(backend.floatx())
    return gf.constant(array)


def promote(*xs) -> list:
    """`xs` as tensors of their Keras result type."""
    dtype = result_type(*[dtype_of(x) for x in xs])
    return [tensor(x, dtype) for x in xs]


def float_dtype(x) -> str:
    """The dtype a float-valued op gives for `x`: ints and bools become `floatx()`."""
    return result_type(dtype_of(x), float)


def to_float(x) -> gf.Tensor:
    """`x` as a tensor of `float_dtype(x)`."""
    return tensor(x, float_dtype(x))


def is_float(dtype) -> bool:
    return dtype_name(dtype) in _FLOATS


def is_int(dtype) -> bool:
    return dtype_name(dtype) in _INTS
