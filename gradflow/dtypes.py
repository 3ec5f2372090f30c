"""Data types and the Array API type-promotion rules.

gradflow's dtypes are NumPy dtype objects (bfloat16 comes from `ml_dtypes`), so they
compare equal to NumPy's and pass straight to NumPy kernels. Promotion follows the
Python Array API standard; where the standard leaves a case open (integer with float,
uint64 with a signed integer) we follow JAX: the float wins, and int64 holds the pair.
"""

from __future__ import annotations

import ml_dtypes
import numpy as np

from gradflow.errors import DTypeError

bool = np.dtype("bool")  # noqa: A001 - the Array API name
int8 = np.dtype("int8")
int16 = np.dtype("int16")
int32 = np.dtype("int32")
int64 = np.dtype("int64")
uint8 = np.dtype("uint8")
uint16 = np.dtype("uint16")
uint32 = np.dtype("uint32")
uint64 = np.dtype("uint64")
bfloat16 = np.dtype(ml_dtypes.bfloat16)
float16 = np.dtype("float16")
float32 = np.dtype("float32")
float64 = np.dtype("float64")
complex64 = np.dtype("complex64")
complex128 = np.dtype("complex128")

DType = np.dtype

ALL = (
    bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
    bfloat16, float16, float32, float64, complex64, complex128,
)  # fmt: skip
SIGNED = (int8, int16, int32, int64)
UNSIGNED = (uint8, uint16, uint32, uint64)
INTEGER = SIGNED + UNSIGNED
REAL_FLOATING = (bfloat16, float16, float32, float64)
COMPLEX = (complex64, complex128)
FLOATING = REAL_FLOATING + COMPLEX
NUMERIC = INTEGER + FLOATING

DEFAULT_FLOAT = float32
DEFAULT_INT = int32
DEFAULT_INDEX = int64
DEFAULT_COMPLEX = complex64

_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"float": float32, "int": int32, "complex": complex64})


def as_dtype(dtype) -> np.dtype:
    """The gradflow dtype named by `dtype` (a dtype, a NumPy type, or a string name).

    Args:
        dtype: e.g. `gf.float32`, `np.float32`, `"float32"`, `"bfloat16"`.

    Returns:
        The canonical `np.dtype`.

    Example:
    >>> as_dtype("bfloat16").name
    'bfloat16'
    """
    if isinstance(dtype, np.dtype) and dtype in _SUPPORTED:
        return dtype
    if isinstance(dtype, str):
        found = _BY_NAME.get(dtype)
        if found is not None:
            return found
    else:
        try:
            found = np.dtype(dtype)
        except TypeError:
            found = None
        if found is not None and found in _SUPPORTED:
            return found
    raise DTypeError(
        f"dtype: {dtype!r} is not a gradflow dtype; use one of {', '.join(sorted(_BY_NAME))}"
    )


_SUPPORTED = frozenset(ALL)


def is_floating(dtype: np.dtype) -> bool:
    """True for real floating and complex dtypes (the differentiable ones)."""
    return dtype in _FLOATING_SET


def is_integer(dtype: np.dtype) -> bool:
    return dtype in _INTEGER_SET


def is_complex(dtype: np.dtype) -> bool:
    return dtype.kind == "c"


_FLOATING_SET = frozenset(FLOATING)
_INTEGER_SET = frozenset(INTEGER)


def kind_of(dtype: np.dtype) -> str:
    """The Array API kind name: 'bool', 'signed integer', 'unsigned integer', ..."""
    if dtype == bool:
        return "bool"
    if dtype in SIGNED:
        return "signed integer"
    if dtype in UNSIGNED:
        return "unsigned integer"
    if dtype in REAL_FLOATING:
        return "real floating"
    return "complex floating"


def _bits(dtype: np.dtype) -> int:
    return dtype.itemsize * 8


def _promote_pair(a: np.dtype, b: np.dtype) -> np.dtype:
    if a == b:
        return a
    if a == bool:
        return b
    if b == bool:
        return a
    a_float, b_float = a in _FLOATING_SET, b in _FLOATING_SET
    if a_float and b_float:
        return _promote_floats(a, b)
    if a_float:
        return a
    if b_float:
        return b
    return _promote_ints(a, b)


def _promote_floats(a: np.dtype, b: np.dtype) -> np.dtype:
    if a.kind == "c" or b.kind == "c":
        bits = max(_bits(a) // (2 if a.kind == "c" else 1), _bits(b) // (2 if b.kind == "c" else 1))
        return complex128 if bits > 32 else complex64
    if {a, b} == {bfloat16, float16}:
        return float32
    return a if _bits(a) >= _bits(b) else b


def _promote_ints(a: np.dtype, b: np.dtype) -> np.dtype:
    a_signed, b_signed = a in SIGNED, b in SIGNED
    if a_signed == b_signed:
        return a if _bits(a) >= _bits(b) else b
    signed, unsigned = (a, b) if a_signed else (b, a)
    if _bits(signed) > _bits(unsigned):
        return signed
    return {8: int16, 16: int32, 32: int64, 64: int64}[_bits(unsigned)]


def result_type(*dtypes: np.dtype) -> np.dtype:
    """The dtype that the Array API promotion rules give for operands of these dtypes.

    Args:
        *dtypes: one or more gradflow dtypes.

    Returns:
        The promoted dtype.

    Example:
    >>> result_type(int8, uint8)
    dtype('int16')
    """
    if not dtypes:
        raise DTypeError("result_type: at least one dtype is required")
    out = as_dtype(dtypes[0])
    for d in dtypes[1:]:
        out = _promote_pair(out, as_dtype(d))
    return out


def finfo_eps(dtype: np.dtype) -> float:
    """Machine epsilon of a floating dtype (bfloat16 included)."""
    return float(ml_dtypes.finfo(dtype).eps)
