"""Op-table rows for the elementwise functions (and the astype / stop_gradient casts)."""

import numpy as np

import gradflow as gf
from gradflow import dtypes
from gradflow import numpy as gnp
from gradflow.ops import elementwise as ew
from gradflow.testing.op_info import (
    ALL_REAL,
    FLOATS,
    OpInfo,
    Sample,
    binary_samples,
    make,
    unary_samples,
)

COMPLEX = (dtypes.complex64, dtypes.complex128)
HALF = (dtypes.float16, dtypes.bfloat16)
BOOL = (dtypes.bool,)
SMALL_INTS = (dtypes.int8, dtypes.uint8, dtypes.int32, dtypes.int64)
MATH = FLOATS + (dtypes.int32, dtypes.int64)  # ints give the default float
MATH_C = MATH + COMPLEX


# -- references ------------------------------------------------------------------------------
def _as_default_float(a):
    if isinstance(a, np.ndarray) and a.dtype.kind in "biu":
        return a.astype(dtypes.DEFAULT_FLOAT)
    return a


def float_ref(fn):
    """A NumPy reference for functions that compute integer and bool inputs as float32."""

    def ref(*args):
        return fn(*[_as_default_float(a) for a in args])

    return ref


def rounding_ref(fn):
    """Integers are already whole: rounding returns them unchanged."""
    return lambda x: x if x.dtype.kind in "iu" else fn(x)


def _clip_ref(x, lo, hi):
    out = x
    if lo is not None:
        out = np.maximum(out, lo)
    if hi is not None:
        out = np.minimum(out, hi)
    return np.asarray(out).astype(x.dtype)


def _imag_ref(x):
    return np.imag(x) if x.dtype.kind == "c" else np.zeros_like(x)


