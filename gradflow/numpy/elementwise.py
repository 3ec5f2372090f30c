"""Array API elementwise functions: promote and broadcast, then bind a primitive.

Each function takes arrays or Python scalars (weakly typed, see `_args`). Functions
defined on real or complex numbers only (sin, log, atan2, ...) turn integer and bool
inputs into the default float dtype. Special values (NaN, infinities, signed zeros)
follow the standard, which for these functions agrees with C99 and NumPy.

Functions of one family share a maker below (`_float_unary`, `_binary`, ...), so a
rule such as "integers become the default float" is written once.
"""

from __future__ import annotations

from gradflow import dtypes
from gradflow.core.spec import format_spec
from gradflow.errors import DTypeError
from gradflow.numpy._args import cast, promote_and_broadcast, tensor, to_float
from gradflow.ops import bitwise as bw
from gradflow.ops import elementwise as ew
from gradflow.ops import unary_math as um

__all__ = [
    "abs", "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh",
    "bitwise_and", "bitwise_left_shift", "bitwise_invert", "bitwise_or",
    "bitwise_right_shift", "bitwise_xor", "ceil", "clip", "conj", "copysign", "cos",
    "cosh", "divide", "equal", "exp", "expm1", "floor", "floor_divide", "greater",
    "greater_equal", "hypot", "imag", "isfinite", "isinf", "isnan", "less", "less_equal",
    "log", "log1p", "log2", "log10", "logaddexp", "logical_and", "logical_not",
    "logical_or", "logical_xor", "maximum", "minimum", "multiply", "negative",
    "nextafter", "not_equal", "positive", "pow", "real", "reciprocal", "remainder",
    "round", "sign", "signbit", "sin", "sinh", "square", "sqrt", "subtract", "tan", "tanh",
    "trunc",
]  # fmt: skip

_NUMERIC = frozenset(dtypes.NUMERIC)
_INTEGER = frozenset(dtypes.INTEGER)
_REAL_NUMERIC = frozenset(dtypes.INTEGER + dtypes.REAL_FLOATING)

_UNARY_ARGS = "x: a tensor or Python scalar."
_BINARY_ARGS = (
    "x1: a tensor or Python scalar.\n"
    "        x2: a tensor or Python scalar, broadcastable with `x1`."
)


def _document(fn, summary: str, args: str, returns: str, example: str, result: str):
    fn.__doc__ = (
        f"{summary}\n\n"
        f"    Args:\n        {args}\n\n"
        f"    Returns:\n        {returns}\n\n"
        "    Example:\n"
        "    >>> import gradflow as gf\n"
        f"    >>> {example}\n"
        f"    {result}\n"
    )
    return fn


def _require(op: str, x, allowed: frozenset, kind: str, hint: str) -> None:
    """A DTypeError naming the public op, unless `x.dtype` is in `allowed`."""
    if x.dtype not in allowed:
        raise DTypeError(
            f"{op}: input must have a {kind} dtype, got {x.dtype.name} "
            f"(x: {format_spec(x.spec)}); {hint}"
        )


# -- makers: one per family -------------------------------------------------------------------
def _float_unary(name: str, prim, summary: str, example: str, result: str):
    """f(x) on real or complex floats; integer and bool inputs give the default float."""

    def fn(x, /):
        return prim(to_float(tensor(x, name)))

    fn.__name__ = fn.__qualname__ = name
    returns = "A floating tensor of x's shape (the default float for integer or bool x)."
    return _document(fn, summary, _UNARY_ARGS, returns, example, result)


def _float_binary(name: str, prim, summary: str, example: str, result: str):
    """f(x1, x2) on real floats after promotion; integers give the default float."""

    def fn(x1, x2, /):
        x1, x2 = promote_and_broadcast(name, x1, x2)
        return prim(to_float(x1), to_float(x2))

    fn.__name__ = fn.__qualname__ = name
    returns = "A floating tensor of the promoted dtype and broadcast shape."
    return _document(fn, summary, _BINARY_ARGS, returns, example, result)


def _binary(name: str, prim, summary: str, example: str, result: str, returns: str):
    """f(x1, x2) in the promoted dtype; the primitive's rule checks the dtype kind."""

    def fn(x1, x2, /):
        x1, x2 = promote_and_broadcast(name, x1, x2)
        return prim(x1, x2)

    fn.__name__ = fn.__qualname__ = name
    return _document(fn, summary, _BINARY_ARGS, returns, example, result)


