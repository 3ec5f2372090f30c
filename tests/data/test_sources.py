"""Dataset sources: from_tensor_slices, from_tensors, from_generator, range."""

import numpy as np
import pytest

import gradflow as gf
import gradflow.data as gd
from gradflow.errors import ArgumentError, DTypeError, ShapeError


def test_from_tensor_slices_array_gives_tensors_and_numpy():
    ds = gd.Dataset.from_tensor_slices(np.arange(6.0, dtype="float32").reshape(3, 2))
    rows = list(ds)
    assert all(isinstance(r, gf.Tensor) for r in rows)
    assert [r.numpy().tolist() for r in rows] == [[0, 1], [2, 3], [4, 5]]
    assert [a.tolist() for a in ds.as_numpy_iterator()] == [[0, 1], [2, 3], [4, 5]]
    assert ds.element_spec == gf.TensorSpec((2,), "float32")
    assert ds.cardinality() == 3 and len(ds) == 3


def test_from_tensor_slices_python_lists_get_gradflow_default_dtypes():
    ds = gd.Dataset.from_tensor_slices(([1.0, 2.0], [1, 2]))
    assert ds.element_spec == (gf.TensorSpec((), "float32"), gf.TensorSpec((), "int32"))


def test_from_tensor_slices_dict_and_nested_tuple():
    ds = gd.Dataset.from_tensor_slices(({"b": np.arange(2), "a": np.ones((2, 3))}, np.zeros(2)))
    x, y = next(iter(ds))
    assert list(x) == ["b", "a"]
    assert x["a"].shape == (3,) and y.shape == ()
    assert ds.element_spec[0]["a"] == gf.TensorSpec((3,), "float64")


def test_from_tensor_slices_does_not_see_later_writes_to_the_input():
    data = np.arange(3)
    ds = gd.Dataset.from_tensor_slices(data)
    data[0] = 99
    assert [int(x) for x in ds] == [0, 1, 2]


def test_from_tensor_slices_errors_name_the_stage_and_structure():
    expected = r"from_tensor_slices.*same size.*\(int64\[3\], int64\[4\]\)"
    with pytest.raises(ShapeError, match=expected):
        gd.Dataset.from_tensor_slices((np.arange(3), np.arange(4)))
    with pytest.raises(ShapeError, match="from_tensor_slices: every component needs a first"):
        gd.Dataset.from_tensor_slices(np.float32(1))


def test_strings_are_kept_as_bytes():
    ds = gd.Dataset.from_tensor_slices(["ab", "c"])
    assert list(ds.as_numpy_iterator()) == [b"ab", b"c"]
    assert ds.element_spec.shape == ()


def test_from_tensors_is_one_element():
    ds = gd.Dataset.from_tensors((np.ones((2, 2)), 3))
    assert ds.cardinality() == 1
    (x, y), = list(ds.as_numpy_iterator())  # fmt: skip
    assert x.shape == (2, 2) and int(y) == 3


def test_range_is_int64_like_python_range():
    assert [int(x) for x in gd.Dataset.range(5)] == [0, 1, 2, 3, 4]
    assert [int(x) for x in gd.Dataset.range(10, 0, -4)] == [10, 6, 2]
    assert gd.Dataset.range(10, 0, -4).cardinality() == 3
    assert gd.Dataset.range(3).element_spec == gf.TensorSpec((), "int64")
    assert gd.Dataset.range(3, dtype="int32").element_spec.dtype == np.int32
    with pytest.raises(ArgumentError, match="Dataset.range"):
        gd.Dataset.range(1, 2, 0)


def test_from_generator_checks_and_casts_to_the_signature():
    def gen():
        for i in range(3):
            yield np.arange(i + 1), float(i)

    ds = gd.Dataset.from_generator(
        gen, output_signature=(gf.TensorSpec((None,), "int32"), gf.TensorSpec((), "float64"))
    )
    out = list(ds.as_numpy_iterator())
    assert out[2][0].tolist() == [0, 1, 2] and out[2][0].dtype == np.int32
    assert out[1][1].dtype == np.float64
    assert ds.cardinality() == gd.UNKNOWN_CARDINALITY
    # re-iterable: the generator is called again
    assert len(list(ds)) == 3


def test_from_generator_legacy_types_and_shapes_and_args():
    ds = gd.Dataset.from_generator(
        lambda n: iter(range(n)), output_types="int64", output_shapes=(), args=(4,)
    )
    assert [int(x) for x in ds] == [0, 1, 2, 3]
    assert ds.element_spec == gf.TensorSpec((), "int64")


def test_from_generator_errors_name_stage_and_element():
    sig = gf.TensorSpec((2,), "float32")
    with pytest.raises(ShapeError, match=r"from_generator.*float32\[3\].*float32\[2\]"):
        list(gd.Dataset.from_generator(lambda: iter([[1.0, 2.0, 3.0]]), output_signature=sig))
    with pytest.raises(DTypeError, match=r"from_generator.*float32\[2\].*int32\[2\]"):
        list(
            gd.Dataset.from_generator(
                lambda: iter([[1.5, 2.5]]), output_signature=gf.TensorSpec((2,), "int32")
            )
        )
    with pytest.raises(TypeError, match=r"did not match the expected structure"):
        list(gd.Dataset.from_generator(lambda: iter([1.0]), output_signature=(sig, sig)))
    with pytest.raises(ArgumentError, match="output_signature"):
        gd.Dataset.from_generator(lambda: iter([]))


def test_from_generator_failure_inside_the_generator_is_a_stage_error():
    def broken():
        yield 1
        raise KeyError("boom")

    ds = gd.Dataset.from_generator(broken, output_signature=gf.TensorSpec((), "int32"))
    with pytest.raises(gd.StageError, match=r"Dataset.from_generator\(broken\).*KeyError") as e:
        list(ds)
    assert isinstance(e.value.__cause__, KeyError)


def test_ragged_python_lists_are_refused_with_the_stage_named():
    with pytest.raises(DTypeError, match="from_tensor_slices: cannot convert list"):
        gd.Dataset.from_tensor_slices([[1, 2], [3]])


def test_repr_does_not_run_user_functions():
    calls = []
    ds = gd.Dataset.range(3).map(lambda x: calls.append(1) or x)
    assert repr(ds) == "<Map cardinality=3>" and calls == []
