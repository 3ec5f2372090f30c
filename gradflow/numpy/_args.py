"""Argument handling shared by the public functions: conversion, promotion, broadcasting.

Primitives are strict (one dtype, one shape). Public functions call these helpers first:

    x1, x2 = promote_and_broadcast("add", x1, x2)
    return ops.add(x1, x2)

Python scalars are *weak*: they take the dtype of the tensor operands, as the Array API
standard and JAX specify (`float32_tensor * 2.0` stays float32). A Python float meeting
an integer or bool tensor gives the default float dtype; a complex scalar meeting a real
tensor gives the complex dtype of the same precision.
"""

from __future__ import annotations

import builtins

import numpy as np

from gradflow import dtypes
from gradflow.core.convert import as_tensor
from gradflow.core.spec import broadcast_shapes
from gradflow.core.tensor import Tensor
from gradflow.errors import DTypeError
from gradflow.ops import elementwise as ew
from gradflow.ops import shape as shape_ops

_PY_SCALARS = (builtins.bool, int, float, complex)


def is_python_scalar(x) -> bool:
    return isinstance(x, _PY_SCALARS) and not isinstance(x, np.generic)


def tensor(x, op: str = "asarray") -> Tensor:
    """`x` as a Tensor (Variables are read, arrays and nested sequences converted)."""
    if isinstance(x, Tensor):
        return x
    try:
        return as_tensor(x)
    except DTypeError as e:
        raise DTypeError(f"{op}: {e}") from None


def cast(x: Tensor, dtype) -> Tensor:
    """`x` in `dtype` through the astype primitive (so tapes and tracing see it)."""
    return x if x.dtype == dtype else ew.astype(x, dtype=dtype)


def _scalar_dtype(value, strong: np.dtype) -> np.dtype:
    """The dtype a weak Python scalar takes beside tensors of dtype `strong`."""
    if isinstance(value, builtins.bool):
        return strong
    if isinstance(value, int):
        return dtypes.DEFAULT_INT if strong == dtypes.bool else strong
    if isinstance(value, float):
        return strong if dtypes.is_floating(strong) else dtypes.DEFAULT_FLOAT
    if dtypes.is_complex(strong):
        return strong
    return dtypes.complex128 if strong == dtypes.float64 else dtypes.complex64


def _scalar_tensor(value, dtype: np.dtype, op: str) -> Tensor:
    if dtype.kind in "fc":  # overflow to inf is the float semantics; no check needed
        return Tensor(np.asarray(value, dtype=dtype))
    try:
        with np.errstate(over="raise"):
            array = np.asarray(value, dtype=dtype)
    except (OverflowError, FloatingPointError):
        raise DTypeError(
            f"{op}: the Python scalar {value!r} does not fit in {dtype.name}, the dtype of "
            "the other operand; cast that operand to a wider dtype first"
        ) from None
    return Tensor(array)


def promote(op: str, *xs) -> list[Tensor]:
    """Convert `xs` to Tensors of one dtype, by the Array API rules (scalars are weak)."""
    strong = [tensor(x, op) for x in xs if not is_python_scalar(x)]
    if strong:
        dtype = dtypes.result_type(*[t.dtype for t in strong])
    else:
        dtype = None
    scalar_dtypes = []
    for x in xs:
        if is_python_scalar(x):
            sd = _scalar_dtype(x, dtype) if dtype is not None else as_tensor(x).dtype
            scalar_dtypes.append(sd)
    if scalar_dtypes:
        dtype = dtypes.result_type(*([dtype] if dtype is not None else []), *scalar_dtypes)
    out, it = [], iter(strong)
    for x in xs:
        if is_python_scalar(x):
            out.append(_scalar_tensor(x, dtype, op))
        else:
            out.append(cast(next(it), dtype))
    return out


def broadcast(op: str, *xs: Tensor) -> list[Tensor]:
    """`xs` broadcast to their common shape (a ShapeError naming `op` if they don't fit)."""
    shape = broadcast_shapes(*[x.shape for x in xs], op=op)
    return [x if x.shape == shape else _broadcast_one(x, shape, xs) for x in xs]


def _broadcast_one(x: Tensor, shape: tuple, operands) -> Tensor:
    """`x` broadcast to `shape`; with unknown (None) dimensions (while tracing) the sizes
    come from the other operands at run time."""
    if None in shape:
        return shape_ops.broadcast_like(x, *[o for o in operands if o is not x])
    return shape_ops.broadcast_to(x, shape=shape)


def promote_and_broadcast(op: str, *xs) -> list[Tensor]:
    """`promote` then `broadcast`: what every elementwise public function starts with."""
    first = xs[0]
    if type(first) is Tensor:  # the hot path: tensors that already agree
        dtype, shape = first._value.dtype, first._value.shape
        for x in xs[1:]:
            if type(x) is not Tensor or x._value.dtype != dtype or x._value.shape != shape:
                break
        else:
            return list(xs)
    if len(xs) == 2:
        fast = _tensor_and_scalar(op, *xs)
        if fast is not None:
            return fast
    promoted = promote(op, *xs)
    shape = broadcast_shapes(*[x.shape for x in promoted], op=op)
    out = []
    for x, original in zip(promoted, xs):
        if x.shape == shape:
            out.append(x)
        elif is_python_scalar(original) and None not in shape:
            # a constant needs no op (and no tape entry): a read-only broadcast view
            out.append(Tensor(np.broadcast_to(x._value, shape)))
        else:
            out.append(_broadcast_one(x, shape, promoted))
    return out


def _tensor_and_scalar(op: str, a, b) -> list[Tensor] | None:
    """The common `tensor (op) python scalar` case, when the tensor's dtype holds the scalar."""
    if type(a) is Tensor and type(b) in (float, int):
        tensor_, scalar, swap = a, b, False
    elif type(b) is Tensor and type(a) in (float, int):
        tensor_, scalar, swap = b, a, True
    else:
        return None
    dtype = tensor_._value.dtype
    if _scalar_dtype(scalar, dtype) != dtype:
        return None
    shape = tensor_._value.shape
    const = Tensor(np.broadcast_to(_scalar_tensor(scalar, dtype, op)._value, shape))
    return [const, tensor_] if swap else [tensor_, const]


def to_float(x: Tensor) -> Tensor:
    """Integer and bool tensors as the default float dtype, for ops defined on reals."""
    if dtypes.is_floating(x.dtype):
        return x
    return cast(x, dtypes.DEFAULT_FLOAT)
