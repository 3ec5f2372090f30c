"""Elementwise behaviour beyond the op table: special values, promotion with Python
scalars, bool/int/complex inputs, error messages and gradients at edge points."""

import math

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp

INF, NAN = math.inf, math.nan


def _f64(values):
    return gf.constant(np.asarray(values, dtype=np.float64))


# -- special values (the standard's special cases, C99's for these functions) --------------------
SPECIAL_UNARY = [
    ("sqrt", -0.0, -0.0),
    ("sqrt", -1.0, NAN),
    ("sqrt", INF, INF),
    ("log", 0.0, -INF),
    ("log", -1.0, NAN),
    ("log1p", -1.0, -INF),
    ("log2", 0.0, -INF),
    ("log10", INF, INF),
    ("exp", -INF, 0.0),
    ("expm1", -INF, -1.0),
    ("expm1", -0.0, -0.0),
    ("sin", INF, NAN),
    ("sin", -0.0, -0.0),
    ("cos", INF, NAN),
    ("tan", -0.0, -0.0),
    ("asin", 2.0, NAN),
    ("acos", 1.0, 0.0),
    ("atan", INF, math.pi / 2),
    ("sinh", -INF, -INF),
    ("cosh", -INF, INF),
    ("tanh", INF, 1.0),
    ("tanh", -0.0, -0.0),
    ("asinh", -0.0, -0.0),
    ("acosh", 0.5, NAN),
    ("atanh", 1.0, INF),
    ("atanh", -1.0, -INF),
    ("abs", -0.0, 0.0),
    ("abs", -INF, INF),
    ("sign", NAN, NAN),
    ("sign", -0.0, 0.0),
    ("floor", -0.0, -0.0),
    ("ceil", -0.5, -0.0),
    ("trunc", -INF, -INF),
    ("round", 2.5, 2.0),
    ("round", -0.5, -0.0),
    ("reciprocal", -0.0, -INF),
    ("square", NAN, NAN),
    ("negative", 0.0, -0.0),
]


@pytest.mark.parametrize(
    "name,x,want", SPECIAL_UNARY, ids=[f"{n}({x})" for n, x, _ in SPECIAL_UNARY]
)
def test_unary_special_values(name, x, want):
    with np.errstate(all="ignore"):
        got = float(getattr(gnp, name)(_f64(x)))
    np.testing.assert_equal(got, want)
    assert math.copysign(1.0, got) == math.copysign(1.0, want) or math.isnan(want)


SPECIAL_BINARY = [
    ("pow", NAN, 0.0, 1.0),
    ("pow", 1.0, NAN, 1.0),
    ("pow", -0.0, 3.0, -0.0),
    ("pow", 0.0, -1.0, INF),
    ("pow", -INF, 3.0, -INF),
    ("maximum", NAN, 1.0, NAN),
    ("minimum", 1.0, NAN, NAN),
    ("divide", 1.0, -0.0, -INF),
    ("divide", 0.0, 0.0, NAN),
    ("hypot", INF, NAN, INF),
    ("hypot", 1e300, 1e300, 1e300 * math.sqrt(2)),
    ("atan2", 0.0, -0.0, math.pi),
    ("atan2", -0.0, -0.0, -math.pi),
    ("atan2", INF, INF, math.pi / 4),
    ("copysign", 1.0, -0.0, -1.0),
    ("copysign", NAN, -1.0, NAN),
    ("logaddexp", -INF, -INF, -INF),
    ("logaddexp", INF, INF, INF),
    ("logaddexp", 1000.0, 1000.0, 1000.0 + math.log(2)),
    ("logaddexp", -1000.0, -1000.0, -1000.0 + math.log(2)),
    ("remainder", 5.0, -3.0, -1.0),
    ("remainder", -1.0, 3.0, 2.0),
    ("floor_divide", -7.0, 2.0, -4.0),
    ("nextafter", 0.0, 1.0, 5e-324),
    ("nextafter", 1.0, 1.0, 1.0),
]