def _unary(name: str, prim, summary: str, example: str, result: str, returns: str):
    def fn(x, /):
        return prim(tensor(x, name))

    fn.__name__ = fn.__qualname__ = name
    return _document(fn, summary, _UNARY_ARGS, returns, example, result)


def _rounding(name: str, prim, summary: str, example: str, result: str):
    """Integers are already whole: they come back unchanged, as the standard says."""

    def fn(x, /):
        x = tensor(x, name)
        return x if x.dtype in _INTEGER else prim(x)

    fn.__name__ = fn.__qualname__ = name
    returns = "A tensor of x's dtype and shape."
    return _document(fn, summary, _UNARY_ARGS, returns, example, result)


_SAME = "A tensor of the promoted dtype and broadcast shape."
_BOOL2 = "A bool tensor of the broadcast shape."
_BOOL1 = "A bool tensor of x's shape."
_X = "A tensor of x's dtype and shape."

# -- arithmetic -------------------------------------------------------------------------------
add = _binary(
    "add", ew.add, "The sum `x1 + x2` of each pair of elements.",
    "gf.numpy.add(gf.constant([1.0, 2.0]), 1.0).tolist()", "[2.0, 3.0]", _SAME,
)  # fmt: skip
subtract = _binary(
    "subtract", ew.subtract, "The difference `x1 - x2` of each pair of elements.",
    "gf.numpy.subtract(gf.constant([1.0, 2.0]), 1.0).tolist()", "[0.0, 1.0]", _SAME,
)  # fmt: skip
multiply = _binary(
    "multiply", ew.multiply, "The product `x1 * x2` of each pair of elements.",
    "gf.numpy.multiply(gf.constant([1.0, 2.0]), 3.0).tolist()", "[3.0, 6.0]", _SAME,
)  # fmt: skip
divide = _float_binary(
    "divide", ew.divide, "The true quotient `x1 / x2` of each pair of elements.",
    "gf.numpy.divide(gf.constant([1, 3]), 2).tolist()", "[0.5, 1.5]",
)  # fmt: skip
floor_divide = _binary(
    "floor_divide", ew.floor_divide,
    "The quotient `x1 // x2` rounded toward negative infinity (paired with `remainder`).",
    "gf.numpy.floor_divide(gf.constant([7, -7]), 2).tolist()", "[3, -4]", _SAME,
)  # fmt: skip
remainder = _binary(
    "remainder", ew.remainder,
    "The remainder `x1 % x2`, with the sign of the divisor `x2`, as in Python.",
    "gf.numpy.remainder(gf.constant([7, -7]), 3).tolist()", "[1, 2]", _SAME,
)  # fmt: skip
maximum = _binary(
    "maximum", ew.maximum, "The larger of each pair of elements (NaN if either is NaN).",
    "gf.numpy.maximum(gf.constant([1.0, 5.0]), 2.0).tolist()", "[2.0, 5.0]", _SAME,
)  # fmt: skip
minimum = _binary(
    "minimum", ew.minimum, "The smaller of each pair of elements (NaN if either is NaN).",
    "gf.numpy.minimum(gf.constant([1.0, 5.0]), 2.0).tolist()", "[1.0, 2.0]", _SAME,
)  # fmt: skip
negative = _unary(
    "negative", ew.negative, "The negation `-x` of each element.",
    "gf.numpy.negative(gf.constant([1, -2])).tolist()", "[-1, 2]", _X,
)  # fmt: skip
abs = _unary(  # noqa: A001 - the Array API name
    "abs", ew.abs, "The absolute value of each element (the modulus, for complex numbers).",
    "gf.numpy.abs(gf.constant([-1.5, 2.0])).tolist()", "[1.5, 2.0]",
    "A tensor of x's shape; real for complex x (float32 for complex64), else x's dtype.",
)  # fmt: skip
sign = _unary(
    "sign", ew.sign,
    "The sign of each element: -1, 0 or 1 (x / |x| for complex numbers; NaN for NaN).",
    "gf.numpy.sign(gf.constant([-3.0, 0.0, 2.0])).tolist()", "[-1.0, 0.0, 1.0]", _X,
)  # fmt: skip


