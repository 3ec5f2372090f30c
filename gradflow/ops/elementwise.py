"""Core elementwise primitives: arithmetic, binary real math, comparisons, select, casts.

Binary primitives are strict (one shape, one dtype); gf.numpy promotes and broadcasts
before binding them. Further elementwise families live beside this file: unary_math.py
(trigonometry, exp/log variants, rounding, classification, complex parts) and bitwise.py
(bitwise and logical ops).
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import ArgumentError
from gradflow.ops._rules import (
    binary,
    require_kind,
    same_shape_and_dtype,
    unary_any,
    unary_float,
    unary_numeric,
)

COMPLEX_TO_REAL = {dtypes.complex64: dtypes.float32, dtypes.complex128: dtypes.float64}
"""The real dtype of a complex dtype's parts (abs, real, imag)."""

# -- arithmetic -------------------------------------------------------------------------
add = primitive(
    "add",
    infer=binary("numeric"),
    grad=lambda g, x, y, *, out: (g, g),
    numpy=np.add,
    xla=lambda lax, x, y: lax.add(x, y),
)
subtract = primitive(
    "subtract",
    infer=binary("numeric"),
    grad=lambda g, x, y, *, out: (g, negative(g)),
    numpy=np.subtract,
    xla=lambda lax, x, y: lax.sub(x, y),
)
multiply = primitive(
    "multiply",
    infer=binary("numeric"),
    grad=lambda g, x, y, *, out: (multiply(g, y), multiply(g, x)),
    numpy=np.multiply,
    xla=lambda lax, x, y: lax.mul(x, y),
)
divide = primitive(
    "divide",
    infer=binary("floating"),
    # d/dx x/y = 1/y ; d/dy x/y = -x/y**2 = -out/y
    grad=lambda g, x, y, *, out: (divide(g, y), negative(divide(multiply(g, out), y))),
    numpy=np.true_divide,
    xla=lambda lax, x, y: lax.div(x, y),
)
negative = primitive(
    "negative",
    infer=unary_numeric,
    grad=lambda g, x, *, out: (negative(g),),
    numpy=np.negative,
    xla=lambda lax, x: lax.neg(x),
)


def _pow_grad(g, x, y, *, out):
    """d/dx x**y = y * x**(y-1); d/dy x**y = log(x) * x**y (0 where x <= 0)."""
    one, zero = ones_like(x), zeros_like(x)
    # at x = 0, y = 0, y * x**(y-1) is 0 * inf = nan; the limit is 0, which the same
    # formula gives with x replaced by 1 there (and only there, so d/dy stays right)
    x_safe = where(equal(y, zero), where(equal(x, zero), one, x), x)
    dx = multiply(g, multiply(y, power(x_safe, subtract(y, one))))
    safe_log = log(where(greater(x, zero), x, one))
    dy = multiply(g, multiply(out, safe_log))
    return dx, dy