@pytest.mark.parametrize(
    "name,x1,x2,want", SPECIAL_BINARY, ids=[f"{n}({a},{b})" for n, a, b, _ in SPECIAL_BINARY]
)
def test_binary_special_values(name, x1, x2, want):
    with np.errstate(all="ignore"):
        got = float(getattr(gnp, name)(_f64(x1), _f64(x2)))
    np.testing.assert_allclose(got, want, rtol=1e-15, equal_nan=True)
    assert math.copysign(1.0, got) == math.copysign(1.0, want) or math.isnan(want)


def test_classification_of_special_values():
    x = gf.constant([NAN, INF, -INF, 0.0, -0.0, 1.0])
    assert gnp.isnan(x).tolist() == [True, False, False, False, False, False]
    assert gnp.isinf(x).tolist() == [False, True, True, False, False, False]
    assert gnp.isfinite(x).tolist() == [False, False, False, True, True, True]
    assert gnp.signbit(x).tolist() == [False, False, True, False, True, False]


def test_classification_of_integers_is_finite_and_not_nan():
    x = gf.constant([1, -2], dtype=gf.int8)
    assert gnp.isfinite(x).tolist() == [True, True]
    assert gnp.isnan(x).tolist() == [False, False]
    assert gnp.isinf(x).dtype == gf.bool


def test_clip_propagates_nan_and_keeps_dtype():
    x = gf.constant([NAN, -5.0, 5.0])
    assert np.isnan(gnp.clip(x, 0.0, 1.0).numpy()[0])
    out = gnp.clip(x, gf.constant(0.0, dtype=gf.float64), 1.0)
    assert out.dtype == gf.float32
    assert out.tolist()[1:] == [0.0, 1.0]


def test_clip_broadcasts_x_to_the_bounds_shape():
    out = gnp.clip(gf.constant([0.0, 5.0]), gf.constant([[1.0], [2.0]]), 4.0)
    assert out.shape == (2, 2)
    assert out.tolist() == [[1.0, 4.0], [2.0, 4.0]]


def test_clip_of_integers_stays_integer_and_none_bounds_return_x():
    x = gf.constant([-3, 0, 9], dtype=gf.int8)
    out = gnp.clip(x, 0, 5)
    assert out.dtype == gf.int8 and out.tolist() == [0, 0, 5]
    assert gnp.clip(x) is x


# -- promotion with Python scalars ---------------------------------------------------------------
@pytest.mark.parametrize(
    "dtype,scalar,want",
    [
        (gf.float32, 2.0, gf.float32),
        (gf.float16, 2, gf.float16),
        (gf.bfloat16, 0.5, gf.bfloat16),
        (gf.int8, 1, gf.int8),
        (gf.uint8, 3, gf.uint8),
        (gf.int32, 1.5, gf.float32),
        (gf.bool, 1, gf.int32),
        (gf.float32, 1j, gf.complex64),
        (gf.float64, 1j, gf.complex128),
    ],
)
def test_python_scalars_are_weak(dtype, scalar, want):
    x = gf.constant(np.ones(3), dtype=dtype)
    assert gnp.multiply(x, scalar).dtype == want
    assert gnp.multiply(scalar, x).dtype == want


def test_python_scalar_too_large_for_the_tensor_dtype_is_an_error():
    with pytest.raises(gf.DTypeError, match="add: the Python scalar 1000 does not fit in int8"):
        gnp.add(gf.constant([1], dtype=gf.int8), 1000)


def test_comparison_with_a_float_scalar_promotes_an_int_tensor():
    assert gnp.less(gf.constant([1, 2]), 1.5).tolist() == [True, False]