def positive(x, /):
    """The input itself (`+x`).

    Args:
        x: a numeric tensor or Python scalar.

    Returns:
        `x` as a tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.positive(gf.constant([-1, 2])).tolist()
    [-1, 2]
    """
    x = tensor(x, "positive")
    _require("positive", x, _NUMERIC, "numeric", "bool has no unary plus")
    return x


def pow(x1, x2, /):  # noqa: A001 - the Array API name
    """`x1` raised to the power `x2`, elementwise, with C99's special values (`pow(x, 0)` is 1).

    Args:
        x1: the bases, a numeric tensor or Python scalar.
        x2: the exponents, broadcastable with `x1`. Integer bases need non-negative
            integer exponents.

    Returns:
        A tensor of the promoted dtype and broadcast shape.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.pow(gf.constant([2.0, 4.0]), 0.5).tolist()
    [1.4142135381698608, 2.0]
    """
    x1, x2 = promote_and_broadcast("pow", x1, x2)
    _require("pow", x1, _NUMERIC, "numeric", "cast bools with astype(x, int32) first")
    return ew.power(x1, x2)


def square(x, /):
    """`x * x` for each element.

    Args:
        x: a numeric tensor or Python scalar.

    Returns:
        A tensor of x's dtype and shape.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.square(gf.constant([-3, 2])).tolist()
    [9, 4]
    """
    x = tensor(x, "square")
    _require("square", x, _NUMERIC, "numeric", "cast bools with astype(x, int32) first")
    return ew.multiply(x, x)


def reciprocal(x, /):
    """`1 / x` for each element; integer and bool inputs give the default float.

    Args:
        x: a tensor or Python scalar.

    Returns:
        A floating tensor of x's shape.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.reciprocal(gf.constant([2.0, -4.0])).tolist()
    [0.5, -0.25]
    """
    x = to_float(tensor(x, "reciprocal"))
    return ew.divide(ew.ones_like(x), x)


def clip(x, /, min=None, max=None):  # noqa: A002 - the Array API names
    """Each element of `x` clamped to `[min, max]`; the result keeps x's dtype.

    `x` broadcasts with the bounds, so the result may have more dimensions than `x`.
    A NaN in `x` or in a bound gives NaN. Gradients flow to `x` and to tensor bounds
    (at a tie, to `x`).

    Args:
        x: a real tensor.
        min: the lower bound: a tensor, a Python scalar, or None for no lower bound.
        max: the upper bound: a tensor, a Python scalar, or None for no upper bound.

    Returns:
        A tensor of x's dtype and the broadcast shape.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.clip(gf.constant([-2.0, 0.5, 3.0]), 0.0, 1.0).tolist()
    [0.0, 0.5, 1.0]
    """
    x = tensor(x, "clip")
    _require("clip", x, _REAL_NUMERIC, "real numeric", "clip compares, and needs an order")
    bounds = [b for b in (min, max) if b is not None]
    if not bounds:
        return x
    # compute in the promoted dtype, then return x's dtype, as the standard asks
    x_p, *bounds = promote_and_broadcast("clip", x, *bounds)
    out = x_p
    if min is not None:
        out = ew.maximum(out, bounds.pop(0))
    if max is not None:
        out = ew.minimum(out, bounds.pop(0))
    return cast(out, x.dtype)


# -- comparisons ------------------------------------------------------------------------------
equal = _binary(
    "equal", ew.equal, "Whether `x1 == x2`, for each pair of elements (any dtypes).",
    "gf.numpy.equal(gf.constant([1, 2]), 2).tolist()", "[False, True]", _BOOL2,
)  # fmt: skip
not_equal = _binary(
    "not_equal", ew.not_equal, "Whether `x1 != x2`, for each pair of elements (any dtypes).",
    "gf.numpy.not_equal(gf.constant([1, 2]), 2).tolist()", "[True, False]", _BOOL2,
)  # fmt: skip
less = _binary(
    "less", ew.less, "Whether `x1 < x2`, for each pair of real elements.",
    "gf.numpy.less(gf.constant([1, 2]), 2).tolist()", "[True, False]", _BOOL2,
)  # fmt: skip
less_equal = _binary(
    "less_equal", ew.less_equal, "Whether `x1 <= x2`, for each pair of real elements.",
    "gf.numpy.less_equal(gf.constant([1, 3]), 2).tolist()", "[True, False]", _BOOL2,
)  # fmt: skip
greater = _binary(
    "greater", ew.greater, "Whether `x1 > x2`, for each pair of real elements.",
    "gf.numpy.greater(gf.constant([1, 3]), 2).tolist()", "[False, True]", _BOOL2,
)  # fmt: skip
greater_equal = _binary(
    "greater_equal", ew.greater_equal, "Whether `x1 >= x2`, for each pair of real elements.",
    "gf.numpy.greater_equal(gf.constant([1, 2]), 2).tolist()", "[False, True]", _BOOL2,
)  # fmt: skip

