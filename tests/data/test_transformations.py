"""Dataset transformations: map, filter, batching, shuffle, sequencing, combining."""

import numpy as np
import pytest

import gradflow as gf
import gradflow.data as gd
from gradflow.errors import ArgumentError, ShapeError


def ints(ds):
    return [np.asarray(x).tolist() for x in ds.as_numpy_iterator()]


# -- map / filter -------------------------------------------------------------------
def test_map_receives_tensors_and_unpacks_tuples():
    seen = []

    def fn(x, y):
        seen.append((type(x), type(y)))
        return {"sum": x + y, "x": x}

    ds = gd.Dataset.from_tensor_slices((np.arange(3), np.arange(3) * 10)).map(fn)
    out = list(ds.as_numpy_iterator())
    assert [o["sum"].item() for o in out] == [0, 11, 22]
    assert seen[0] == (gf.Tensor, gf.Tensor)


def test_map_spec_is_traced_and_keeps_unknown_sizes():
    ds = gd.Dataset.range(7).batch(3).map(lambda x: gf.numpy.astype(x + x, gf.float32))
    assert ds.element_spec == gf.TensorSpec((None,), "float32")
    assert ints(ds)[-1] == [12.0]


def test_map_spec_falls_back_to_running_python_code():
    ds = gd.Dataset.range(3).map(lambda x: np.full((2,), int(x), dtype=np.int16))
    assert ds.element_spec == gf.TensorSpec((2,), "int16")


@pytest.mark.parametrize("deterministic", [True, False])
def test_parallel_map_gives_every_element(deterministic):
    ds = gd.Dataset.range(50).map(
        lambda x: x * 2, num_parallel_calls=gd.AUTOTUNE, deterministic=deterministic
    )
    out = ints(ds)
    assert sorted(out) == list(range(0, 100, 2))
    if deterministic:
        assert out == list(range(0, 100, 2))


def test_map_failure_names_stage_and_element_structure():
    def parse(x, y):
        raise ValueError("bad record")

    ds = gd.Dataset.from_tensor_slices((np.zeros((2, 3), "float32"), np.arange(2)))
    for parallel in (None, 2):
        with pytest.raises(gd.StageError) as e:
            list(ds.map(parse, num_parallel_calls=parallel))
        message = str(e.value)
        assert "Dataset.map(parse)" in message
        assert "(float32[3], int64[])" in message and "bad record" in message
        assert isinstance(e.value.__cause__, ValueError)


def test_filter_keeps_true_and_checks_predicate():
    ds = gd.Dataset.range(10).filter(lambda x: x % 3 == 0)
    assert ints(ds) == [0, 3, 6, 9]
    assert ds.cardinality() == gd.UNKNOWN_CARDINALITY
    with pytest.raises(TypeError, match=r"Dataset.filter\(<lambda>\).*scalar bool"):
        list(gd.Dataset.range(3).filter(lambda x: x + 1))


# -- batching ------------------------------------------------------------------------
def test_batch_specs_and_cardinality():
    ds = gd.Dataset.from_tensor_slices((np.ones((10, 4), "float32"), np.arange(10)))
    b = ds.batch(4)
    assert b.element_spec[0] == gf.TensorSpec((None, 4), "float32")
    assert b.cardinality() == 3
    assert [x.shape[0] for x, _ in b] == [4, 4, 2]
    d = ds.batch(4, drop_remainder=True)
    assert d.element_spec[1] == gf.TensorSpec((4,), "int64")
    assert d.cardinality() == 2 and len(list(d)) == 2


def test_batch_of_a_general_pipeline_stacks_and_names_shape_errors():
    ds = gd.Dataset.range(5).map(
        lambda x: {"v": gf.numpy.ones((2,)) * gf.numpy.astype(x, gf.float32)}
    )
    (first, last) = list(ds.batch(3).as_numpy_iterator())
    assert first["v"].shape == (3, 2) and last["v"].shape == (2, 2)
    ragged = gd.Dataset.from_generator(
        lambda: iter([[1], [1, 2]]), output_signature=gf.TensorSpec((None,), "int32")
    )
    expected = r"Dataset.batch: cannot batch .* component 0.*\[1\].*\[2\]"
    with pytest.raises(ShapeError, match=expected):
        list(ragged.batch(2))
    with pytest.raises(ArgumentError, match="batch_size"):
        gd.Dataset.range(3).batch(0)


def test_padded_batch_pads_to_longest_or_given_shape():
    ragged = gd.Dataset.from_generator(
        lambda: ((np.arange(n), n) for n in (1, 3, 2)),
        output_signature=(gf.TensorSpec((None,), "int64"), gf.TensorSpec((), "int32")),
    )
    out = list(ragged.padded_batch(2, padding_values=(-1, 0)).as_numpy_iterator())
    assert out[0][0].tolist() == [[0, -1, -1], [0, 1, 2]]
    assert out[1][0].tolist() == [[0, 1]]
    fixed = ragged.padded_batch(3, padded_shapes=([5], []))
    assert fixed.element_spec[0] == gf.TensorSpec((None, 5), "int64")
    assert next(fixed.as_numpy_iterator())[0].shape == (3, 5)
    with pytest.raises(ShapeError, match="larger than its padded shape"):
        list(ragged.padded_batch(3, padded_shapes=([2], [])))


