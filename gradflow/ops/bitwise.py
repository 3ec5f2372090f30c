"""Bitwise primitives (integers and bool) and logical primitives (bool). None has a
gradient: their outputs are integers or bools."""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec
from gradflow.errors import DTypeError
from gradflow.ops._rules import binary, same_shape_and_dtype, unary


def _binary_bitwise(name: str, kind: str, kernel, xla):
    return primitive(name, infer=binary(kind), grad=NOT_DIFFERENTIABLE, numpy=kernel, xla=xla)


# -- bitwise ----------------------------------------------------------------------------------
bitwise_and = _binary_bitwise(
    "bitwise_and", "integer or boolean", np.bitwise_and, lambda lax, x, y: lax.bitwise_and(x, y)
)
bitwise_or = _binary_bitwise(
    "bitwise_or", "integer or boolean", np.bitwise_or, lambda lax, x, y: lax.bitwise_or(x, y)
)
bitwise_xor = _binary_bitwise(
    "bitwise_xor", "integer or boolean", np.bitwise_xor, lambda lax, x, y: lax.bitwise_xor(x, y)
)
bitwise_left_shift = _binary_bitwise(
    "bitwise_left_shift",
    "integer",
    np.left_shift,
    lambda lax, x, y: lax.np.left_shift(x, y),
)
# arithmetic shift for signed integers (the sign bit is kept), logical for unsigned
bitwise_right_shift = _binary_bitwise(
    "bitwise_right_shift",
    "integer",
    np.right_shift,
    lambda lax, x, y: lax.np.right_shift(x, y),
)
bitwise_invert = primitive(
    "bitwise_invert",
    infer=unary("integer or boolean"),
    grad=NOT_DIFFERENTIABLE,
    numpy=np.invert,
    xla=lambda lax, x: lax.bitwise_not(x),
)


# -- logical ----------------------------------------------------------------------------------
def _require_bool(*specs: TensorSpec) -> None:
    for s in specs:
        if s.dtype != dtypes.bool:
            raise DTypeError(
                f"operands must have a bool dtype, got {s.dtype.name}; compare first "
                "(x != 0) or cast with astype(x, bool)"
            )


def _logical_binary_infer(x: TensorSpec, y: TensorSpec) -> TensorSpec:
    same_shape_and_dtype(x, y)
    _require_bool(x)
    return x


def _logical_not_infer(x: TensorSpec) -> TensorSpec:
    _require_bool(x)
    return x


def _logical(name: str, kernel, xla):
    return primitive(
        name, infer=_logical_binary_infer, grad=NOT_DIFFERENTIABLE, numpy=kernel, xla=xla
    )


# on bools the bitwise lax ops are the logical ones
logical_and = _logical("logical_and", np.logical_and, lambda lax, x, y: lax.bitwise_and(x, y))
logical_or = _logical("logical_or", np.logical_or, lambda lax, x, y: lax.bitwise_or(x, y))
logical_xor = _logical("logical_xor", np.logical_xor, lambda lax, x, y: lax.bitwise_xor(x, y))
logical_not = primitive(
    "logical_not",
    infer=_logical_not_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=np.logical_not,
    xla=lambda lax, x: lax.bitwise_not(x),
)
