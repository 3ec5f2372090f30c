"""Behaviour of the searching, sorting and set functions beyond the op table: errors,
NaN handling, stability, gradients through where and sort, result types."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.errors import ArgumentError, DTypeError, ShapeError

gnp = gf.numpy


# -- argmax / argmin ------------------------------------------------------------------------
@pytest.mark.parametrize("op", [gnp.argmax, gnp.argmin])
def test_arg_extremum_of_an_empty_axis_is_an_error_naming_the_op(op):
    with pytest.raises(ArgumentError, match=rf"^{op.__name__}: cannot take the index"):
        op(gf.constant(np.zeros((3, 0))), axis=1)
    with pytest.raises(ArgumentError, match=rf"^{op.__name__}: cannot take the index"):
        op(gf.constant(np.zeros(0)))


def test_argmax_returns_the_first_nan_and_the_first_tie():
    assert int(gnp.argmax(gf.constant([1.0, np.nan, 5.0, np.nan]))) == 1
    assert int(gnp.argmin(gf.constant([2, 1, 1]))) == 1


def test_argmax_keepdims_and_index_dtype():
    x = gf.constant(np.arange(6.0).reshape(2, 3))
    out = gnp.argmax(x, axis=-1, keepdims=True)
    assert out.shape == (2, 1) and out.dtype == np.int64
    assert gnp.argmax(x, keepdims=True).shape == (1, 1)


# -- count_nonzero / nonzero ---------------------------------------------------------------
def test_count_nonzero_counts_nan_and_returns_int64():
    out = gnp.count_nonzero(gf.constant([[0.0, np.nan], [0.0, 0.0]]), axis=1)
    assert out.dtype == np.int64 and out.tolist() == [1, 0]


def test_nonzero_of_a_0d_tensor_is_an_error():
    with pytest.raises(ShapeError, match="^nonzero: x must have at least one dimension"):
        gnp.nonzero(gf.constant(3.0))


def test_nonzero_indices_address_the_nonzero_elements():
    x = np.array([[[0, 1], [2, 0]], [[3, 0], [0, 4]]])
    idx = gnp.nonzero(gf.constant(x))
    assert len(idx) == 3
    np.testing.assert_array_equal(x[tuple(i.numpy() for i in idx)], [1, 2, 3, 4])


# -- searchsorted --------------------------------------------------------------------------
def test_searchsorted_needs_a_vector():
    with pytest.raises(ShapeError, match="^searchsorted: x1 must be one-dimensional"):
        gnp.searchsorted(gf.constant(np.ones((2, 2))), gf.constant(1.0))


def test_searchsorted_side_must_be_left_or_right():
    with pytest.raises(ArgumentError, match="^searchsorted: side must be"):
        gnp.searchsorted(gf.constant([1.0]), gf.constant(1.0), side="middle")


def test_searchsorted_sorter_must_cover_x1():
    with pytest.raises(ShapeError, match="^searchsorted: sorter must index every element"):
        gnp.searchsorted(gf.constant([3.0, 1.0]), gf.constant(2.0), sorter=gf.constant([1]))
    with pytest.raises(DTypeError, match="^searchsorted: sorter must hold integer"):
        gnp.searchsorted(gf.constant([3.0, 1.0]), gf.constant(2.0), sorter=gf.constant([1.0, 0.0]))


def test_searchsorted_promotes_and_breaks_ties_by_side():
    x1 = gf.constant(np.array([1, 2, 2, 3], np.int32))
    assert gnp.searchsorted(x1, 2.5).tolist() == 3
    assert gnp.searchsorted(x1, gf.constant([2.0]), side="right").tolist() == [3]
    assert gnp.searchsorted(x1, gf.constant([2.0]), side="left").tolist() == [1]


# -- where ---------------------------------------------------------------------------------
def test_where_broadcasts_and_promotes():
    c = gf.constant([True, False, True])
    out = gnp.where(c, gf.constant(np.array([[1], [2]], np.int32)), gf.constant(0.5))
    assert out.dtype == np.float32 and out.shape == (2, 3)
    assert out.tolist() == [[1.0, 0.5, 1.0], [2.0, 0.5, 2.0]]


def test_where_gradient_goes_to_the_chosen_side_summed_over_broadcasting():
    c = gf.constant([[True, False], [False, False]])
    x1, x2 = gf.constant(np.array([1.0, 2.0])), gf.constant(np.array(3.0))
    with gf.GradientTape() as tape:
        tape.watch([x1, x2])
        y = gnp.sum(gnp.where(c, x1, x2))
    g1, g2 = tape.gradient(y, [x1, x2])
    assert g1.tolist() == [1.0, 0.0] and float(g2) == 3.0


def test_where_accepts_a_numeric_condition():
    assert gnp.where(gf.constant([0, 2]), 1.0, 2.0).tolist() == [2.0, 1.0]


# -- sort / argsort ------------------------------------------------------------------------
def test_sort_gradient_scatters_back_through_the_permutation():
    x = gf.constant(np.array([3.0, 1.0, 2.0]))
    w = gf.constant(np.array([10.0, 20.0, 30.0]))
    for descending, want in ((False, [30.0, 10.0, 20.0]), (True, [10.0, 30.0, 20.0])):
        with gf.GradientTape() as tape:
            tape.watch(x)
            y = gnp.sum(gnp.sort(x, descending=descending) * w)
        assert tape.gradient(y, x).tolist() == want


def test_descending_argsort_is_stable():
    x = gf.constant([1, 3, 1, 3, 2])
    assert gnp.argsort(x, descending=True).tolist() == [1, 3, 4, 0, 2]
    assert gnp.argsort(x).tolist() == [0, 2, 4, 1, 3]


def test_nan_sorts_as_the_largest_value():
    x = gf.constant([2.0, np.nan, 1.0])
    assert np.isnan(gnp.sort(x).numpy()[-1]) and np.isnan(gnp.sort(x, descending=True).numpy()[0])
    assert gnp.argsort(x).tolist() == [2, 0, 1]
    assert gnp.argsort(x, descending=True).tolist() == [1, 0, 2]


def test_sort_of_a_0d_tensor_is_an_error():
    with pytest.raises(ArgumentError, match="^sort: axis -1 is out of range"):
        gnp.sort(gf.constant(1.0))


def test_sort_rejects_complex():
    with pytest.raises(DTypeError, match="^sort: input must have a real numeric dtype"):
        gnp.sort(gf.constant(np.array([1j, 2.0])))


# -- set functions -------------------------------------------------------------------------
def test_unique_all_fields_and_reconstruction():
    x = np.array([[3, 1], [3, 2]])
    out = gnp.unique_all(gf.constant(x))
    assert out._fields == ("values", "indices", "inverse_indices", "counts")
    values, indices, inverse, counts = (t.numpy() for t in out)
    np.testing.assert_array_equal(values[inverse], x)
    np.testing.assert_array_equal(x.reshape(-1)[indices], values)
    assert counts.tolist() == [1, 1, 2] and inverse.dtype == np.int64


def test_unique_results_are_named_as_the_standard_names_them():
    x = gf.constant([1.0, 1.0])
    assert gnp.unique_counts(x)._fields == ("values", "counts")
    assert gnp.unique_inverse(x)._fields == ("values", "inverse_indices")


def test_each_nan_is_its_own_unique_value():
    out = gnp.unique_counts(gf.constant([np.nan, 1.0, np.nan]))
    assert out.values.shape == (3,) and out.counts.tolist() == [1, 1, 1]


@pytest.mark.skipif(
    gf.config.get_backend() != "numpy",
    reason="XLA compiles every graph, and value-dependent output shapes cannot compile (as in JAX)",
)
def test_unique_and_nonzero_trace_with_an_unknown_length():
    @gf.function
    def f(x):
        return gnp.unique_values(x), gnp.nonzero(x)[0]

    values, idx = f(gf.constant(np.array([2.0, 0.0, 2.0])))
    assert values.tolist() == [0.0, 2.0] and idx.tolist() == [0, 2]