def _power_kernel(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    try:
        return np.power(x, y)
    except ValueError:  # NumPy refuses integers to negative integer powers
        raise ArgumentError(
            f"power: integers to negative integer powers are not defined ({x.dtype.name} "
            "operands); cast the base to a floating dtype first"
        ) from None


power = primitive(
    "power",
    infer=binary("numeric"),
    grad=_pow_grad,
    numpy=_power_kernel,
    xla=lambda lax, x, y: lax.np.power(x, y),  # lax.pow takes no integer bases
)

maximum = primitive(
    "maximum",
    infer=binary("real numeric"),
    # ties send the gradient to x, as TensorFlow does
    grad=lambda g, x, y, *, out: _split_by(greater_equal(x, y), g),
    numpy=np.maximum,
    xla=lambda lax, x, y: lax.max(x, y),
)
minimum = primitive(
    "minimum",
    infer=binary("real numeric"),
    grad=lambda g, x, y, *, out: _split_by(less_equal(x, y), g),
    numpy=np.minimum,
    xla=lambda lax, x, y: lax.min(x, y),
)


def _split_by(to_x, g):
    zero = zeros_like(g)
    return where(to_x, g, zero), where(to_x, zero, g)


floor_divide = primitive(
    "floor_divide",
    infer=binary("real numeric"),
    grad=lambda g, x, y, *, out: (zeros_like(g), zeros_like(g)),  # piecewise constant
    numpy=np.floor_divide,
    xla=lambda lax, x, y: lax.np.floor_divide(x, y),
)
remainder = primitive(
    "remainder",
    infer=binary("real numeric"),
    # x % y = x - y * floor(x / y): d/dx = 1, d/dy = -floor(x / y)
    grad=lambda g, x, y, *, out: (g, negative(multiply(g, floor_divide(x, y)))),
    numpy=np.remainder,
    xla=lambda lax, x, y: lax.np.remainder(x, y),
)


# -- binary real math -----------------------------------------------------------------------
def _atan2_grad(g, x1, x2, *, out):
    """d/dx1 atan2(x1, x2) = x2 / (x1**2 + x2**2); d/dx2 = -x1 / (x1**2 + x2**2)."""
    scale = divide(g, add(multiply(x1, x1), multiply(x2, x2)))
    return multiply(scale, x2), negative(multiply(scale, x1))


atan2 = primitive(
    "atan2",
    infer=binary("real floating"),
    grad=_atan2_grad,
    numpy=np.arctan2,
    xla=lambda lax, x1, x2: lax.atan2(x1, x2),
)
hypot = primitive(
    "hypot",
    infer=binary("real floating"),
    # d/dx1 sqrt(x1**2 + x2**2) = x1 / hypot(x1, x2)
    grad=lambda g, x1, x2, *, out: (divide(multiply(g, x1), out), divide(multiply(g, x2), out)),
    numpy=np.hypot,
    xla=lambda lax, x1, x2: lax.np.hypot(x1, x2),
)
copysign = primitive(
    "copysign",
    infer=binary("real floating"),
    # |x1| with the sign of x2: d/dx1 = sign(x1) * sign(x2); x2 only picks a sign
    grad=lambda g, x1, x2, *, out: (multiply(g, multiply(sign(x1), sign(out))), zeros_like(g)),
    numpy=np.copysign,
    xla=lambda lax, x1, x2: lax.np.copysign(x1, x2),
)
nextafter = primitive(
    "nextafter",
    infer=binary("real floating"),
    grad=NOT_DIFFERENTIABLE,  # a one-ulp step: no useful derivative (as in TensorFlow)
    numpy=np.nextafter,
    xla=lambda lax, x1, x2: lax.nextafter(x1, x2),
)


def _logaddexp_grad(g, x1, x2, *, out):
    """d/dx1 log(e**x1 + e**x2) = e**(x1 - out), which never overflows."""
    return multiply(g, exp(subtract(x1, out))), multiply(g, exp(subtract(x2, out)))


logaddexp = primitive(
    "logaddexp",
    infer=binary("real floating"),
    grad=_logaddexp_grad,
    numpy=np.logaddexp,  # max(x1, x2) + log1p(exp(-|x1 - x2|)): stable for large inputs
    xla=lambda lax, x1, x2: lax.np.logaddexp(x1, x2),
)


# -- exp / log ---------------------------------------------------------------------------
exp = primitive(
    "exp",
    infer=unary_float,
    grad=lambda g, x, *, out: (multiply(g, out),),  # d/dx e**x = e**x
    numpy=np.exp,
    xla=lambda lax, x: lax.exp(x),
)
log = primitive(
    "log",
    infer=unary_float,
    grad=lambda g, x, *, out: (divide(g, x),),  # d/dx log x = 1/x
    numpy=np.log,
    xla=lambda lax, x: lax.log(x),
)
sqrt = primitive(
    "sqrt",
    infer=unary_float,
    # d/dx sqrt x = 1 / (2 sqrt x)
    grad=lambda g, x, *, out: (divide(g, add(out, out)),),
    numpy=np.sqrt,
    xla=lambda lax, x: lax.sqrt(x),
)
tanh = primitive(
    "tanh",
    infer=unary_float,
    # d/dx tanh x = 1 - tanh(x)**2
    grad=lambda g, x, *, out: (multiply(g, subtract(ones_like(out), multiply(out, out))),),
    numpy=np.tanh,
    xla=lambda lax, x: lax.tanh(x),
)


def _abs_infer(x: TensorSpec) -> TensorSpec:
    require_kind(x, "numeric")
    return spec_of(x.shape, COMPLEX_TO_REAL[x.dtype]) if x.dtype.kind == "c" else x


abs = primitive(  # noqa: A001 - the Array API name
    "abs",
    infer=_abs_infer,  # |complex| is real
    grad=lambda g, x, *, out: (multiply(g, sign(x)),),  # d/dx |x| = sign(x)
    numpy=np.abs,
    xla=lambda lax, x: lax.np.abs(x),  # lax.abs takes no unsigned integers
)

sign = primitive(
    "sign",
    infer=unary_numeric,
    grad=lambda g, x, *, out: (zeros_like(g),),  # piecewise constant
    numpy=np.sign,
    xla=lambda lax, x: _sign_xla(lax, x),
)


def _sign_xla(lax, x):
    # NumPy gives sign(-0.0) = 0.0 where lax.sign keeps -0.0 (and x + 0.0 is folded away)
    if x.dtype.kind != "f":
        return lax.sign(x)
    return lax.select(x == 0, lax.full_like(x, 0), lax.sign(x))


# -- comparisons and logic (no gradient) ---------------------------------------------------
def _comparison(name: str, kernel, xla_name: str, kind: str):
    return primitive(
        name,
        infer=binary(kind, out_dtype=dtypes.bool),
        grad=NOT_DIFFERENTIABLE,
        numpy=kernel,
        xla=lambda lax, x, y: getattr(lax, xla_name)(x, y),
    )


# equality is defined for every dtype; order only for real numbers (not bool, not complex)
equal = _comparison("equal", np.equal, "eq", "any")
not_equal = _comparison("not_equal", np.not_equal, "ne", "any")
less = _comparison("less", np.less, "lt", "real numeric")
less_equal = _comparison("less_equal", np.less_equal, "le", "real numeric")
greater = _comparison("greater", np.greater, "gt", "real numeric")
greater_equal = _comparison("greater_equal", np.greater_equal, "ge", "real numeric")


def _where_infer(condition: TensorSpec, x: TensorSpec, y: TensorSpec) -> TensorSpec:
    require_kind(condition, "boolean", "condition")
    same_shape_and_dtype(x, y)
    same_shape_and_dtype(spec_of(condition.shape, x.dtype), x)
    return x


where = primitive(
    "where",
    infer=_where_infer,
    grad=lambda g, c, x, y, *, out: (None, *_split_by(c, g)),
    numpy=np.where,
    xla=lambda lax, c, x, y: lax.select(c, x, y),
)


# -- dtype and identity-like ops -------------------------------------------------------------
def _astype_infer(x: TensorSpec, *, dtype) -> TensorSpec:
    return spec_of(x.shape, dtypes.as_dtype(dtype))


def _astype_grad(g, x, *, out, dtype):
    """d/dx cast(x) = 1, cast back to x's dtype."""
    return (astype(g, dtype=x.dtype),)


astype = primitive(
    "astype",
    infer=_astype_infer,
    grad=_astype_grad,
    numpy=lambda x, *, dtype: x.astype(dtype),
    xla=lambda lax, x, *, dtype: lax.convert_element_type(x, dtype),
)
stop_gradient = primitive(
    "stop_gradient",
    infer=unary_any,
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda x: x,
    xla=lambda lax, x: lax.stop_gradient(x),
)
zeros_like = primitive(
    "zeros_like",
    infer=unary_any,
    grad=NOT_DIFFERENTIABLE,
    numpy=np.zeros_like,
    xla=lambda lax, x: lax.full_like(x, 0),
)
ones_like = primitive(
    "ones_like",
    infer=unary_any,
    grad=NOT_DIFFERENTIABLE,
    numpy=np.ones_like,
    xla=lambda lax, x: lax.full_like(x, 1),
)


def _full_infer(*, shape: tuple, fill_value, dtype) -> TensorSpec:
    return spec_of(shape, dtypes.as_dtype(dtype))


full = primitive(
    "full",
    infer=_full_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda *, shape, fill_value, dtype: np.full(shape, fill_value, dtype=dtype),
    xla=lambda lax, *, shape, fill_value, dtype: lax.full(shape, fill_value, dtype),
)


def _full_like_infer(x: TensorSpec, *, fill_value) -> TensorSpec:
    return x


full_like = primitive(
    "full_like",
    infer=_full_like_infer,  # x's shape and dtype, known or not: gradient rules use it
    grad=NOT_DIFFERENTIABLE,
    numpy=lambda x, *, fill_value: np.full_like(x, fill_value),
    xla=lambda lax, x, *, fill_value: lax.full_like(x, fill_value),
)
