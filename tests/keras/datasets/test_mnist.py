"""keras.datasets.mnist, and the lookup order every loader shares: the Keras cache,
$GRADFLOW_DATASETS, the system folder, then a download that never harms the cache."""

import os

import numpy as np
import pytest

from gradflow.keras.datasets import DatasetNotFoundError, mnist


@pytest.fixture
def mnist_hash(tmp_path, fixtures, monkeypatch):
    """Arrays and bytes of a valid fixture; mnist.FILE_HASH is set to its sha256."""
    path = tmp_path / "good_mnist.npz"
    arrays = fixtures.write_mnist(path)
    data = path.read_bytes()
    monkeypatch.setattr(mnist, "FILE_HASH", fixtures.sha256(data))
    return arrays, data


def check(loaded, arrays):
    (x_train, y_train), (x_test, y_test) = loaded
    assert x_train.shape == (6, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (6,) and y_train.dtype == np.uint8
    for name, value in zip(
        ("x_train", "y_train", "x_test", "y_test"), (x_train, y_train, x_test, y_test)
    ):
        np.testing.assert_array_equal(value, arrays[name])


def test_reads_the_keras_cache(cache, mnist_hash, network_attempts):
    arrays, data = mnist_hash
    (cache / "datasets" / "mnist.npz").write_bytes(data)
    check(mnist.load_data(), arrays)


def test_path_is_a_file_name_in_the_cache(cache, mnist_hash):
    arrays, data = mnist_hash
    (cache / "datasets" / "digits.npz").write_bytes(data)
    check(mnist.load_data(path="digits.npz"), arrays)


def test_path_with_a_separator_is_refused():
    with pytest.raises(ValueError, match="Paths are no longer accepted"):
        mnist.load_data(path=os.path.join("sub", "mnist.npz"))


@pytest.mark.parametrize("subfolder", ["", "mnist"])
def test_reads_gradflow_datasets(tmp_path, mnist_hash, monkeypatch, subfolder):
    arrays, data = mnist_hash
    folder = tmp_path / "mine" / subfolder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mnist.npz").write_bytes(data)
    monkeypatch.setenv(
        "GRADFLOW_DATASETS", os.pathsep.join(["/nonexistent", str(tmp_path / "mine")])
    )
    check(mnist.load_data(), arrays)


def test_reads_the_system_folder(system_dir, mnist_hash):
    arrays, data = mnist_hash
    (system_dir / "mnist").mkdir()
    (system_dir / "mnist" / "mnist.npz").write_bytes(data)
    check(mnist.load_data(), arrays)


def test_offline_error_says_where_it_looked_and_how_to_get_the_data(cache, monkeypatch):
    monkeypatch.setenv("GRADFLOW_OFFLINE", "1")
    with pytest.raises(DatasetNotFoundError) as info:
        mnist.load_data()
    message = str(info.value)
    assert str(cache / "datasets" / "mnist.npz") + " (missing)" in message
    assert "$GRADFLOW_DATASETS (not set)" in message
    assert "GRADFLOW_OFFLINE is set" in message
    assert mnist.ORIGIN in message and "save it as" in message


def test_stale_cached_file_is_kept_when_the_download_fails(cache, mnist_hash, fake_server):
    stale = cache / "datasets" / "mnist.npz"
    stale.write_bytes(b"not the right bytes")
    with pytest.raises(DatasetNotFoundError, match="URL fetch failure on .*: 404 -- Not Found"):
        mnist.load_data()
    assert stale.read_bytes() == b"not the right bytes"  # Keras would have deleted it
    assert fake_server.requests == [mnist.ORIGIN]
    assert sorted(os.listdir(cache / "datasets")) == ["mnist.npz"]  # no partial file left


def test_stale_cached_file_is_replaced_by_a_good_download(cache, mnist_hash, fake_server):
    arrays, data = mnist_hash
    (cache / "datasets" / "mnist.npz").write_bytes(b"stale")
    fake_server.files[mnist.ORIGIN] = data
    check(mnist.load_data(), arrays)
    assert (cache / "datasets" / "mnist.npz").read_bytes() == data
    check(mnist.load_data(), arrays)  # now served from the cache
    assert fake_server.requests == [mnist.ORIGIN]


def test_corrupt_download_is_refused_and_not_cached(cache, mnist_hash, fake_server):
    fake_server.files[mnist.ORIGIN] = b"truncated"
    with pytest.raises(DatasetNotFoundError, match="Incomplete or corrupted file"):
        mnist.load_data()
    assert os.listdir(cache / "datasets") == []
