"""keras.ops.numpy, elementwise part: unary and binary math, comparisons, logic, bits.

Each op converts its arguments the Keras way (`_dtypes`), then calls gradflow's
Array API functions; ops gradflow lacks are composed from them.
"""

from __future__ import annotations

import math as _math

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import alias, exported, keras_op

gnp = gf.numpy
_tensor, _promote, _to_float = _dtypes.tensor, _dtypes.promote, _dtypes.to_float


def _doc(fn, summary: str, example: str):
    fn.__doc__ = f"""{summary}

    Args:
        {", ".join(fn.__code__.co_varnames[: fn.__code__.co_argcount])}: tensors or numbers.

    Returns:
        A tensor (Keras's dtype rules: Python ints are int32, floats `floatx()`).

    Example:
    >>> from gradflow.keras import ops
    {example}
    """
    return fn


# -- unary float ops: ints and bools are computed in floatx() ---------------------------------
def _unary_float(name: str, compute, summary: str, example: str):
    def op(x):
        return compute(_to_float(x))

    op.__name__ = op.__qualname__ = name
    op.__module__ = __name__
    globals()[name] = keras_op(_doc(op, summary, example))


def _exp2(x):
    return gnp.pow(gnp.asarray(2.0, dtype=x.dtype), x)


def _cbrt(x):
    return gnp.sign(x) * gnp.pow(gnp.abs(x), 1.0 / 3.0)


def _sinc(x):
    px = x * _math.pi
    zero = gnp.equal(x, 0.0)
    safe = gnp.where(zero, gnp.ones_like(px), px)  # no 0/0 in the gradient
    return gnp.where(zero, gnp.ones_like(px), gnp.sin(safe) / safe)


def _i0(x):
    """I0 by Abramowitz & Stegun 9.8.1 (|x| <= 3.75) and 9.8.2 (beyond), relative error
    below 2e-7."""
    ax = gnp.abs(x)
    t = ax / 3.75
    t2 = t * t
    small = 1.0 + t2 * (
        3.5156229
        + t2 * (3.0899424 + t2 * (1.2067492 + t2 * (0.2659732 + t2 * (0.0360768 + t2 * 0.0045813))))
    )
    big_ax = gnp.maximum(ax, 3.75)  # keeps the unused branch finite
    u = 3.75 / big_ax
    poly = 0.39894228 + u * (
        0.01328592
        + u
        * (
            0.00225319
            + u
            * (
                -0.00157565
                + u
                * (
                    0.00916281
                    + u * (-0.02057706 + u * (0.02635537 + u * (-0.01647633 + u * 0.00392377)))
                )
            )
        )
    )
    big = gnp.exp(big_ax) / gnp.sqrt(big_ax) * poly
    return gnp.where(ax <= 3.75, small, big)


