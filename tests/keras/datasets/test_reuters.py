"""keras.datasets.reuters: Keras 3.15.1's golden values on a tiny fixture."""

import json

import numpy as np
import pytest

from gradflow.keras.datasets import reuters


@pytest.fixture
def reuters_file(cache, fixtures, monkeypatch):
    path = cache / "datasets" / "reuters.npz"
    x = fixtures.object_array([[1, 2], [3, 4, 5], [6], [1, 1, 7, 8], [2, 9]])
    np.savez(path, x=x, y=np.array([3, 4, 3, 16, 4], dtype="int64"))
    monkeypatch.setattr(reuters, "FILE_HASH", fixtures.sha256(path.read_bytes()))
    return path


def as_lists(x):
    return [list(s) for s in x]


def test_defaults(reuters_file):
    (x_train, y_train), (x_test, y_test) = reuters.load_data()
    assert as_lists(x_train) == [[1, 6, 7, 8], [1, 4, 5], [1, 4, 4, 10, 11], [1, 9]]
    assert y_train.tolist() == [4, 3, 16, 3] and y_train.dtype == np.int64
    assert as_lists(x_test) == [[1, 5, 2]] and y_test.tolist() == [4]
    # Keras returns a 2-D (1, 3) object array here; gradflow always returns 1-D.
    assert x_test.shape == (1,) and x_test.dtype == object


def test_test_split(reuters_file):
    (x_train, _), (x_test, _) = reuters.load_data(test_split=0.4)
    assert (len(x_train), len(x_test)) == (3, 2)


def test_maxlen_can_empty_the_train_split(reuters_file):
    (x_train, y_train), (x_test, y_test) = reuters.load_data(maxlen=3)
    assert len(x_train) == 0 and y_train.shape == (0,)
    assert as_lists(x_test) == [[1, 2]] and y_test.tolist() == [3]


def test_label_names():
    names = reuters.get_label_names()
    assert len(names) == 46
    assert (names[3], names[4], names[16], names[-1]) == ("earn", "acq", "crude", "lead")


def test_get_word_index(cache, fixtures, monkeypatch):
    path = cache / "datasets" / "reuters_word_index.json"
    path.write_text(json.dumps({"the": 1, "of": 2}))
    monkeypatch.setattr(reuters, "WORD_INDEX_HASH", fixtures.sha256(path.read_bytes()))
    assert reuters.get_word_index()["of"] == 2
