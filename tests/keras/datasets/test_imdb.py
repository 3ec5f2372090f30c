"""keras.datasets.imdb: Keras 3.15.1's golden values on a tiny fixture (expected values
printed by real Keras on the same file), quirks included."""

import json

import numpy as np
import pytest

from gradflow.keras.datasets import imdb

X_TRAIN = [[1, 2, 3], [4, 5], [1, 9, 9, 2], [7]]
X_TEST = [[2, 3], [1, 1, 1, 5, 6]]


@pytest.fixture
def imdb_file(cache, fixtures, monkeypatch):
    path = cache / "datasets" / "imdb.npz"
    np.savez(
        path,
        x_train=fixtures.object_array(X_TRAIN),
        y_train=np.array([1, 0, 1, 0], dtype="int64"),
        x_test=fixtures.object_array(X_TEST),
        y_test=np.array([0, 1], dtype="int64"),
    )
    monkeypatch.setattr(imdb, "FILE_HASH", fixtures.sha256(path.read_bytes()))
    return path


def as_lists(x):
    return [list(s) for s in x]


def test_defaults(imdb_file):
    (x_train, y_train), (x_test, y_test) = imdb.load_data()
    # The largest id (12, from rank 9) becomes OOV (2) even though num_words=None.
    assert as_lists(x_train) == [[1, 10], [1, 4, 2, 2, 5], [1, 4, 5, 6], [1, 7, 8]]
    assert y_train.tolist() == [0, 1, 1, 0] and y_train.dtype == np.int64
    assert as_lists(x_test) == [[1, 4, 4, 4, 8, 9], [1, 5, 6]]
    assert y_test.tolist() == [1, 0]
    assert x_train.dtype == object and x_train.shape == (4,)


def test_num_words(imdb_file):
    (x_train, _), _ = imdb.load_data(num_words=8)
    assert as_lists(x_train) == [[1, 2], [1, 4, 2, 2, 5], [1, 4, 5, 6], [1, 7, 2]]


def test_skip_top_also_hits_the_start_marker(imdb_file):
    (x_train, _), _ = imdb.load_data(skip_top=5)
    assert as_lists(x_train) == [[2, 10], [2, 2, 2, 2, 5], [2, 2, 5, 6], [2, 7, 8]]


def test_maxlen_drops_long_sequences_strictly(imdb_file):
    (x_train, y_train), (x_test, y_test) = imdb.load_data(maxlen=4)
    assert as_lists(x_train) == [[1, 2], [1, 7, 8]] and y_train.tolist() == [0, 0]
    assert as_lists(x_test) == [[1, 5, 6]] and y_test.tolist() == [0]
    # Deliberately unlike Keras (2-D (1, 3) object array): always 1-D.
    assert x_test.shape == (1,)


def test_no_start_no_offset_no_oov(imdb_file):
    (x_train, _), _ = imdb.load_data(start_char=None, index_from=0, oov_char=None)
    assert as_lists(x_train) == [[7], [1, 2], [1, 2, 3], [4, 5]]


def test_maxlen_that_keeps_nothing_is_an_error(imdb_file):
    with pytest.raises(ValueError, match="maxlen=2, no sequence was kept"):
        imdb.load_data(maxlen=2)


def test_extra_kwargs_are_ignored(imdb_file):
    (x_train, _), _ = imdb.load_data(nb_words=5)
    assert len(x_train) == 4


def test_get_word_index(cache, fixtures, monkeypatch):
    path = cache / "datasets" / "imdb_word_index.json"
    path.write_text(json.dumps({"the": 1, "and": 2}))
    monkeypatch.setattr(imdb, "WORD_INDEX_HASH", fixtures.sha256(path.read_bytes()))
    assert imdb.get_word_index() == {"the": 1, "and": 2}
