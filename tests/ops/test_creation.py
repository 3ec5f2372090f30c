"""Creation functions: defaults, edge cases and errors (values are checked by the op table)."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp


@pytest.mark.parametrize(
    "make,dtype",
    [
        (lambda: gnp.arange(5), gf.int32),
        (lambda: gnp.arange(0, 1, 0.25), gf.float32),
        (lambda: gnp.arange(2.0), gf.float32),
        (lambda: gnp.zeros((2,)), gf.float32),
        (lambda: gnp.ones(3), gf.float32),
        (lambda: gnp.empty(()), gf.float32),
        (lambda: gnp.full((2,), 7), gf.int32),
        (lambda: gnp.full((2,), 7.0), gf.float32),
        (lambda: gnp.full((2,), True), gf.bool),
        (lambda: gnp.full((2,), 1j), gf.complex64),
        (lambda: gnp.full((2,), np.float64(2.0)), gf.float64),
        (lambda: gnp.eye(2), gf.float32),
        (lambda: gnp.linspace(0, 1, 3), gf.float32),
        (lambda: gnp.zeros_like(gf.constant([1, 2], dtype=gf.int64)), gf.int64),
        (lambda: gnp.full_like(gf.constant([1, 2]), 2.5), gf.int32),
        (lambda: gnp.ones_like(gf.constant([1.0]), dtype=gf.float64), gf.float64),
    ],
)
def test_default_dtypes(make, dtype):
    assert make().dtype == dtype


def test_arange_forms():
    assert gnp.arange(3).tolist() == [0, 1, 2]
    assert gnp.arange(5, 1, -2).tolist() == [5, 3]
    assert gnp.arange(1, 1).shape == (0,)
    np.testing.assert_allclose(gnp.arange(0.0, 1.0, 0.1).numpy(), np.arange(0, 1, 0.1), rtol=1e-6)
    assert gnp.arange(3, dtype=gf.float64).dtype == gf.float64


def test_arange_errors():
    with pytest.raises(ValueError, match="step must not be zero"):
        gnp.arange(0, 5, 0)
    with pytest.raises(TypeError, match="int32 needs integer"):
        gnp.arange(0, 2.5, dtype=gf.int32)


def test_eye_and_linspace_options():
    assert gnp.eye(2, 3, k=1).tolist() == [[0, 1, 0], [0, 0, 1]]
    assert gnp.eye(3, k=-2).tolist() == [[0, 0, 0], [0, 0, 0], [1, 0, 0]]
    assert gnp.linspace(0, 1, 4, endpoint=False).tolist() == [0.0, 0.25, 0.5, 0.75]
    assert gnp.linspace(0, 1, 0).shape == (0,)


def test_full_rejects_values_that_do_not_fit():
    with pytest.raises(TypeError, match="full: fill_value 300 does not fit in int8"):
        gnp.full((2,), 300, dtype=gf.int8)
    with pytest.raises(ValueError, match="fill_value must be a scalar"):
        gnp.full((2,), [1, 2])


def test_shape_arguments_are_checked():
    with pytest.raises(ValueError, match="zeros: shape must not have negative dimensions"):
        gnp.zeros((2, -1))
    with pytest.raises(ValueError, match="ones: shape must be an int or a tuple of ints"):
        gnp.ones((2.5,))


def test_devices_other_than_cpu_are_rejected():
    with pytest.raises(ValueError, match="zeros: the numpy backend has only device 'cpu:0'"):
        gnp.zeros(2, device="gpu:0")
    assert gnp.zeros(2, device="cpu:0").shape == (2,)


def test_meshgrid_indexing_and_gradient():
    x, y = gf.constant([1.0, 2.0, 3.0]), gf.constant([4.0, 5.0])
    gx, gy = gnp.meshgrid(x, y)
    assert gx.shape == gy.shape == (2, 3)
    ix, iy = gnp.meshgrid(x, y, indexing="ij")
    assert ix.shape == (3, 2)
    with gf.GradientTape() as tape:
        tape.watch([x, y])
        s = gnp.sum(gnp.meshgrid(x, y)[0] * gnp.meshgrid(x, y)[1])
    dx, dy = tape.gradient(s, [x, y])
    assert dx.tolist() == [9.0, 9.0, 9.0] and dy.tolist() == [6.0, 6.0]
    with pytest.raises(ValueError, match="indexing must be 'xy' or 'ij'"):
        gnp.meshgrid(x, indexing="yx")
    with pytest.raises(ValueError, match="array 0 must be 1-d"):
        gnp.meshgrid(gf.constant([[1.0]]))


def test_tril_triu_batches_and_gradient():
    x = gf.constant(np.ones((2, 3, 3)))
    assert gnp.tril(x).numpy().sum() == 12
    assert gnp.triu(x, k=1).numpy().sum() == 6
    with gf.GradientTape() as tape:
        tape.watch(x)
        s = gnp.sum(gnp.tril(x, k=-1))
    np.testing.assert_array_equal(tape.gradient(s, x).numpy(), np.tril(np.ones((2, 3, 3)), -1))
    with pytest.raises(ValueError, match="tril: needs a tensor of rank >= 2"):
        gnp.tril(gf.constant([1.0, 2.0]))


def test_from_dlpack_and_creation_outputs_have_no_gradient():
    assert gnp.from_dlpack(np.arange(3.0)).tolist() == [0.0, 1.0, 2.0]
    assert gnp.from_dlpack(gf.constant([1, 2])).dtype == gf.int32
    x = gf.constant([1.0, 2.0])
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gnp.sum(gnp.zeros_like(x) + gnp.full_like(x, 3.0))
    assert tape.gradient(y, x) is None
