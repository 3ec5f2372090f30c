"""keras.datasets.boston_housing and california_housing: shuffle, split, validation."""

import numpy as np
import pytest

from gradflow.keras.datasets import boston_housing, california_housing


@pytest.fixture
def boston_file(cache, fixtures, monkeypatch):
    path = cache / "datasets" / "boston_housing.npz"
    np.savez(path, x=np.arange(130.0).reshape(10, 13), y=np.arange(10.0))
    monkeypatch.setattr(boston_housing, "FILE_HASH", fixtures.sha256(path.read_bytes()))
    return path


def test_default_split_matches_keras(boston_file):
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    assert y_train.tolist() == [9, 3, 6, 1, 0, 7, 4, 8] and y_test.tolist() == [2, 5]
    assert x_train.shape == (8, 13) and x_train.dtype == np.float64
    np.testing.assert_array_equal(x_train[:, 0], np.array(y_train) * 13)


def test_split_and_seed(boston_file):
    (_, y_train), (_, y_test) = boston_housing.load_data(test_split=0.3, seed=1)
    assert y_train.tolist() == [2, 9, 6, 4, 0, 3, 1] and y_test.tolist() == [7, 8, 5]


@pytest.mark.parametrize("test_split", [1.0, -0.1, 1.5])
def test_bad_test_split(test_split, network_attempts):
    with pytest.raises(ValueError, match=f"Invalid `test_split` argument: {test_split}"):
        boston_housing.load_data(test_split=test_split)


def test_california_small_version(cache, fixtures, monkeypatch):
    path = cache / "datasets" / "california_housing.npz"
    np.savez(path, x=np.arange(700 * 8.0).reshape(700, 8), y=np.arange(700.0))
    monkeypatch.setattr(california_housing, "FILE_HASH", fixtures.sha256(path.read_bytes()))
    (x_train, y_train), (x_test, y_test) = california_housing.load_data(version="small")
    assert x_train.shape == (480, 8) and x_test.shape == (120, 8)
    assert set(y_train.tolist()) | set(y_test.tolist()) == set(range(600))
    (x_train, _), _ = california_housing.load_data()
    assert x_train.shape == (560, 8)


def test_california_bad_version():
    with pytest.raises(ValueError, match="Received: version=medium"):
        california_housing.load_data(version="medium")
