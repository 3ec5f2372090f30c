"""The datasets' pickles are read with an allow-list: arrays load, code never runs."""

import pickle

import numpy as np
import pytest

from gradflow.keras.datasets import imdb, safe_pickle


class Gadget:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_object_npz_with_lists_and_arrays_loads(tmp_path, fixtures):
    seqs = fixtures.object_array([[1, 2], [3]])
    seqs[1] = np.array([3, 4])  # ndarray elements are allowed, as in Keras
    np.savez(tmp_path / "a.npz", x=seqs, y=np.arange(2))
    arrays = safe_pickle.load_npz(tmp_path / "a.npz")
    assert arrays["x"][0] == [1, 2] and arrays["x"][1].tolist() == [3, 4]
    assert arrays["y"].tolist() == [0, 1]


def test_object_npz_with_a_gadget_is_refused_and_does_not_run(cache, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    x = np.empty(1, dtype=object)
    x[0] = Gadget(marker)
    path = cache / "datasets" / "imdb.npz"
    np.savez(path, x_train=x, y_train=np.zeros(1, "int64"), x_test=x, y_test=np.zeros(1, "int64"))
    monkeypatch.setattr(imdb, "FILE_HASH", None)
    with pytest.raises(pickle.UnpicklingError, match="Refusing to deserialize"):
        imdb.load_data()
    assert not marker.exists()


def test_numpy_scalars_are_refused_as_in_keras(tmp_path):
    path = tmp_path / "batch"
    path.write_bytes(pickle.dumps({b"labels": [np.int64(3)]}, protocol=4))
    with pytest.raises(pickle.UnpicklingError, match="numpy._core.multiarray.scalar"):
        safe_pickle.load_pickle(path)