def test_unbatch_inverts_batch():
    ds = gd.Dataset.from_tensor_slices((np.arange(5), np.arange(5) * 2)).batch(2).unbatch()
    assert ints(ds) == [[i, 2 * i] for i in range(5)]
    assert ds.element_spec == (gf.TensorSpec((), "int64"),) * 2


# -- shuffle -------------------------------------------------------------------------
def test_shuffle_is_a_permutation_reproducible_under_a_seed():
    a = gd.Dataset.range(100).shuffle(30, seed=7)
    b = gd.Dataset.range(100).shuffle(30, seed=7)
    first, second = ints(a), ints(a)
    assert sorted(first) == list(range(100)) and first != list(range(100))
    assert first != second  # reshuffled per iteration
    assert ints(b) == first and ints(b) == second  # … in the same sequence
    fixed = gd.Dataset.range(100).shuffle(100, seed=7, reshuffle_each_iteration=False)
    assert ints(fixed) == ints(fixed)


def test_shuffle_without_seed_follows_the_global_seed():
    gf.random.set_seed(3)
    a = ints(gd.Dataset.range(20).shuffle(20))
    gf.random.set_seed(3)
    assert ints(gd.Dataset.range(20).shuffle(20)) == a


def test_shuffle_with_a_small_buffer_only_moves_elements_locally():
    out = ints(gd.Dataset.range(50).shuffle(2, seed=0))
    # with a buffer of 2, element i can come out no earlier than position i - 1
    assert all(pos >= value - 1 for pos, value in enumerate(out))


# -- sequencing ----------------------------------------------------------------------
def test_repeat_take_skip_enumerate():
    ds = gd.Dataset.range(3)
    assert ints(ds.repeat(2)) == [0, 1, 2, 0, 1, 2]
    assert ds.repeat().cardinality() == gd.INFINITE_CARDINALITY
    assert ints(ds.repeat().take(7)) == [0, 1, 2, 0, 1, 2, 0]
    assert ds.repeat().take(7).cardinality() == 7
    assert ints(ds.skip(1)) == [1, 2] and ds.skip(5).cardinality() == 0
    assert ints(ds.take(-1)) == [0, 1, 2]
    assert ints(ds.enumerate(start=10)) == [[10, 0], [11, 1], [12, 2]]
    assert ds.filter(lambda x: x > 0).repeat().cardinality() == gd.UNKNOWN_CARDINALITY


def test_zip_and_concatenate():
    a, b = gd.Dataset.range(3), gd.Dataset.range(10, 20)
    z = gd.Dataset.zip(a, b)
    assert ints(z) == [[0, 10], [1, 11], [2, 12]] and z.cardinality() == 3
    zd = gd.Dataset.zip({"a": a, "b": b})
    assert next(zd.as_numpy_iterator())["b"] == 10
    c = a.concatenate(b.take(2))
    assert ints(c) == [0, 1, 2, 10, 11] and c.cardinality() == 5
    with pytest.raises(TypeError, match=r"Dataset.concatenate.*same element structure"):
        a.concatenate(z).element_spec


def test_concatenate_relaxes_differing_sizes():
    a = gd.Dataset.from_tensor_slices(np.zeros((2, 3)))
    b = gd.Dataset.from_tensor_slices(np.zeros((2, 4)))
    assert a.concatenate(b).element_spec == gf.TensorSpec((None,), "float64")


def test_interleave_follows_tf_order():
    # The tf.data documentation's example.
    ds = gd.Dataset.range(1, 6).interleave(
        lambda x: gd.Dataset.from_tensors(x).repeat(6), cycle_length=2, block_length=4
    )
    expected = [1] * 4 + [2] * 4 + [1] * 2 + [2] * 2 + [3] * 4 + [4] * 4 + [3] * 2 + [4] * 2
    assert ints(ds) == expected + [5] * 6
    assert ds.element_spec == gf.TensorSpec((), "int64")
    with pytest.raises(TypeError, match="must return a gf.data.Dataset"):
        list(gd.Dataset.range(2).interleave(lambda x: x, cycle_length=1))


def test_iteration_yields_x_y_tuples_for_training():
    x, y = np.ones((8, 3), "float32"), np.arange(8)
    ds = gd.Dataset.from_tensor_slices((x, y)).shuffle(8, seed=0).batch(4).prefetch(1)
    batches = list(ds)
    assert len(batches) == ds.cardinality() == 2
    assert all(isinstance(b, tuple) and len(b) == 2 for b in batches)
    assert sorted(np.concatenate([b[1].numpy() for b in batches]).tolist()) == list(range(8))
