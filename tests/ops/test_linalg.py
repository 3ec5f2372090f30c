"""Linear algebra behaviour beyond the op table: errors, the 2023.12 rules for 1-d
operands, named results, low-precision dtypes, gradient limits."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.errors import ArgumentError, DTypeError, GradientError, ShapeError

gnp = gf.numpy
la = gf.numpy.linalg


def _rand(*shape, dtype=np.float32, seed=0):
    return gf.constant(np.random.default_rng(seed).uniform(-1, 1, shape).astype(dtype))


def test_matmul_shape_error_names_dimensions_and_operands():
    with pytest.raises(ShapeError) as e:
        gnp.matmul(_rand(32, 785), _rand(784, 10))
    assert str(e.value) == (
        "matmul: contracting dimensions must match, but a.shape[-1]=785 and b.shape[-2]=784 "
        "(a: float32[32,785], b: float32[784,10])"
    )


def test_matmul_rejects_scalars_and_unbroadcastable_batches():
    with pytest.raises(ShapeError, match="matmul: operands must have at least one dimension"):
        gnp.matmul(_rand(3, 3), 2.0)
    with pytest.raises(ShapeError, match=r"matmul: batch dimensions \(2,\) and \(3,\)"):
        gnp.matmul(_rand(2, 3, 4), _rand(3, 4, 5))


def test_matmul_promotes_and_the_operator_dispatches():
    a = gf.constant(np.arange(6, dtype=np.int32).reshape(2, 3))
    b = gf.constant(np.ones((3, 2), np.float64))
    out = a @ b
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out.numpy(), np.arange(6).reshape(2, 3) @ np.ones((3, 2)))


def test_matmul_keeps_low_precision_dtypes():
    for dtype in (gf.float16, gf.bfloat16):
        a = gnp.astype(_rand(4, 3), dtype)
        assert gnp.matmul(a, gnp.matrix_transpose(a)).dtype == dtype


def test_matmul_gradient_of_a_batch_against_one_matrix_sums_over_the_batch():
    x, w = _rand(5, 3, 4, seed=1), _rand(4, 2, seed=2)
    with gf.GradientTape() as tape:
        tape.watch(w)
        y = gnp.sum(gnp.matmul(x, w))
    gw = tape.gradient(y, w).numpy()
    np.testing.assert_allclose(
        gw, np.broadcast_to(x.numpy().sum((0, 1))[:, None], (4, 2)), rtol=1e-5
    )


def test_linalg_reexports_the_main_namespace_functions():
    for name in ("matmul", "matrix_transpose", "tensordot", "vecdot"):
        assert getattr(la, name) is getattr(gnp, name)


def test_matrix_transpose_needs_a_matrix():
    with pytest.raises(ShapeError, match="matrix_transpose: x must have at least 2 dimensions"):
        gnp.matrix_transpose(_rand(3))


def test_tensordot_checks_contracted_sizes_and_axes():
    with pytest.raises(ShapeError, match=r"tensordot: contracted dimensions must match"):
        gnp.tensordot(_rand(2, 3), _rand(4, 2), axes=1)
    with pytest.raises(ArgumentError, match="tensordot: axes=3"):
        gnp.tensordot(_rand(2, 3), _rand(3, 2), axes=3)


def test_vecdot_checks_vector_lengths():
    with pytest.raises(ShapeError, match="vecdot: the vectors must have one length"):
        gnp.vecdot(_rand(3, 4), _rand(3, 1))


def test_solve_treats_only_a_1d_right_side_as_a_vector():
    a = gf.constant(np.array([[2.0, 0.0], [0.0, 4.0]]))
    assert la.solve(a, gf.constant([2.0, 4.0])).shape == (2,)
    batch = gf.constant(np.stack([np.eye(2), 2 * np.eye(2)]))
    np.testing.assert_allclose(la.solve(batch, gf.constant([2.0, 4.0])).numpy(), [[2, 4], [1, 2]])
    # a (2, 2) right side is a matrix, even beside a batch of matrices
    assert la.solve(batch, gf.constant(np.ones((2, 2)))).shape == (2, 2, 2)
    with pytest.raises(ShapeError, match="solve: x2 needs one entry per unknown"):
        la.solve(a, gf.constant([1.0, 2.0, 3.0]))


def test_square_matrix_errors_name_the_op():
    with pytest.raises(
        ShapeError, match=r"^inv: x must be square .* got 2x3 \(x: float32\[2,3\]\)"
    ):
        la.inv(_rand(2, 3))
    with pytest.raises(ShapeError, match="det: x must be a matrix or a stack of matrices"):
        la.det(_rand(3))
    with pytest.raises(DTypeError, match="cholesky: x must have a real floating dtype"):
        la.cholesky(gf.constant(np.eye(2, dtype=np.complex64)))


def test_results_are_named_tuples():
    spd = gf.constant(np.array([[2.0, 1.0], [1.0, 2.0]]))
    w, v = la.eigh(spd)
    assert la.eigh(spd).eigenvalues.shape == w.shape and la.eigh(spd).eigenvectors.shape == v.shape
    assert la.qr(spd).R.shape == (2, 2)
    assert la.svd(spd).Vh.shape == (2, 2) and la.svd(spd).S.shape == (2,)
    assert la.slogdet(spd).sign.item() == 1.0


def test_cholesky_upper_is_the_transposed_lower_factor():
    spd = np.array([[4.0, 2.0], [2.0, 5.0]])
    upper = la.cholesky(gf.constant(spd), upper=True).numpy()
    np.testing.assert_allclose(upper.T @ upper, spd)
    assert upper[1, 0] == 0.0


def test_low_precision_inputs_run_in_float32_and_keep_their_dtype():
    x = gnp.astype(gf.constant(np.array([[2.0, 1.0], [1.0, 3.0]])), gf.float16)
    assert la.det(x).dtype == gf.float16
    assert la.det(x).item() == 5.0
    assert la.inv(x).dtype == gf.float16


def test_integer_inputs_become_the_default_float():
    assert la.det(gf.constant([[1, 2], [3, 4]])).dtype == gf.float32
    assert la.vector_norm(gf.constant([3, 4])).item() == 5.0


def test_gradients_refuse_non_unique_factors():
    x = _rand(4, 3, dtype=np.float64)
    with gf.GradientTape() as tape:
        tape.watch(x)
        s = la.svd(x).S
    with pytest.raises(GradientError, match="svd: the gradient with full_matrices=True"):
        tape.gradient(s, x)
    with gf.GradientTape() as tape:
        tape.watch(x)
        r = la.qr(x, mode="complete").R
    with pytest.raises(GradientError, match="qr: the gradient of mode='complete'"):
        tape.gradient(r, x)


def test_norm_arguments_are_checked():
    with pytest.raises(ArgumentError, match="matrix_norm: ord must be"):
        la.matrix_norm(_rand(2, 2), ord=3)
    with pytest.raises(ArgumentError, match="vector_norm: ord must be a real number"):
        la.vector_norm(_rand(2), ord="fro")
    with pytest.raises(ArgumentError, match="qr: mode must be"):
        la.qr(_rand(2, 2), mode="r")


def test_matrix_rank_accepts_a_tensor_rtol_per_matrix():
    x = gf.constant(np.stack([np.diag([1.0, 1e-2]), np.diag([1.0, 1e-2])]))
    ranks = la.matrix_rank(x, rtol=gf.constant([1e-3, 1e-1]))
    assert ranks.tolist() == [2, 1]
    assert ranks.dtype == gf.int32


def test_cross_needs_three_vectors():
    with pytest.raises(ShapeError, match="cross: the vectors along axis -1 must have 3"):
        la.cross(_rand(2), _rand(2))


def test_matrix_power_takes_only_int_exponents():
    with pytest.raises(ArgumentError, match="matrix_power: n must be an int"):
        la.matrix_power(_rand(2, 2), 1.5)


def test_trace_gradient_is_the_identity():
    x = _rand(3, 3, dtype=np.float64)
    with gf.GradientTape() as tape:
        tape.watch(x)
        t = la.trace(x)
    np.testing.assert_array_equal(tape.gradient(t, x).numpy(), np.eye(3))
