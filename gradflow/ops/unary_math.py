"""Unary math primitives: trigonometric and hyperbolic functions, exp/log variants,
rounding, floating-point classification and the parts of complex numbers.

exp, log, sqrt, tanh, abs and sign live in elementwise.py beside the arithmetic they
are built into. Each gradient is one line of math written in gradflow ops, so it is
itself differentiable.
"""

from __future__ import annotations

import math

import numpy as np

from gradflow import dtypes
from gradflow.core.primitive import NOT_DIFFERENTIABLE, primitive
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.errors import DTypeError
from gradflow.ops._rules import unary, unary_float, unary_to
from gradflow.ops.elementwise import (
    COMPLEX_TO_REAL,
    add,
    divide,
    exp,
    full_like,
    multiply,
    negative,
    ones_like,
    sqrt,
    subtract,
    zeros_like,
)


def _one_minus_square(x):
    return subtract(ones_like(x), multiply(x, x))


# -- trigonometric ---------------------------------------------------------------------------
sin = primitive(
    "sin",
    infer=unary_float,
    grad=lambda g, x, *, out: (multiply(g, cos(x)),),  # d/dx sin x = cos x
    numpy=np.sin,
    xla=lambda lax, x: lax.sin(x),
)
cos = primitive(
    "cos",
    infer=unary_float,
    grad=lambda g, x, *, out: (negative(multiply(g, sin(x))),),  # d/dx cos x = -sin x
    numpy=np.cos,
    xla=lambda lax, x: lax.cos(x),
)
tan = primitive(
    "tan",
    infer=unary_float,
    # d/dx tan x = 1 + tan(x)**2
    grad=lambda g, x, *, out: (multiply(g, add(ones_like(out), multiply(out, out))),),
    numpy=np.tan,
    xla=lambda lax, x: lax.tan(x),
)
asin = primitive(
    "asin",
    infer=unary_float,
    # d/dx asin x = 1 / sqrt(1 - x**2)
    grad=lambda g, x, *, out: (divide(g, sqrt(_one_minus_square(x))),),
    numpy=np.arcsin,
    xla=lambda lax, x: lax.asin(x),
)
acos = primitive(
    "acos",
    infer=unary_float,
    # d/dx acos x = -1 / sqrt(1 - x**2)
    grad=lambda g, x, *, out: (negative(divide(g, sqrt(_one_minus_square(x)))),),
    numpy=np.arccos,
    xla=lambda lax, x: lax.acos(x),
)
atan = primitive(
    "atan",
    infer=unary_float,
    # d/dx atan x = 1 / (1 + x**2)
    grad=lambda g, x, *, out: (divide(g, add(ones_like(x), multiply(x, x))),),
    numpy=np.arctan,
    xla=lambda lax, x: lax.atan(x),
)

# -- hyperbolic (tanh is in elementwise.py) ---------------------------------------------------
sinh = primitive(
    "sinh",
    infer=unary_float,
    grad=lambda g, x, *, out: (multiply(g, cosh(x)),),  # d/dx sinh x = cosh x
    numpy=np.sinh,
    xla=lambda lax, x: lax.sinh(x),
)
cosh = primitive(
    "cosh",
    infer=unary_float,
    grad=lambda g, x, *, out: (multiply(g, sinh(x)),),  # d/dx cosh x = sinh x
    numpy=np.cosh,
    xla=lambda lax, x: lax.cosh(x),
)
asinh = primitive(
    "asinh",
    infer=unary_float,
    # d/dx asinh x = 1 / sqrt(x**2 + 1)
    grad=lambda g, x, *, out: (divide(g, sqrt(add(multiply(x, x), ones_like(x)))),),
    numpy=np.arcsinh,
    xla=lambda lax, x: lax.asinh(x),
)
acosh = primitive(
    "acosh",
    infer=unary_float,
    # d/dx acosh x = 1 / sqrt(x**2 - 1) = 1 / (sqrt(x - 1) sqrt(x + 1)), without cancellation
    grad=lambda g, x, *, out: (
        divide(g, multiply(sqrt(subtract(x, ones_like(x))), sqrt(add(x, ones_like(x))))),
    ),
    numpy=np.arccosh,
    xla=lambda lax, x: lax.acosh(x),
)
atanh = primitive(
    "atanh",
    infer=unary_float,
    # d/dx atanh x = 1 / (1 - x**2)
    grad=lambda g, x, *, out: (divide(g, _one_minus_square(x)),),
    numpy=np.arctanh,
    xla=lambda lax, x: lax.atanh(x),
)

