"""keras.utils.split_dataset, timeseries_dataset_from_array and the directory index."""

import json
import os

import numpy as np
import pytest

import gradflow.data as gd
from gradflow.keras.utils.dataset_utils import (
    get_training_or_validation_split,
    index_directory,
    split_dataset,
)
from gradflow.keras.utils.timeseries_dataset_utils import timeseries_dataset_from_array

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "dataset_utils")


# -- split_dataset ---------------------------------------------------------------------
def test_split_array_by_fraction_and_count():
    data = np.arange(20).reshape(10, 2)
    left, right = split_dataset(data, left_size=0.8)
    assert isinstance(left, gd.Dataset) and left.cardinality() == 8 and right.cardinality() == 2
    assert [r.tolist() for r in right.as_numpy_iterator()] == [[16, 17], [18, 19]]
    left, right = split_dataset(data, right_size=3)
    assert left.cardinality() == 7 and right.cardinality() == 3


def test_split_tuple_of_arrays_keeps_structure_and_shuffles_reproducibly():
    x, y = np.arange(10.0).reshape(10, 1), np.arange(10)
    a_left, _ = split_dataset((x, y), left_size=5, shuffle=True, seed=3)
    b_left, _ = split_dataset((x, y), left_size=5, shuffle=True, seed=3)
    a = [(float(u[0]), int(v)) for u, v in a_left.as_numpy_iterator()]
    assert a == [(float(u[0]), int(v)) for u, v in b_left.as_numpy_iterator()]
    assert all(u == v for u, v in a) and [v for _, v in a] != [0, 1, 2, 3, 4]


def test_split_batched_dataset_rebatches():
    ds = gd.Dataset.from_tensor_slices((np.arange(10), np.arange(10) * 2)).batch(3)
    left, right = split_dataset(ds, left_size=0.6)
    assert left.cardinality() == 2 and right.cardinality() == 2  # 6 → [3, 3], 4 → [3, 1]
    xs, ys = next(iter(left))
    assert xs.shape == (3,) and (ys.numpy() == 2 * xs.numpy()).all()


def test_split_errors_use_keras_wording():
    with pytest.raises(ValueError, match="At least one of the `left_size` or `right_size`"):
        split_dataset(np.ones(4))
    with pytest.raises(ValueError, match="`left_size` should be either a positive integer"):
        split_dataset(np.ones(4), left_size=4)
    with pytest.raises(ValueError, match="sum of `left_size` and `right_size` is greater"):
        split_dataset(np.ones(4), left_size=0.7, right_size=0.5)
    with pytest.raises(TypeError, match="Invalid `left_size` Type"):
        split_dataset(np.ones(4), left_size="1")
    with pytest.raises(TypeError, match="must be either a `gf.data.Dataset`"):
        split_dataset("abc", left_size=1)


# -- timeseries_dataset_from_array ---------------------------------------------------------
def test_timeseries_windows_follow_the_keras_docstring_example():
    # keras docs, example 1: sequence_length=10, sampling_rate=2, sequence_stride=3
    ds = timeseries_dataset_from_array(
        np.arange(100),
        None,
        sequence_length=10,
        sampling_rate=2,
        sequence_stride=3,
        batch_size=None,
    )
    windows = [w.tolist() for w in ds.as_numpy_iterator()]
    assert windows[0] == list(range(0, 20, 2))
    assert windows[1] == list(range(3, 23, 2))
    assert windows[-1] == list(range(81, 100, 2))
    assert len(windows) == 28  # starts 0, 3, …, 81: below num_seqs = 100 - 9 * 2 = 82


def test_timeseries_targets_and_batches():
    data = np.arange(20, dtype="float32").reshape(10, 2)
    targets = np.arange(10) * 10
    ds = timeseries_dataset_from_array(data, targets, sequence_length=3, batch_size=4)
    batches = list(ds.as_numpy_iterator())
    assert [b[0].shape for b in batches] == [(4, 3, 2), (4, 3, 2)]
    assert batches[0][1].tolist() == [0, 10, 20, 30]  # target of window i is targets[i]
    assert batches[1][0][-1].tolist() == [[14, 15], [16, 17], [18, 19]]
    assert ds.element_spec[0].shape == (None, 3, 2)


def test_timeseries_shuffle_is_seeded_and_complete():
    make = lambda: timeseries_dataset_from_array(  # noqa: E731
        np.arange(50), np.arange(50), sequence_length=5, batch_size=8, shuffle=True, seed=4
    )
    a = [t for _, y in make().as_numpy_iterator() for t in y.tolist()]
    assert a == [t for _, y in make().as_numpy_iterator() for t in y.tolist()]
    assert sorted(a) == list(range(46)) and a != list(range(46))


def test_timeseries_start_end_and_errors():
    ds = timeseries_dataset_from_array(
        np.arange(20), None, sequence_length=2, start_index=5, end_index=10, batch_size=None
    )
    assert [w.tolist() for w in ds.as_numpy_iterator()] == [[5, 6], [6, 7], [7, 8], [8, 9]]
    with pytest.raises(ValueError, match="`sampling_rate` must be higher than 0"):
        timeseries_dataset_from_array(np.arange(5), None, 2, sampling_rate=0)
    with pytest.raises(ValueError, match="`end_index` must be lower than the length"):
        timeseries_dataset_from_array(np.arange(5), None, 2, end_index=9)


# -- index_directory (parity with Keras) -----------------------------------------------------
def _build_tree(root, tree):
    for folder, names in tree.items():
        for name in names:
            path = os.path.join(root, folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "wb").close()


def test_index_directory_order_labels_and_split_match_keras(tmp_path):
    with open(os.path.join(FIXTURES, "index_directory.json")) as f:
        fixture = json.load(f)
    _build_tree(str(tmp_path), fixture["tree"])
    formats = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
    for case in fixture["cases"]:
        paths, labels, class_names = index_directory(
            str(tmp_path),
            "inferred",
            formats,
            shuffle=case["shuffle"],
            seed=case["seed"],
            verbose=False,
        )
        assert [os.path.relpath(p, tmp_path) for p in paths] == case["paths"]
        assert labels.tolist() == case["labels"] and class_names == case["class_names"]
        train, train_labels = get_training_or_validation_split(paths, labels, 0.4, "training")
        assert [os.path.relpath(p, tmp_path) for p in train] == case["train"]
        assert train_labels.tolist() == case["train_labels"]