def test_tensor_operators_reach_the_elementwise_functions():
    x = gf.constant([7, -7])
    assert (x // 2).tolist() == [3, -4]
    assert (x % 3).tolist() == [1, 2]
    assert (~x).tolist() == [-8, 6]
    assert (x & 3).tolist() == [3, 1]
    assert (x | 8).tolist() == [15, -7]
    assert (x ^ 1).tolist() == [6, -8]
    assert (x << 1).tolist() == [14, -14]
    assert (x >> 1).tolist() == [3, -4]
    assert (2 ** gf.constant([3])).tolist() == [8]
    assert abs(x).tolist() == [7, 7]


# -- integer and bool inputs ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["exp", "log", "sin", "tanh", "sqrt", "log1p", "expm1", "atan"])
@pytest.mark.parametrize("dtype", [gf.int8, gf.int64, gf.uint16, gf.bool])
def test_transcendental_functions_of_integers_give_the_default_float(name, dtype):
    out = getattr(gnp, name)(gf.constant([1, 0], dtype=dtype))
    assert out.dtype == gf.float32


@pytest.mark.parametrize("name", ["divide", "atan2", "hypot", "logaddexp", "copysign"])
def test_binary_float_functions_of_integers_give_the_default_float(name):
    out = getattr(gnp, name)(gf.constant([1, 2], dtype=gf.int64), gf.constant([2, 1]))
    assert out.dtype == gf.float32


@pytest.mark.parametrize("name", ["floor", "ceil", "round", "trunc"])
def test_rounding_returns_integers_unchanged(name):
    x = gf.constant([-3, 4], dtype=gf.int16)
    assert getattr(gnp, name)(x) is x


def test_integer_division_and_shifts():
    x = gf.constant([-7, 7], dtype=gf.int8)
    assert gnp.floor_divide(x, 2).dtype == gf.int8
    assert gnp.bitwise_right_shift(gf.constant([-16], dtype=gf.int32), 40).tolist() == [-1]
    assert gnp.bitwise_left_shift(gf.constant([1], dtype=gf.int32), 40).tolist() == [0]
    assert gnp.bitwise_left_shift(gf.constant([1], dtype=gf.uint8), 3).dtype == gf.uint8


@pytest.mark.skipif(gf.config.get_backend() != "numpy",
                    reason="compiled XLA code cannot raise an error that depends on values")
def test_integer_to_a_negative_integer_power_is_an_error():
    with pytest.raises(gf.ArgumentError, match="negative integer powers"):
        gnp.pow(gf.constant([2]), gf.constant([-1]))


def test_bool_logic_and_bitwise():
    a, b = gf.constant([True, True, False]), gf.constant([True, False, False])
    assert gnp.logical_and(a, b).tolist() == [True, False, False]
    assert gnp.logical_or(a, b).tolist() == [True, True, False]
    assert gnp.logical_xor(a, b).tolist() == [False, True, False]
    assert gnp.logical_not(a).tolist() == [False, False, True]
    assert gnp.bitwise_and(a, b).dtype == gf.bool
    assert (~a).tolist() == [False, False, True]
    assert gnp.equal(a, True).tolist() == [True, True, False]


@pytest.mark.parametrize(
    "call,error,message",
    [
        (lambda: gnp.add(gf.constant([True]), gf.constant([True])), gf.DTypeError,
         r"^add: operands must have a numeric dtype, got bool \(x: bool\[1\], y: bool\[1\]\)"),
        (lambda: gnp.negative(gf.constant(True)), gf.DTypeError, r"^negative: .*numeric"),
        (lambda: gnp.positive(gf.constant([True])), gf.DTypeError,
         r"^positive: input must have a numeric dtype, got bool \(x: bool\[1\]\)"),
        (lambda: gnp.square(gf.constant([True])), gf.DTypeError, r"^square: .*numeric"),
        (lambda: gnp.pow(gf.constant([True]), True), gf.DTypeError, r"^pow: .*numeric"),
        (lambda: gnp.logical_and(gf.constant([1]), gf.constant([0])), gf.DTypeError,
         r"^logical_and: operands must have a bool dtype, got int32; .*astype"),
        (lambda: gnp.logical_not(gf.constant([1.0])), gf.DTypeError, r"^logical_not: .*bool"),
        (lambda: gnp.bitwise_and(gf.constant([1.0]), 1.0), gf.DTypeError,
         r"^bitwise_and: operands must have a integer or boolean dtype, got float32"),
        (lambda: gnp.bitwise_left_shift(gf.constant([True]), True), gf.DTypeError,
         r"^bitwise_left_shift: .*integer dtype, got bool"),
        (lambda: gnp.bitwise_invert(gf.constant([1.5])), gf.DTypeError, r"^bitwise_invert: "),
        (lambda: gnp.less(gf.constant([1j]), gf.constant([2j])), gf.DTypeError,
         r"^less: operands must have a real numeric dtype, got complex64"),
        (lambda: gnp.greater(gf.constant([True]), False), gf.DTypeError, r"^greater: "),
        (lambda: gnp.maximum(gf.constant([1j]), 1.0), gf.DTypeError, r"^maximum: "),
        (lambda: gnp.atan2(gf.constant([1j]), 1.0), gf.DTypeError,
         r"^atan2: operands must have a real floating dtype, got complex64 "
         r"\(x: complex64\[1\], y: complex64\[1\]\)"),
        (lambda: gnp.floor(gf.constant([1j])), gf.DTypeError, r"^floor: .*real floating"),
        (lambda: gnp.floor(gf.constant([True])), gf.DTypeError, r"^floor: .*got bool"),
        (lambda: gnp.signbit(gf.constant([1j])), gf.DTypeError, r"^signbit: "),
        (lambda: gnp.clip(gf.constant([1j]), 0.0, 1.0), gf.DTypeError,
         r"^clip: input must have a real numeric dtype, got complex64"),
        (lambda: gnp.real(gf.constant([True])), gf.DTypeError, r"^real: "),
        (lambda: gnp.isnan(gf.constant([True])), gf.DTypeError, r"^isnan: "),
        (lambda: gnp.add(gf.constant([1.0, 2.0]), gf.constant([1.0, 2.0, 3.0])), gf.ShapeError,
         r"^add: shapes \(2,\) and \(3,\) cannot be broadcast"),
        (lambda: gnp.hypot(gf.constant(np.ones((2, 3))), gf.constant(np.ones(2))), gf.ShapeError,
         r"^hypot: shapes"),
    ],
)  # fmt: skip
def test_errors_name_the_op_and_the_rule(call, error, message):
    with pytest.raises(error, match=message):
        call()


# -- complex numbers ------------------------------------------------------------------------
def test_complex_parts_and_modulus_are_real():
    z = gf.constant(np.array([3 + 4j, -1j], dtype=np.complex64))
    assert gnp.abs(z).dtype == gf.float32 and gnp.abs(z).tolist() == [5.0, 1.0]
    assert gnp.real(z).dtype == gf.float32 and gnp.real(z).tolist() == [3.0, 0.0]
    assert gnp.imag(z).tolist() == [4.0, -1.0]
    assert gnp.conj(z).tolist() == [3 - 4j, 1j]
    z128 = gf.constant(np.array([1 + 1j]))
    assert gnp.abs(z128).dtype == gf.float64 and gnp.imag(z128).dtype == gf.float64


def test_complex_math_follows_the_principal_branch():
    z = gf.constant(np.array([-1 + 0j, 3 + 4j], dtype=np.complex128))
    np.testing.assert_allclose(gnp.sqrt(z).numpy(), [1j, 2 + 1j])
    np.testing.assert_allclose(gnp.sign(z).numpy(), [-1, 0.6 + 0.8j])
    np.testing.assert_allclose(gnp.exp(gf.constant(np.array([1j * math.pi]))).numpy(), [-1],
                               atol=1e-15)  # fmt: skip
    assert gnp.round(gf.constant(np.array([2.5 + 3.5j]))).tolist() == [2 + 4j]
    assert gnp.isnan(gf.constant(np.array([complex(1, NAN)]))).tolist() == [True]


def test_real_inputs_to_complex_functions():
    x = gf.constant([1.5, -2.0])
    assert gnp.real(x) is x and gnp.conj(x) is x
    assert gnp.imag(x).tolist() == [0.0, 0.0] and gnp.imag(x).dtype == gf.float32


# -- half precision --------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [gf.float16, gf.bfloat16])
@pytest.mark.parametrize("name", ["exp", "sin", "log1p", "round", "abs", "sqrt", "signbit"])
def test_half_precision_stays_half_precision(dtype, name):
    out = getattr(gnp, name)(gf.constant([0.5, 1.5], dtype=dtype))
    assert out.dtype == (gf.bool if name == "signbit" else dtype)


# -- gradients at edge points ---------------------------------------------------------------
def _grad(f, *xs):
    xs = [_f64(x) for x in xs]
    with gf.GradientTape() as tape:
        tape.watch(xs)
        y = gnp.sum(f(*xs))
    return [g.numpy() for g in tape.gradient(y, xs, unconnected_gradients="zero")]


def test_pow_gradient_at_zero_to_the_zero_is_zero_not_nan():
    dx, dy = _grad(gnp.pow, [0.0, 0.0, 2.0], [0.0, 2.0, 0.0])
    np.testing.assert_array_equal(dx, [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(dy, [0.0, 0.0, math.log(2.0)])


def test_logaddexp_gradient_is_finite_for_large_inputs():
    d1, d2 = _grad(gnp.logaddexp, [1000.0, -1000.0], [1000.0, 0.0])
    np.testing.assert_allclose(d1, [0.5, 0.0])
    np.testing.assert_allclose(d2, [0.5, 1.0])


def test_clip_gradient_goes_to_x_inside_and_to_the_bounds_outside():
    dx, dlo, dhi = _grad(gnp.clip, [-2.0, 0.5, 3.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(dx, [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(dlo, [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(dhi, [0.0, 0.0, 1.0])


def test_maximum_tie_sends_the_gradient_to_the_first_argument():
    d1, d2 = _grad(gnp.maximum, [1.0], [1.0])
    assert (d1.tolist(), d2.tolist()) == ([1.0], [0.0])


def test_rounding_and_remainder_gradients():
    (d,) = _grad(gnp.floor, [1.3, -2.7])
    np.testing.assert_array_equal(d, [0.0, 0.0])
    d1, d2 = _grad(gnp.remainder, [7.5], [2.0])
    np.testing.assert_array_equal(d1, [1.0])
    np.testing.assert_array_equal(d2, [-3.0])


def test_gradients_through_integer_promotion_do_not_reach_integers():
    x = _f64([1.0, 2.0])
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gnp.sum(gnp.multiply(x, gf.constant([2, 3])))
    assert tape.gradient(y, x).tolist() == [2.0, 3.0]


def test_second_derivative_of_sin_is_minus_sin():
    x = _f64([0.3, 1.2])
    with gf.GradientTape() as outer:
        outer.watch(x)
        with gf.GradientTape() as inner:
            inner.watch(x)
            y = gnp.sum(gnp.sin(x))
        dy = inner.gradient(y, x)
        s = gnp.sum(dy)
    np.testing.assert_allclose(outer.gradient(s, x).numpy(), -np.sin([0.3, 1.2]))


def test_stop_gradient_blocks_and_astype_passes_gradients():
    x = _f64([1.5])
    with gf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        blocked = gnp.sum(gf.stop_gradient(x) * x)
        cast = gnp.sum(gnp.astype(gnp.astype(x, gf.float32), gf.float64) * 3.0)
    assert tape.gradient(blocked, x).tolist() == [1.5]
    assert tape.gradient(cast, x).tolist() == [3.0]