for _name, _fn, _summary in [
    ("arccos", gnp.acos, "Inverse cosine, elementwise."),
    ("arccosh", gnp.acosh, "Inverse hyperbolic cosine, elementwise."),
    ("arcsin", gnp.asin, "Inverse sine, elementwise."),
    ("arcsinh", gnp.asinh, "Inverse hyperbolic sine, elementwise."),
    ("arctan", gnp.atan, "Inverse tangent, elementwise."),
    ("arctanh", gnp.atanh, "Inverse hyperbolic tangent, elementwise."),
    ("cos", gnp.cos, "Cosine, elementwise."),
    ("cosh", gnp.cosh, "Hyperbolic cosine, elementwise."),
    ("sin", gnp.sin, "Sine, elementwise."),
    ("sinh", gnp.sinh, "Hyperbolic sine, elementwise."),
    ("tan", gnp.tan, "Tangent, elementwise."),
    ("tanh", gnp.tanh, "Hyperbolic tangent, elementwise."),
    ("exp", gnp.exp, "e to the power `x`, elementwise."),
    ("exp2", _exp2, "2 to the power `x`, elementwise."),
    ("expm1", gnp.expm1, "exp(x) - 1, accurate near 0."),
    ("log", gnp.log, "Natural logarithm, elementwise."),
    ("log10", gnp.log10, "Base-10 logarithm, elementwise."),
    ("log1p", gnp.log1p, "log(1 + x), accurate near 0."),
    ("log2", gnp.log2, "Base-2 logarithm, elementwise."),
    ("sqrt", gnp.sqrt, "Square root, elementwise."),
    ("cbrt", _cbrt, "Cube root, elementwise."),
    ("deg2rad", lambda x: x * (_math.pi / 180.0), "Degrees to radians."),
    ("rad2deg", lambda x: x * (180.0 / _math.pi), "Radians to degrees."),
    ("sinc", _sinc, "The normalized sinc function sin(pi x) / (pi x)."),
    ("i0", _i0, "The modified Bessel function of the first kind, order 0."),
    ("ceil", gnp.ceil, "The ceiling of `x`, elementwise (as floats)."),
    ("floor", gnp.floor, "The floor of `x`, elementwise (as floats)."),
    ("reciprocal", gnp.reciprocal, "1 / x, elementwise."),
    ("angle", lambda x: gnp.atan2(gnp.imag(x), gnp.real(x)) if x.dtype.kind == "c"
     else gnp.where(x < 0, gnp.full_like(x, _math.pi), gnp.zeros_like(x)),
     "The counterclockwise angle of complex `x` from the positive real axis."),
]:  # fmt: skip
    _unary_float(_name, _fn, _summary, f">>> ops.{_name}(gf.numpy.ones((2, 3))).shape\n    (2, 3)")


# -- unary ops that keep the dtype ---------------------------------------------------------------
@keras_op
def abs(x):
    """The absolute value of `x`, elementwise.

    Args:
        x: a tensor.

    Returns:
        A tensor of `x`'s dtype.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.abs([-1.5, 2.0]).tolist()
    [1.5, 2.0]
    """
    return gnp.abs(_tensor(x))


alias("absolute", abs, __name__)


@keras_op
def fabs(x):
    """The absolute value of `x` as floats."""
    return gnp.abs(_to_float(x))


@keras_op
def negative(x):
    """-x, elementwise.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.negative([1, -2]).tolist()
    [-1, 2]
    """
    return gnp.negative(_tensor(x))


@keras_op
def square(x):
    """x * x, elementwise (bools become int32).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.square([2, 3]).tolist()
    [4, 9]
    """
    x = _tensor(x)
    if x.dtype == gf.bool:
        x = _tensor(x, "int32")
    return gnp.square(x)


@keras_op
def sign(x):
    """-1, 0 or 1 by the sign of `x`, elementwise."""
    return gnp.sign(_tensor(x))


@keras_op
def signbit(x):
    """Whether the sign bit of `x` is set (true for -0.0), elementwise."""
    x = _tensor(x)
    if x.dtype == gf.bool:
        return gnp.zeros_like(x, dtype=gf.bool)
    if _dtypes.is_int(x.dtype):
        return gnp.less(x, 0)
    return gnp.signbit(x)


@keras_op
def trunc(x):
    """`x` rounded toward zero (ints and bools unchanged)."""
    x = _tensor(x)
    if _dtypes.is_float(x.dtype):
        return gnp.trunc(x)
    return x


@keras_op
def round(x, decimals=0):
    """`x` rounded half to even to `decimals` decimal places.

    Args:
        x: a tensor.
        decimals: how many decimal places (negative rounds to tens, hundreds ...).

    Returns:
        A tensor of `x`'s dtype.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.round([0.5, 1.5, 2.26], decimals=0).tolist()
    [0.0, 2.0, 2.0]
    """
    x = _tensor(x)
    if decimals == 0:
        return gnp.round(x) if _dtypes.is_float(x.dtype) else x
    factor = 10.0**decimals
    if _dtypes.is_float(x.dtype):
        return gnp.round(x * factor) / factor
    scaled = gnp.round(gnp.astype(x, _dtypes.result_type(x.dtype.name, float)) * factor)
    return gnp.astype(scaled / factor, x.dtype)


@keras_op
def conjugate(x):
    """The complex conjugate of `x`."""
    return gnp.conj(_tensor(x))


alias("conj", conjugate, __name__)