# -- exp / log variants ------------------------------------------------------------------------
expm1 = primitive(
    "expm1",
    infer=unary_float,
    grad=lambda g, x, *, out: (multiply(g, exp(x)),),  # d/dx (e**x - 1) = e**x
    numpy=np.expm1,
    xla=lambda lax, x: lax.expm1(x),
)
log1p = primitive(
    "log1p",
    infer=unary_float,
    grad=lambda g, x, *, out: (divide(g, add(x, ones_like(x))),),  # d/dx log(1+x) = 1/(1+x)
    numpy=np.log1p,
    xla=lambda lax, x: lax.log1p(x),
)
# log2 and log10 are primitives, not log(x) / log(b): their kernels are exact on powers of b
log2 = primitive(
    "log2",
    infer=unary_float,
    # d/dx log2 x = 1 / (x log 2)
    grad=lambda g, x, *, out: (divide(g, multiply(x, full_like(x, fill_value=math.log(2)))),),
    numpy=np.log2,
    xla=lambda lax, x: lax.np.log2(x),
)
log10 = primitive(
    "log10",
    infer=unary_float,
    # d/dx log10 x = 1 / (x log 10)
    grad=lambda g, x, *, out: (divide(g, multiply(x, full_like(x, fill_value=math.log(10)))),),
    numpy=np.log10,
    xla=lambda lax, x: lax.np.log10(x),
)


# -- rounding (integers never reach these: gf.numpy returns them unchanged) -------------------
def _rounding(name: str, kind: str, kernel, xla):
    return primitive(
        name,
        infer=unary(kind),
        grad=lambda g, x, *, out: (zeros_like(g),),  # piecewise constant
        numpy=kernel,
        xla=xla,
    )


floor = _rounding("floor", "real floating", np.floor, lambda lax, x: lax.floor(x))
ceil = _rounding("ceil", "real floating", np.ceil, lambda lax, x: lax.ceil(x))
trunc = _rounding("trunc", "real floating", np.trunc, lambda lax, x: lax.np.trunc(x))
# half to even, as the standard asks; complex numbers round their two parts
round = _rounding("round", "floating", np.rint, lambda lax, x: lax.np.round(x))  # noqa: A001

# -- classification (no gradient) -----------------------------------------------------------
isfinite = primitive(
    "isfinite",
    infer=unary_to("numeric", dtypes.bool),
    grad=NOT_DIFFERENTIABLE,
    numpy=np.isfinite,
    xla=lambda lax, x: lax.np.isfinite(x),
)
isinf = primitive(
    "isinf",
    infer=unary_to("numeric", dtypes.bool),
    grad=NOT_DIFFERENTIABLE,
    numpy=np.isinf,
    xla=lambda lax, x: lax.np.isinf(x),
)
isnan = primitive(
    "isnan",
    infer=unary_to("numeric", dtypes.bool),
    grad=NOT_DIFFERENTIABLE,
    numpy=np.isnan,
    xla=lambda lax, x: lax.np.isnan(x),
)
signbit = primitive(
    "signbit",
    infer=unary_to("real numeric", dtypes.bool),
    grad=NOT_DIFFERENTIABLE,
    numpy=np.signbit,
    xla=lambda lax, x: lax.np.signbit(x),
)


# -- complex parts --------------------------------------------------------------------------
# Tapes differentiate real floating tensors only, and these take complex ones.
def _require_complex(x: TensorSpec) -> None:
    if x.dtype not in COMPLEX_TO_REAL:
        raise DTypeError(f"input must have a complex floating dtype, got {x.dtype.name}")


def _complex_part_infer(x: TensorSpec) -> TensorSpec:
    _require_complex(x)
    return spec_of(x.shape, COMPLEX_TO_REAL[x.dtype])


def _conj_infer(x: TensorSpec) -> TensorSpec:
    _require_complex(x)
    return x


real = primitive(
    "real",
    infer=_complex_part_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=np.real,
    xla=lambda lax, x: lax.real(x),
)
imag = primitive(
    "imag",
    infer=_complex_part_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=np.imag,
    xla=lambda lax, x: lax.imag(x),
)
conj = primitive(
    "conj",
    infer=_conj_infer,
    grad=NOT_DIFFERENTIABLE,
    numpy=np.conjugate,
    xla=lambda lax, x: lax.conj(x),
)
