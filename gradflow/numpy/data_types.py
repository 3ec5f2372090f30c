"""Array API data type functions and dtype objects."""

from __future__ import annotations

from dataclasses import dataclass

import ml_dtypes
import numpy as np

from gradflow import dtypes
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError
from gradflow.numpy._args import cast, tensor

__all__ = [
    "astype", "can_cast", "finfo", "iinfo", "isdtype", "result_type",
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "bfloat16", "float16", "float32", "float64", "complex64", "complex128",
]  # fmt: skip

bool = dtypes.bool  # noqa: A001 - the Array API name
int8, int16, int32, int64 = dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64
uint8, uint16, uint32, uint64 = dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64
bfloat16, float16 = dtypes.bfloat16, dtypes.float16
float32, float64 = dtypes.float32, dtypes.float64
complex64, complex128 = dtypes.complex64, dtypes.complex128


def astype(x, dtype, /, *, copy: bool = True, device=None):
    """`x` converted to `dtype` (differentiable between floating dtypes).

    Args:
        x: a tensor.
        dtype: the target dtype.
        copy: accepted for the Array API; tensors are immutable, so no copy is observable.
        device: must be None or the tensor's device.

    Returns:
        A tensor of `dtype`.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.astype(gf.constant([1.5, 2.5]), gf.int32).tolist()
    [1, 2]
    """
    return cast(tensor(x, "astype"), dtypes.as_dtype(dtype))


def _dtype_of(x) -> np.dtype:
    if isinstance(x, Tensor) or hasattr(x, "_read"):
        return x.dtype
    return dtypes.as_dtype(x)


def can_cast(from_, to, /) -> bool:
    """Whether the promotion rules allow `from_` (a dtype or tensor) to become `to`.

    Example:
    >>> can_cast(int8, int32), can_cast(float64, float32)
    (True, False)
    """
    src, dst = _dtype_of(from_), dtypes.as_dtype(to)
    try:
        return dtypes.result_type(src, dst) == dst
    except DTypeError:
        return False


@dataclass(frozen=True)
class finfo_object:
    bits: int
    eps: float
    max: float
    min: float
    smallest_normal: float
    dtype: np.dtype


@dataclass(frozen=True)
class iinfo_object:
    bits: int
    max: int
    min: int
    dtype: np.dtype


def finfo(type, /) -> finfo_object:  # noqa: A002 - the Array API name
    """Machine limits of a floating dtype (bfloat16 included).

    Example:
    >>> finfo(float32).bits
    32
    """
    dtype = _dtype_of(type)
    if not dtypes.is_floating(dtype):
        raise DTypeError(f"finfo: needs a floating dtype, got {dtype.name}; use iinfo for integers")
    info = ml_dtypes.finfo(dtype)
    real = info.dtype
    return finfo_object(
        bits=int(np.dtype(real).itemsize * 8),
        eps=float(info.eps),
        max=float(info.max),
        min=float(info.min),
        smallest_normal=float(info.smallest_normal),
        dtype=np.dtype(real),
    )


def iinfo(type, /) -> iinfo_object:  # noqa: A002 - the Array API name
    """Machine limits of an integer dtype.

    Example:
    >>> iinfo(int8).max
    127
    """
    dtype = _dtype_of(type)
    if not dtypes.is_integer(dtype):
        raise DTypeError(f"iinfo: needs an integer dtype, got {dtype.name}; use finfo for floats")
    info = np.iinfo(dtype)
    return iinfo_object(bits=info.bits, max=int(info.max), min=int(info.min), dtype=dtype)


_KINDS = {
    "bool": (dtypes.bool,),
    "signed integer": dtypes.SIGNED,
    "unsigned integer": dtypes.UNSIGNED,
    "integral": dtypes.INTEGER,
    "real floating": dtypes.REAL_FLOATING,
    "complex floating": dtypes.COMPLEX,
    "numeric": dtypes.NUMERIC,
}


def isdtype(dtype, kind, /) -> bool:
    """Whether `dtype` is `kind`: a dtype, a kind name ('integral', 'real floating', ...)
    or a tuple of them.

    Example:
    >>> isdtype(float32, "real floating"), isdtype(int8, ("bool", "integral"))
    (True, True)
    """
    dtype = dtypes.as_dtype(dtype)
    if isinstance(kind, tuple):
        return any(isdtype(dtype, k) for k in kind)
    if isinstance(kind, str):
        if kind not in _KINDS:
            raise ArgumentError(f"isdtype: unknown kind {kind!r}; valid kinds: {', '.join(_KINDS)}")
        return dtype in _KINDS[kind]
    return dtype == dtypes.as_dtype(kind)


def result_type(*arrays_and_dtypes):
    """The dtype the promotion rules give for these tensors, dtypes and Python scalars.

    Example:
    >>> result_type(int8, uint8)
    dtype('int16')
    """
    from gradflow.numpy._args import is_python_scalar, promote

    if not arrays_and_dtypes:
        raise ArgumentError("result_type: needs at least one array or dtype")
    operands = []
    for x in arrays_and_dtypes:
        if is_python_scalar(x) or isinstance(x, Tensor) or hasattr(x, "_read"):
            operands.append(x)
        else:
            operands.append(Tensor(np.zeros((), dtype=dtypes.as_dtype(x))))
    return promote("result_type", *operands)[0].dtype