@keras_op
def real(x):
    """The real part of `x`."""
    x = _tensor(x)
    return gnp.real(x) if x.dtype.kind == "c" else x


@keras_op
def imag(x):
    """The imaginary part of `x` (zeros for real `x`)."""
    x = _tensor(x)
    return gnp.imag(x) if x.dtype.kind == "c" else gnp.zeros_like(x)


@keras_op
def copy(x):
    """A copy of `x` (tensors are immutable, so `x` itself as a tensor)."""
    return _tensor(x)


@keras_op
def isnan(x):
    """Whether each element is NaN."""
    x = _tensor(x)
    return gnp.isnan(x) if not _dtypes.is_int(x.dtype) else gnp.zeros_like(x, dtype=gf.bool)


@keras_op
def isinf(x):
    """Whether each element is +inf or -inf."""
    x = _tensor(x)
    return gnp.isinf(x) if not _dtypes.is_int(x.dtype) else gnp.zeros_like(x, dtype=gf.bool)


@keras_op
def isfinite(x):
    """Whether each element is finite (not NaN, not inf)."""
    x = _tensor(x)
    return gnp.isfinite(x) if not _dtypes.is_int(x.dtype) else gnp.ones_like(x, dtype=gf.bool)


@keras_op
def isneginf(x):
    """Whether each element is -inf."""
    x = _tensor(x)
    return gnp.logical_and(isinf(x), gnp.less(x, 0))


@keras_op
def isposinf(x):
    """Whether each element is +inf."""
    x = _tensor(x)
    return gnp.logical_and(isinf(x), gnp.greater(x, 0))


@keras_op
def isreal(x):
    """Whether each element has a zero imaginary part."""
    x = _tensor(x)
    if x.dtype.kind == "c":
        return gnp.equal(gnp.imag(x), 0)
    return gnp.ones_like(x, dtype=gf.bool)


@keras_op
def logical_not(x):
    """NOT x, elementwise, as bools."""
    return gnp.logical_not(_tensor(x, "bool"))


@keras_op
def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """`x` with NaN replaced by `nan` and infinities by `posinf`/`neginf` (by default the
    dtype's largest and smallest finite values)."""
    x = _tensor(x)
    if not _dtypes.is_float(x.dtype):
        return x
    info = np.finfo(x.dtype)
    posinf = float(info.max) if posinf is None else posinf
    neginf = float(info.min) if neginf is None else neginf
    x = gnp.where(gnp.isnan(x), gnp.full_like(x, nan), x)
    x = gnp.where(gnp.logical_and(gnp.isinf(x), x > 0), gnp.full_like(x, posinf), x)
    return gnp.where(gnp.logical_and(gnp.isinf(x), x < 0), gnp.full_like(x, neginf), x)


# -- binary ops --------------------------------------------------------------------------------
def _binary(name: str, compute, summary: str, *, float_result=False, bool_inputs=False):
    def op(x1, x2):
        if bool_inputs:
            a, b = _tensor(x1, "bool"), _tensor(x2, "bool")
        elif float_result:
            dtype = _dtypes.result_type(_dtypes.dtype_of(x1), _dtypes.dtype_of(x2), float)
            a, b = _tensor(x1, dtype), _tensor(x2, dtype)
        else:
            a, b = _promote(x1, x2)
        return compute(a, b)

    op.__name__ = op.__qualname__ = name
    op.__module__ = __name__
    example = f">>> ops.{name}(gf.numpy.ones((2, 3)), gf.numpy.ones((3,))).shape\n    (2, 3)"
    globals()[name] = keras_op(_doc(op, summary, example))


def _mod(a, b):
    if a.dtype == gf.bool:
        a, b = _tensor(a, "int32"), _tensor(b, "int32")
    return gnp.remainder(a, b)


def _fmod(a, b):
    # C's fmod: the remainder takes the sign of the dividend
    return gnp.sign(a) * gnp.remainder(gnp.abs(a), gnp.abs(b))


def _fmax(a, b):
    if not _dtypes.is_float(a.dtype):
        return gnp.maximum(a, b)
    return gnp.where(gnp.isnan(a), b, gnp.where(gnp.isnan(b), a, gnp.maximum(a, b)))


