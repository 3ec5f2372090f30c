"""Behaviour of the statistical and utility functions beyond the op table: errors, dtype
rules, special values and gradients at the edges (ties, zeros, empty axes)."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.errors import ArgumentError, ShapeError

gnp = gf.numpy


def _grad(f, x):
    x = gf.constant(np.asarray(x, dtype=np.float64))
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x).numpy()


# -- max / min ------------------------------------------------------------------------------
@pytest.mark.parametrize("op", [gnp.max, gnp.min])
def test_max_min_of_an_empty_axis_is_an_error_naming_the_op(op):
    with pytest.raises(ArgumentError, match=rf"^{op.__name__}: cannot reduce a size-0 axis"):
        op(gf.constant(np.zeros((2, 0), np.float32)), axis=1)
    # reducing only the non-empty axis is fine
    assert op(gf.constant(np.zeros((2, 0), np.float32)), axis=0).shape == (0,)


def test_max_gradient_is_split_evenly_among_ties():
    g = _grad(lambda x: gnp.max(x, axis=1), [[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]])
    np.testing.assert_allclose(g, [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])
    g = _grad(gnp.min, [1.0, 1.0, 1.0, 4.0])
    np.testing.assert_allclose(g, [1 / 3, 1 / 3, 1 / 3, 0.0])


def test_max_propagates_nan():
    assert np.isnan(gnp.max(gf.constant([1.0, np.nan, 3.0])).numpy())


# -- sum / prod dtypes ------------------------------------------------------------------------
@pytest.mark.parametrize("op", [gnp.sum, gnp.prod, gnp.cumulative_sum, gnp.cumulative_prod])
@pytest.mark.parametrize(
    "dtype,expected",
    [("int8", "int32"), ("uint8", "uint32"), ("bool", "int32"), ("int64", "int64"),
     ("float16", "float16")],
)  # fmt: skip
def test_small_integers_accumulate_in_the_default_integer(op, dtype, expected):
    x = gf.constant(np.ones(3, dtype=dtype))
    assert op(x).dtype == np.dtype(expected)
    assert op(x, dtype="float64").dtype == np.float64


def test_empty_reductions_give_their_identities():
    empty = gf.constant(np.zeros((0, 3), np.float32))
    assert gnp.sum(empty, axis=0).tolist() == [0.0, 0.0, 0.0]
    assert gnp.prod(empty, axis=0).tolist() == [1.0, 1.0, 1.0]
    assert bool(gnp.all(empty)) is True
    assert bool(gnp.any(empty)) is False


# -- prod gradients at zeros ------------------------------------------------------------------
def test_prod_gradient_is_exact_with_one_zero():
    # d/dx_i prod(x) = product of the others: only the zero's gradient survives
    np.testing.assert_allclose(_grad(gnp.prod, [2.0, 0.0, 3.0]), [0.0, 6.0, 0.0])


def test_prod_gradient_is_exact_with_two_zeros():
    np.testing.assert_allclose(_grad(gnp.prod, [2.0, 0.0, 3.0, 0.0]), [0.0, 0.0, 0.0, 0.0])


def test_prod_second_derivative_with_one_zero():
    x = gf.constant(np.array([2.0, 0.0, 3.0]))
    with gf.GradientTape() as outer:
        outer.watch(x)
        with gf.GradientTape() as inner:
            inner.watch(x)
            y = gnp.prod(x)
        g = inner.gradient(y, x)
        picked = g[1]  # d prod / d x_1 = x_0 * x_2
    np.testing.assert_allclose(outer.gradient(picked, x).numpy(), [3.0, 0.0, 2.0])


def test_prod_gradient_over_several_axes():
    x = np.arange(1.0, 25.0).reshape(2, 3, 4)
    g = _grad(lambda t: gnp.sum(gnp.prod(t, axis=(0, 2))), x)
    want = np.prod(x, axis=(0, 2), keepdims=True) / x
    np.testing.assert_allclose(g, want, rtol=1e-12)


# -- mean / var / std -------------------------------------------------------------------------
def test_mean_of_integers_is_the_default_float():
    assert gnp.mean(gf.constant([1, 2])).dtype == np.float32


def test_mean_of_an_empty_axis_is_nan():
    with np.errstate(invalid="ignore"):
        assert np.isnan(gnp.mean(gf.constant(np.zeros(0, np.float32))).numpy())


def test_var_correction_is_bessels():
    x = gf.constant(np.array([1.0, 2.0, 3.0, 4.0]))
    assert float(gnp.var(x, correction=1)) == pytest.approx(np.var([1, 2, 3, 4], ddof=1))
    assert float(gnp.std(x, correction=1.5)) == pytest.approx(np.std([1, 2, 3, 4], ddof=1.5))


def test_var_with_no_degrees_of_freedom_left_is_not_finite():
    with np.errstate(divide="ignore", invalid="ignore"):
        out = gnp.var(gf.constant([1.0, 2.0]), correction=2).numpy()
    assert not np.isfinite(out)


def test_var_keeps_float32():
    x = gf.constant(np.ones((3, 2), np.float32))
    assert gnp.var(x, axis=0, keepdims=True).dtype == np.float32
    assert gnp.std(x, axis=0, keepdims=True).shape == (1, 2)


def test_var_rejects_a_non_numeric_correction():
    with pytest.raises(ArgumentError, match="^var: correction"):
        gnp.var(gf.constant([1.0, 2.0]), correction="1")


# -- cumulative_sum / cumulative_prod --------------------------------------------------------
@pytest.mark.parametrize("op", [gnp.cumulative_sum, gnp.cumulative_prod])
def test_scan_axis_is_required_above_one_dimension(op):
    with pytest.raises(ArgumentError, match=rf"^{op.__name__}: axis is required"):
        op(gf.constant(np.ones((2, 3))))


@pytest.mark.parametrize("op", [gnp.cumulative_sum, gnp.cumulative_prod])
def test_scan_of_a_0d_tensor_is_an_error(op):
    with pytest.raises(ShapeError, match=rf"^{op.__name__}: x must have at least one"):
        op(gf.constant(1.0))


def test_include_initial_on_an_empty_axis_gives_the_identity():
    empty = gf.constant(np.zeros((2, 0), np.float32))
    assert gnp.cumulative_sum(empty, axis=1, include_initial=True).tolist() == [[0.0], [0.0]]
    assert gnp.cumulative_prod(empty, axis=1, include_initial=True).tolist() == [[1.0], [1.0]]


def test_cumulative_prod_gradient_is_exact_at_zeros():
    x = np.array([2.0, 0.0, 3.0, 0.0, 5.0])
    w = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    g = _grad(lambda t: gnp.sum(gnp.cumulative_prod(t) * gf.constant(w)), x)
    # by hand: only prefixes through the first zero (index 1) carry gradient
    want = np.zeros(5)
    want[0] = w[0]  # out[0] = x0; later prefixes hold the factor x1 = 0
    want[1] = w[1] * x[0] + w[2] * x[0] * x[2]  # the first zero: 2*2 + 3*2*3
    np.testing.assert_allclose(g, want)


def test_cumulative_sum_with_include_initial_gradient():
    g = _grad(lambda t: gnp.sum(gnp.cumulative_sum(t, include_initial=True)), [1.0, 2.0, 3.0])
    # out = [0, x0, x0+x1, x0+x1+x2]: x0 appears 3 times, x2 once
    np.testing.assert_allclose(g, [3.0, 2.0, 1.0])


# -- all / any / diff -------------------------------------------------------------------------
def test_nan_is_true_for_all_and_any():
    x = gf.constant([np.nan, 1.0])
    assert bool(gnp.all(x)) is True
    assert bool(gnp.any(gf.constant([0.0, np.nan]))) is True


def test_diff_rejects_a_negative_n():
    with pytest.raises(ArgumentError, match="^diff: n must be a non-negative int"):
        gnp.diff(gf.constant([1.0, 2.0]), n=-1)


def test_diff_of_a_0d_tensor_is_an_error():
    with pytest.raises(ShapeError, match="^diff: x must have at least one dimension"):
        gnp.diff(gf.constant(1.0))


def test_diff_prepend_must_match_outside_the_axis():
    with pytest.raises(ShapeError, match="^diff: prepend must have x's shape"):
        gnp.diff(gf.constant(np.ones((2, 3))), axis=1, prepend=gf.constant(np.ones((3, 1))))


def test_diff_prepend_scalar_is_weakly_typed():
    out = gnp.diff(gf.constant(np.array([1.0, 3.0], np.float32)), prepend=0, append=10)
    assert out.dtype == np.float32
    assert out.tolist() == [1.0, 2.0, 7.0]


def test_diff_gradient_of_higher_order():
    # sum(diff(x, n=2) * w) = sum_i w_i (x[i+2] - 2 x[i+1] + x[i])
    g = _grad(lambda t: gnp.sum(gnp.diff(t, n=2) * gf.constant([1.0, 10.0])), [0.0] * 4)
    np.testing.assert_allclose(g, [1.0, 8.0, -19.0, 10.0])


def test_reductions_trace_into_a_graph():
    @gf.function
    def stats(x):
        return gnp.var(x, axis=0), gnp.cumulative_prod(x, axis=1), gnp.prod(x)

    x = np.array([[1.0, 2.0], [3.0, 5.0]])
    got = stats(gf.constant(x))
    np.testing.assert_allclose(got[0].numpy(), np.var(x, axis=0))
    np.testing.assert_allclose(got[1].numpy(), np.cumprod(x, axis=1))
    assert float(got[2]) == 30.0