# -- samples ---------------------------------------------------------------------------------
def _special(dtype):
    """NaN, infinities and signed zeros (for floating dtypes) beside ordinary values."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iub":
        return make(np.random.default_rng(0), (6,), dtype)
    values = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.5, -2.5]
    if dtype.kind == "c":
        values += [complex(np.inf, 1.0), complex(1.0, np.nan)]
    return np.array(values).astype(dtype)


def special_samples(rng, dtype):
    return [Sample((_special(dtype),), grad=False)] + unary_samples()(rng, dtype)


def rounding_samples(rng, dtype):
    """Halves (ties to even), negatives and random values; integers stay integers."""
    halves = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.7, -3.2])
    if np.dtype(dtype).kind in "iu":
        halves = np.round(halves)
    return [Sample((halves.astype(dtype),), grad=False)] + unary_samples(-5.0, 5.0)(rng, dtype)


def pow_samples(rng, dtype):
    if np.dtype(dtype).kind in "iu":  # integer exponents must be non-negative
        return binary_samples(0.0, 3.0)(rng, dtype)
    samples = binary_samples(0.5, 2.0, low2=-2.0, high2=2.0)(rng, dtype)
    samples.append(Sample((make(rng, (3,), dtype, 0.5, 2.0), np.zeros(3, dtype))))  # x**0
    samples.append(Sample((np.zeros(3, dtype), np.zeros(3, dtype)), grad=False))  # 0**0 = 1
    if np.dtype(dtype).kind == "f":  # NumPy's float16/32/64 keep the dtype of x, as we do
        samples.append(Sample((make(rng, (3,), dtype, 0.5, 2.0), 2.0)))  # a weak scalar
    return samples


def division_samples(rng, dtype):
    """Divisors kept away from zero, both signs of dividend."""
    return binary_samples(-5.0, 5.0, low2=1.0, high2=3.0)(rng, dtype)


def logaddexp_samples(rng, dtype):
    big = Sample((np.array([1000.0, -1000.0, 0.0, 30.0]).astype(dtype),
                  np.array([1000.0, -999.0, -100.0, -30.0]).astype(dtype)))  # fmt: skip
    return binary_samples()(rng, dtype) + [big]


def shift_samples(rng, dtype):
    return binary_samples(-8.0, 8.0, low2=0.0, high2=7.0)(rng, dtype)


def clip_samples(rng, dtype):
    lo = make(rng, (3, 4), dtype, -2.0, -0.5)
    hi = make(rng, (4,), dtype, 0.5, 2.0)
    return [
        Sample((make(rng, (3, 4), dtype, -3.0, 3.0), lo, hi)),
        Sample((make(rng, (4,), dtype, -3.0, 3.0), lo, None)),  # x broadcasts up
        Sample((make(rng, (3, 4), dtype, -3.0, 3.0), None, hi)),
        Sample((make(rng, (5,), dtype, -3.0, 3.0), -1, 1)),  # Python scalar bounds
        Sample((make(rng, (), dtype, -3.0, 3.0), None, None)),
        Sample((make(rng, (0, 4), dtype), lo[:1], hi)),
    ]


def astype_samples(rng, dtype):
    targets = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.bool, dtypes.bfloat16)
    return [Sample((make(rng, s, dtype), t)) for s in ((), (3, 4), (0, 2)) for t in targets]


def _bool_samples(rng, dtype):
    return binary_samples()(rng, dtypes.bool)


# -- rows ------------------------------------------------------------------------------------
def _unary_math(name, ref, low=-2.0, high=2.0, dtypes=MATH_C, **kwargs):
    return OpInfo(
        name, getattr(gnp, name), float_ref(ref), unary_samples(low, high), dtypes=dtypes,
        **kwargs,
    )  # fmt: skip


def _binary_math(name, ref, samples=None, dtypes=MATH, **kwargs):
    return OpInfo(
        name, getattr(gnp, name), float_ref(ref), samples or binary_samples(), dtypes=dtypes,
        **kwargs,
    )  # fmt: skip


def _comparison(name, ref, dtypes=ALL_REAL):
    return OpInfo(name, getattr(gnp, name), ref, binary_samples(), dtypes=dtypes, grad=False)


def _bitwise(name, ref, samples=None, dtypes=SMALL_INTS + BOOL):
    return OpInfo(
        name, getattr(gnp, name), ref, samples or binary_samples(-50.0, 50.0), dtypes=dtypes,
        grad=False,
    )  # fmt: skip


def _rounding(name, ref, dtypes=ALL_REAL):
    return OpInfo(name, getattr(gnp, name), rounding_ref(ref), rounding_samples, dtypes=dtypes)


OPS = [
    # arithmetic
    OpInfo("add", gnp.add, np.add, binary_samples(), dtypes=ALL_REAL + COMPLEX + HALF,
           second_order=True),
    OpInfo("subtract", gnp.subtract, np.subtract, binary_samples(), dtypes=ALL_REAL + COMPLEX,
           second_order=True),
    OpInfo("multiply", gnp.multiply, np.multiply, binary_samples(),
           dtypes=ALL_REAL + COMPLEX + HALF, second_order=True),
    OpInfo("divide", gnp.divide, float_ref(np.divide), binary_samples(low2=0.5, high2=2.0),
           dtypes=MATH_C + HALF, second_order=True),
    OpInfo("floor_divide", gnp.floor_divide, np.floor_divide, division_samples,
           dtypes=ALL_REAL + (dtypes.int8, dtypes.uint8)),
    OpInfo("remainder", gnp.remainder, np.remainder, division_samples,
           dtypes=ALL_REAL + (dtypes.int8, dtypes.uint8)),
    OpInfo("negative", gnp.negative, np.negative, unary_samples(), dtypes=ALL_REAL + COMPLEX,
           second_order=True),
    OpInfo("positive", gnp.positive, np.positive, unary_samples(), dtypes=ALL_REAL + COMPLEX),
    OpInfo("pow", gnp.pow, np.power, pow_samples, dtypes=ALL_REAL + HALF, second_order=True,
           grad_rtol=1e-4),
    OpInfo("square", gnp.square, np.square, unary_samples(), dtypes=ALL_REAL + COMPLEX,
           second_order=True),
    OpInfo("reciprocal", gnp.reciprocal, float_ref(np.reciprocal), unary_samples(0.5, 2.0),
           dtypes=FLOATS + COMPLEX, second_order=True),
    OpInfo("maximum", gnp.maximum, np.maximum, binary_samples(), dtypes=ALL_REAL + HALF),
    OpInfo("minimum", gnp.minimum, np.minimum, binary_samples(), dtypes=ALL_REAL),
    OpInfo("clip", gnp.clip, _clip_ref, clip_samples, dtypes=ALL_REAL),
    OpInfo("abs", gnp.abs, np.abs, unary_samples(), dtypes=ALL_REAL + COMPLEX + HALF),
    OpInfo("sign", gnp.sign, np.sign, unary_samples(), dtypes=ALL_REAL + COMPLEX),
    # comparisons
    _comparison("equal", np.equal, ALL_REAL + BOOL + COMPLEX),
    _comparison("not_equal", np.not_equal, ALL_REAL + BOOL + COMPLEX),
    _comparison("less", np.less),
    _comparison("less_equal", np.less_equal),
    _comparison("greater", np.greater),
    _comparison("greater_equal", np.greater_equal),
    # exponentials and logarithms
    _unary_math("exp", np.exp, dtypes=MATH_C + HALF, second_order=True),
    _unary_math("expm1", np.expm1, second_order=True),
    _unary_math("log", np.log, 0.1, 3.0, dtypes=MATH_C + HALF, second_order=True),
    _unary_math("log1p", np.log1p, -0.9, 3.0, second_order=True),
    _unary_math("log2", np.log2, 0.1, 3.0, second_order=True),
    _unary_math("log10", np.log10, 0.1, 3.0, second_order=True),
    _unary_math("sqrt", np.sqrt, 0.1, 3.0, dtypes=MATH_C + HALF, second_order=True),
    _binary_math("logaddexp", np.logaddexp, logaddexp_samples, second_order=True),
    # trigonometric and hyperbolic
    _unary_math("sin", np.sin, dtypes=MATH_C + HALF, second_order=True),
    _unary_math("cos", np.cos, second_order=True),
    _unary_math("tan", np.tan, -1.2, 1.2, second_order=True),
    _unary_math("asin", np.arcsin, -0.9, 0.9, second_order=True),
    _unary_math("acos", np.arccos, -0.9, 0.9, second_order=True),
    _unary_math("atan", np.arctan, second_order=True),
    _unary_math("sinh", np.sinh, second_order=True),
    _unary_math("cosh", np.cosh, second_order=True),
    _unary_math("tanh", np.tanh, dtypes=MATH_C + HALF, second_order=True),
    _unary_math("asinh", np.arcsinh, second_order=True),
    _unary_math("acosh", np.arccosh, 1.1, 3.0, second_order=True),
    _unary_math("atanh", np.arctanh, -0.9, 0.9, second_order=True),
    _binary_math("atan2", np.arctan2, second_order=True),
    _binary_math("hypot", np.hypot, second_order=True),
    # floating-point manipulation
    _binary_math("copysign", np.copysign),
    _binary_math("nextafter", np.nextafter, dtypes=FLOATS + HALF, grad=False),
    # rounding
    _rounding("floor", np.floor),
    _rounding("ceil", np.ceil),
    _rounding("trunc", np.trunc),
    _rounding("round", np.round, ALL_REAL + COMPLEX + HALF),
    # classification
    OpInfo("isfinite", gnp.isfinite, np.isfinite, special_samples, ALL_REAL + COMPLEX,
           grad=False),
    OpInfo("isinf", gnp.isinf, np.isinf, special_samples, ALL_REAL + COMPLEX, grad=False),
    OpInfo("isnan", gnp.isnan, np.isnan, special_samples, ALL_REAL + COMPLEX, grad=False),
    OpInfo("signbit", gnp.signbit, np.signbit, special_samples, ALL_REAL, grad=False),
    # complex numbers
    OpInfo("real", gnp.real, np.real, unary_samples(), COMPLEX + ALL_REAL, grad=False),
    OpInfo("imag", gnp.imag, _imag_ref, unary_samples(), COMPLEX + ALL_REAL, grad=False),
    OpInfo("conj", gnp.conj, np.conjugate, unary_samples(), COMPLEX + ALL_REAL,
           grad=False),
    # logical and bitwise
    OpInfo("logical_and", gnp.logical_and, np.logical_and, _bool_samples, BOOL, grad=False),
    OpInfo("logical_or", gnp.logical_or, np.logical_or, _bool_samples, BOOL, grad=False),
    OpInfo("logical_xor", gnp.logical_xor, np.logical_xor, _bool_samples, BOOL, grad=False),
    OpInfo("logical_not", gnp.logical_not, np.logical_not, unary_samples(), BOOL, grad=False),
    _bitwise("bitwise_and", np.bitwise_and),
    _bitwise("bitwise_or", np.bitwise_or),
    _bitwise("bitwise_xor", np.bitwise_xor),
    OpInfo("bitwise_invert", gnp.bitwise_invert, np.invert, unary_samples(-50.0, 50.0),
           SMALL_INTS + BOOL, grad=False),
    _bitwise("bitwise_left_shift", np.left_shift, shift_samples, SMALL_INTS),
    _bitwise("bitwise_right_shift", np.right_shift, shift_samples, SMALL_INTS),
    # casts and gradient control
    OpInfo("astype", gnp.astype, lambda x, dtype: x.astype(dtype), astype_samples,
           dtypes=ALL_REAL + BOOL + HALF, eps=1e-3, grad_rtol=1e-3, grad_atol=1e-4),
    OpInfo("stop_gradient", gf.stop_gradient, lambda x: x, unary_samples(),
           dtypes=ALL_REAL + BOOL, grad=False),
    OpInfo("ops.full_like", lambda x: ew.full_like(gf.constant(x), fill_value=3),
           lambda x: np.full_like(x, 3), unary_samples(), dtypes=ALL_REAL + BOOL, grad=False),
]  # fmt: skip