# -- exponentials and logarithms -----------------------------------------------------------------
exp = _float_unary(
    "exp", ew.exp, "e raised to the power of each element.",
    "gf.numpy.exp(gf.constant([0.0, 1.0])).tolist()", "[1.0, 2.7182819843292236]",
)  # fmt: skip
expm1 = _float_unary(
    "expm1", um.expm1, "`exp(x) - 1`, accurate for x near 0.",
    "gf.numpy.expm1(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
log = _float_unary(
    "log", ew.log, "The natural logarithm of each element (NaN below 0, -inf at 0).",
    "gf.numpy.log(gf.constant([1.0])).tolist()", "[0.0]",
)  # fmt: skip
log1p = _float_unary(
    "log1p", um.log1p, "`log(1 + x)`, accurate for x near 0.",
    "gf.numpy.log1p(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
log2 = _float_unary(
    "log2", um.log2, "The base-2 logarithm of each element.",
    "gf.numpy.log2(gf.constant([1, 8])).tolist()", "[0.0, 3.0]",
)  # fmt: skip
log10 = _float_unary(
    "log10", um.log10, "The base-10 logarithm of each element.",
    "gf.numpy.log10(gf.constant([1.0, 10.0])).tolist()", "[0.0, 1.0]",
)  # fmt: skip
logaddexp = _float_binary(
    "logaddexp", ew.logaddexp,
    "`log(exp(x1) + exp(x2))`, computed without overflow for large inputs.",
    "gf.numpy.logaddexp(gf.constant([1000.0]), 1000.0).tolist()", "[1000.6931762695312]",
)  # fmt: skip
sqrt = _float_unary(
    "sqrt", ew.sqrt, "The principal square root of each element.",
    "gf.numpy.sqrt(gf.constant([4, 9])).tolist()", "[2.0, 3.0]",
)  # fmt: skip

# -- trigonometric and hyperbolic -------------------------------------------------------------
sin = _float_unary(
    "sin", um.sin, "The sine of each element (in radians).",
    "gf.numpy.sin(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
cos = _float_unary(
    "cos", um.cos, "The cosine of each element (in radians).",
    "gf.numpy.cos(gf.constant([0.0])).tolist()", "[1.0]",
)  # fmt: skip
tan = _float_unary(
    "tan", um.tan, "The tangent of each element (in radians).",
    "gf.numpy.tan(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
asin = _float_unary(
    "asin", um.asin, "The inverse sine of each element, in [-pi/2, pi/2] (NaN outside [-1, 1]).",
    "gf.numpy.asin(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
acos = _float_unary(
    "acos", um.acos, "The inverse cosine of each element, in [0, pi] (NaN outside [-1, 1]).",
    "gf.numpy.acos(gf.constant([1.0])).tolist()", "[0.0]",
)  # fmt: skip
atan = _float_unary(
    "atan", um.atan, "The inverse tangent of each element, in [-pi/2, pi/2].",
    "gf.numpy.atan(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
atan2 = _float_binary(
    "atan2", ew.atan2,
    "The angle of the point (x2, x1) from the positive x axis, in [-pi, pi] (quadrant-aware).",
    "gf.numpy.atan2(gf.constant([0.0, 1.0]), 1.0).tolist()", "[0.0, 0.7853981256484985]",
)  # fmt: skip
sinh = _float_unary(
    "sinh", um.sinh, "The hyperbolic sine of each element.",
    "gf.numpy.sinh(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
cosh = _float_unary(
    "cosh", um.cosh, "The hyperbolic cosine of each element.",
    "gf.numpy.cosh(gf.constant([0.0])).tolist()", "[1.0]",
)  # fmt: skip
tanh = _float_unary(
    "tanh", ew.tanh, "The hyperbolic tangent of each element.",
    "gf.numpy.tanh(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
asinh = _float_unary(
    "asinh", um.asinh, "The inverse hyperbolic sine of each element.",
    "gf.numpy.asinh(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
acosh = _float_unary(
    "acosh", um.acosh, "The inverse hyperbolic cosine of each element (NaN below 1).",
    "gf.numpy.acosh(gf.constant([1.0])).tolist()", "[0.0]",
)  # fmt: skip
atanh = _float_unary(
    "atanh", um.atanh,
    "The inverse hyperbolic tangent of each element (+-inf at +-1, NaN outside [-1, 1]).",
    "gf.numpy.atanh(gf.constant([0.0])).tolist()", "[0.0]",
)  # fmt: skip
hypot = _float_binary(
    "hypot", ew.hypot, "`sqrt(x1**2 + x2**2)`, without intermediate overflow.",
    "gf.numpy.hypot(gf.constant([3.0]), 4.0).tolist()", "[5.0]",
)  # fmt: skip

# -- floating-point manipulation --------------------------------------------------------------
copysign = _float_binary(
    "copysign", ew.copysign, "The magnitude of `x1` with the sign (bit) of `x2`.",
    "gf.numpy.copysign(gf.constant([1.0, 2.0]), -0.0).tolist()", "[-1.0, -2.0]",
)  # fmt: skip
nextafter = _float_binary(
    "nextafter", ew.nextafter,
    "The next representable floating value after `x1` toward `x2` (not differentiable).",
    "gf.numpy.nextafter(gf.constant([0.0]), 1.0).tolist()", "[1.401298464324817e-45]",
)  # fmt: skip

# -- rounding -----------------------------------------------------------------------------------
floor = _rounding(
    "floor", um.floor, "The largest whole number not above each element.",
    "gf.numpy.floor(gf.constant([-1.5, 1.5])).tolist()", "[-2.0, 1.0]",
)  # fmt: skip
ceil = _rounding(
    "ceil", um.ceil, "The smallest whole number not below each element.",
    "gf.numpy.ceil(gf.constant([-1.5, 1.5])).tolist()", "[-1.0, 2.0]",
)  # fmt: skip
trunc = _rounding(
    "trunc", um.trunc, "Each element rounded toward zero.",
    "gf.numpy.trunc(gf.constant([-1.5, 1.5])).tolist()", "[-1.0, 1.0]",
)  # fmt: skip
round = _rounding(  # noqa: A001 - the Array API name
    "round", um.round,
    "Each element rounded to the nearest whole number, halves to even (complex: each part).",
    "gf.numpy.round(gf.constant([0.5, 1.5, 2.5])).tolist()", "[0.0, 2.0, 2.0]",
)  # fmt: skip

# -- classification -------------------------------------------------------------------------
isfinite = _unary(
    "isfinite", um.isfinite, "Whether each element is finite (neither infinite nor NaN).",
    "gf.numpy.isfinite(gf.constant([1.0, float('inf')])).tolist()", "[True, False]", _BOOL1,
)  # fmt: skip
isinf = _unary(
    "isinf", um.isinf, "Whether each element is +-infinity (complex: either part).",
    "gf.numpy.isinf(gf.constant([1.0, float('-inf')])).tolist()", "[False, True]", _BOOL1,
)  # fmt: skip
isnan = _unary(
    "isnan", um.isnan, "Whether each element is NaN (complex: either part).",
    "gf.numpy.isnan(gf.constant([1.0, float('nan')])).tolist()", "[False, True]", _BOOL1,
)  # fmt: skip
signbit = _unary(
    "signbit", um.signbit, "Whether the sign bit of each element is set (True for -0.0).",
    "gf.numpy.signbit(gf.constant([-0.0, 0.0])).tolist()", "[True, False]", _BOOL1,
)  # fmt: skip


# -- complex numbers --------------------------------------------------------------------------
def real(x, /):
    """The real part of each element; a real input is returned unchanged.

    Args:
        x: a numeric tensor.

    Returns:
        A real tensor of x's shape (float32 for complex64, float64 for complex128).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.real(gf.constant([1 + 2j])).tolist()
    [1.0]
    """
    x = tensor(x, "real")
    if x.dtype.kind == "c":
        return um.real(x)
    _require("real", x, _NUMERIC, "numeric", "bool has no real part")
    return x


def imag(x, /):
    """The imaginary part of each element; zeros for a real input.

    Args:
        x: a numeric tensor.

    Returns:
        A real tensor of x's shape (float32 for complex64, float64 for complex128).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.imag(gf.constant([1 + 2j])).tolist()
    [2.0]
    """
    x = tensor(x, "imag")
    if x.dtype.kind == "c":
        return um.imag(x)
    _require("imag", x, _NUMERIC, "numeric", "bool has no imaginary part")
    return ew.zeros_like(x)


def conj(x, /):
    """The complex conjugate of each element; a real input is returned unchanged.

    Args:
        x: a numeric tensor.

    Returns:
        A tensor of x's dtype and shape.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.conj(gf.constant([1 + 2j])).tolist()
    [(1-2j)]
    """
    x = tensor(x, "conj")
    if x.dtype.kind == "c":
        return um.conj(x)
    _require("conj", x, _NUMERIC, "numeric", "bool has no conjugate")
    return x


# -- logical and bitwise ----------------------------------------------------------------------
logical_and = _binary(
    "logical_and", bw.logical_and, "Whether both `x1` and `x2` are True (bool inputs).",
    "gf.numpy.logical_and(gf.constant([True, False]), True).tolist()", "[True, False]", _BOOL2,
)  # fmt: skip
logical_or = _binary(
    "logical_or", bw.logical_or, "Whether `x1` or `x2` is True (bool inputs).",
    "gf.numpy.logical_or(gf.constant([True, False]), False).tolist()", "[True, False]", _BOOL2,
)  # fmt: skip
logical_xor = _binary(
    "logical_xor", bw.logical_xor, "Whether exactly one of `x1`, `x2` is True (bool inputs).",
    "gf.numpy.logical_xor(gf.constant([True, False]), True).tolist()", "[False, True]", _BOOL2,
)  # fmt: skip
logical_not = _unary(
    "logical_not", bw.logical_not, "The negation of each bool element.",
    "gf.numpy.logical_not(gf.constant([True, False])).tolist()", "[False, True]", _BOOL1,
)  # fmt: skip
bitwise_and = _binary(
    "bitwise_and", bw.bitwise_and, "The bitwise AND `x1 & x2` (integer or bool inputs).",
    "gf.numpy.bitwise_and(gf.constant([12, 10]), 6).tolist()", "[4, 2]", _SAME,
)  # fmt: skip
bitwise_or = _binary(
    "bitwise_or", bw.bitwise_or, "The bitwise OR `x1 | x2` (integer or bool inputs).",
    "gf.numpy.bitwise_or(gf.constant([12, 10]), 1).tolist()", "[13, 11]", _SAME,
)  # fmt: skip
bitwise_xor = _binary(
    "bitwise_xor", bw.bitwise_xor, "The bitwise XOR `x1 ^ x2` (integer or bool inputs).",
    "gf.numpy.bitwise_xor(gf.constant([12, 10]), 6).tolist()", "[10, 12]", _SAME,
)  # fmt: skip
bitwise_invert = _unary(
    "bitwise_invert", bw.bitwise_invert, "The bitwise NOT `~x` (integer or bool inputs).",
    "gf.numpy.bitwise_invert(gf.constant([0, 5])).tolist()", "[-1, -6]", _X,
)  # fmt: skip
bitwise_left_shift = _binary(
    "bitwise_left_shift", bw.bitwise_left_shift,
    "`x1 << x2` for integers; shifts must be non-negative (wider than the dtype gives 0).",
    "gf.numpy.bitwise_left_shift(gf.constant([1, 3]), 2).tolist()", "[4, 12]", _SAME,
)  # fmt: skip
bitwise_right_shift = _binary(
    "bitwise_right_shift", bw.bitwise_right_shift,
    "`x1 >> x2` for integers, keeping the sign of signed integers; shifts must be >= 0.",
    "gf.numpy.bitwise_right_shift(gf.constant([16, -16]), 2).tolist()", "[4, -4]", _SAME,
)  # fmt: skip