def _fmin(a, b):
    if not _dtypes.is_float(a.dtype):
        return gnp.minimum(a, b)
    return gnp.where(gnp.isnan(a), b, gnp.where(gnp.isnan(b), a, gnp.minimum(a, b)))


def _heaviside(a, b):
    if not _dtypes.is_float(a.dtype):  # Keras gives floats for integer inputs
        dtype = "float64" if a.dtype.name in ("int64", "uint64") else _dtypes.dtype_name(float)
        a, b = _tensor(a, dtype), _tensor(b, dtype)
    one, zero = gnp.ones_like(a), gnp.zeros_like(a)
    return gnp.where(a < 0, zero, gnp.where(a > 0, one, b))


def _logaddexp2(a, b):
    ln2 = _math.log(2.0)
    return gnp.logaddexp(a * ln2, b * ln2) / ln2


def _divide_no_nan(a, b):
    zero = gnp.equal(b, 0)
    safe = gnp.where(zero, gnp.ones_like(b), b)
    return gnp.where(zero, gnp.zeros_like(a / safe), a / safe)


def _gcd(a, b):
    a, b = gnp.broadcast_arrays(gnp.abs(a), gnp.abs(b))

    def body(a, b):
        nonzero = gnp.not_equal(b, 0)
        safe = gnp.where(nonzero, b, gnp.ones_like(b))
        return gnp.where(nonzero, b, a), gnp.where(nonzero, gnp.remainder(a, safe), b)

    a, _ = gf.while_loop(lambda a, b: gnp.any(gnp.not_equal(b, 0)), body, (a, b))
    return a


def _lcm(a, b):
    g = _gcd(a, b)
    safe = gnp.where(gnp.equal(g, 0), gnp.ones_like(g), g)
    return gnp.abs(gnp.floor_divide(a, safe) * b)


for _name, _fn, _summary, _opts in [
    ("add", gnp.add, "x1 + x2, elementwise with broadcasting.", {}),
    ("subtract", gnp.subtract, "x1 - x2, elementwise with broadcasting.", {}),
    ("multiply", gnp.multiply, "x1 * x2, elementwise with broadcasting.", {}),
    ("divide", gnp.divide, "x1 / x2 as floats.", {"float_result": True}),
    ("true_divide", gnp.divide, "x1 / x2 as floats.", {"float_result": True}),
    ("divide_no_nan", _divide_no_nan, "x1 / x2, 0 where x2 is 0.", {"float_result": True}),
    ("floor_divide", gnp.floor_divide, "The floor of x1 / x2.", {}),
    ("mod", _mod, "The remainder of x1 / x2 with the sign of x2 (Python's %).", {}),
    ("fmod", _fmod, "The remainder of x1 / x2 with the sign of x1 (C's fmod).", {}),
    ("power", gnp.pow, "x1 to the power x2.", {}),
    ("maximum", gnp.maximum, "The larger of x1 and x2 (NaN if either is NaN).", {}),
    ("minimum", gnp.minimum, "The smaller of x1 and x2 (NaN if either is NaN).", {}),
    ("fmax", _fmax, "The larger of x1 and x2, ignoring NaNs.", {}),
    ("fmin", _fmin, "The smaller of x1 and x2, ignoring NaNs.", {}),
    ("arctan2", gnp.atan2, "The angle of the point (x2, x1), in radians.", {"float_result": True}),
    ("hypot", gnp.hypot, "sqrt(x1**2 + x2**2), without overflow.", {"float_result": True}),
    ("logaddexp", gnp.logaddexp, "log(exp(x1) + exp(x2)), stably.", {"float_result": True}),
    ("logaddexp2", _logaddexp2, "log2(2**x1 + 2**x2), stably.", {"float_result": True}),
    ("heaviside", _heaviside, "The Heaviside step: 0 below 0, 1 above, x2 at 0.", {}),
    ("nextafter", gnp.nextafter, "The next float after x1 toward x2.", {"float_result": True}),
    ("gcd", _gcd, "The greatest common divisor of integers x1 and x2.", {}),
    ("lcm", _lcm, "The least common multiple of integers x1 and x2.", {}),
    ("equal", gnp.equal, "x1 == x2, elementwise.", {}),
    ("not_equal", gnp.not_equal, "x1 != x2, elementwise.", {}),
    ("less", gnp.less, "x1 < x2, elementwise.", {}),
    ("less_equal", gnp.less_equal, "x1 <= x2, elementwise.", {}),
    ("greater", gnp.greater, "x1 > x2, elementwise.", {}),
    ("greater_equal", gnp.greater_equal, "x1 >= x2, elementwise.", {}),
    ("logical_and", gnp.logical_and, "x1 AND x2, elementwise, as bools.", {"bool_inputs": True}),
    ("logical_or", gnp.logical_or, "x1 OR x2, elementwise, as bools.", {"bool_inputs": True}),
    ("logical_xor", gnp.logical_xor, "x1 XOR x2, elementwise, as bools.", {"bool_inputs": True}),
]:  # fmt: skip
    _binary(_name, _fn, _summary, **_opts)


