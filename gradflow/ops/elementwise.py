"""Core elementwise primitives: arithmetic, comparisons, select, casts, exp/log.

Binary primitives are strict (one shape, one dtype); gf.numpy promotes and broadcasts
before binding them. Further elementwise families live beside this file
(unary_math.py, bitwise.py, ...).
"""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.ops._rules import (
    binary,
    require_kind,
    same_shape_and_dtype,

    unary_any,
    unary_float,
    unary_numeric,
)

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
    one = ones_like(x)
    dx = multiply(g, multiply(y, power(x, subtract(y, one))))
    positive = greater(x, zeros_like(x))
    safe_log = log(where(positive, x, one))
    dy = multiply(g, multiply(out, safe_log))
    return dx, dy


power = primitive(
    "power",
    infer=binary("numeric"),
    grad=_pow_grad,
    numpy=np.power,
    xla=lambda lax, x, y: lax.pow(x, y),
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
abs = primitive(  # noqa: A001 - the Array API name
    "abs",
    infer=unary_numeric,
    grad=lambda g, x, *, out: (multiply(g, sign(x)),),  # d/dx |x| = sign(x)
    numpy=np.abs,
    xla=lambda lax, x: lax.abs(x),
)
sign = primitive(
    "sign",
    infer=unary_numeric,
    grad=lambda g, x, *, out: (zeros_like(g),),  # piecewise constant
    numpy=np.sign,
    xla=lambda lax, x: lax.sign(x),
)


# -- comparisons and logic (no gradient) ---------------------------------------------------
def _comparison(name: str, kernel, xla_name: str):
    return primitive(
        name,
        infer=binary("any", out_dtype=dtypes.bool),
        grad=NOT_DIFFERENTIABLE,
        numpy=kernel,
        xla=lambda lax, x, y: getattr(lax, xla_name)(x, y),
    )


equal = _comparison("equal", np.equal, "eq")
not_equal = _comparison("not_equal", np.not_equal, "ne")
less = _comparison("less", np.less, "lt")
less_equal = _comparison("less_equal", np.less_equal, "le")
greater = _comparison("greater", np.greater, "gt")
greater_equal = _comparison("greater_equal", np.greater_equal, "ge")


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