def _bitwise(name: str, compute, summary: str):
    def op(x, y):
        a, b = _promote(x, y)
        return compute(a, b)

    op.__name__ = op.__qualname__ = name
    op.__module__ = __name__
    globals()[name] = keras_op(_doc(op, summary, f">>> ops.{name}(12, 10).dtype.name\n    'int32'"))


for _name, _fn, _summary in [
    ("bitwise_and", gnp.bitwise_and, "Bitwise AND of integers."),
    ("bitwise_or", gnp.bitwise_or, "Bitwise OR of integers."),
    ("bitwise_xor", gnp.bitwise_xor, "Bitwise XOR of integers."),
    ("bitwise_left_shift", gnp.bitwise_left_shift, "x shifted left by y bits."),
    ("left_shift", gnp.bitwise_left_shift, "x shifted left by y bits."),
    ("bitwise_right_shift", gnp.bitwise_right_shift, "x shifted right by y bits."),
    ("right_shift", gnp.bitwise_right_shift, "x shifted right by y bits."),
]:
    _bitwise(_name, _fn, _summary)


@keras_op
def bitwise_invert(x):
    """Bitwise NOT of an integer or bool tensor.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.bitwise_invert([0, 1]).tolist()
    [-1, -2]
    """
    return gnp.bitwise_invert(_tensor(x))


alias("bitwise_not", bitwise_invert, __name__)


@keras_op
def ldexp(x1, x2):
    """x1 * 2**x2, with integer exponents `x2`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.ldexp(3.0, 2).tolist()
    12.0
    """
    x2 = _tensor(x2)
    if not _dtypes.is_int(x2.dtype):
        raise TypeError(
            f"ldexp exponent must be an integer type. Received: x2 dtype={x2.dtype.name}"
        )
    x1 = _to_float(x1)
    return x1 * gnp.pow(gnp.asarray(2.0, dtype=x1.dtype), gnp.astype(x2, x1.dtype))


@keras_op
def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether |x1 - x2| <= atol + rtol * |x2|, elementwise.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.isclose([1.0, 2.0], [1.0, 2.1]).tolist()
    [True, False]
    """
    a, b = _promote(x1, x2)
    if not _dtypes.is_float(a.dtype):
        return gnp.equal(a, b)
    close = gnp.less_equal(gnp.abs(a - b), atol + rtol * gnp.abs(b))
    close = gnp.logical_or(close, gnp.equal(a, b))  # equal infinities
    if equal_nan:
        close = gnp.logical_or(close, gnp.logical_and(gnp.isnan(a), gnp.isnan(b)))
    return close


@keras_op
def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every element of x1 is close to x2 (see `isclose`), as a bool tensor."""
    return gnp.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


@keras_op
def clip(x, x_min, x_max):
    """`x` limited to [x_min, x_max] (bools become int32).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.clip([-1, 5, 10], 0, 6).tolist()
    [0, 5, 6]
    """
    x = _tensor(x)
    if x.dtype == gf.bool:
        x = _tensor(x, "int32")
    x_min, x_max = _tensor(x_min, x.dtype), _tensor(x_max, x.dtype)
    return gnp.minimum(gnp.maximum(x, x_min), x_max)


__all__ = exported(__name__)
