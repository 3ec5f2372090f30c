"""keras.datasets.fashion_mnist: the four IDX files, from the cache or the system
folder where Debian's `dataset-fashion-mnist` puts the real data."""

import os

import numpy as np
import pytest

from gradflow.keras.datasets import DatasetNotFoundError, fashion_mnist, local_sources

DEBIAN_DIR = "/usr/share/datasets"


def check(loaded, arrays):
    (x_train, y_train), (x_test, y_test) = loaded
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    np.testing.assert_array_equal(x_train, arrays["x_train"])
    np.testing.assert_array_equal(y_train, arrays["y_train"])
    np.testing.assert_array_equal(x_test, arrays["x_test"])
    np.testing.assert_array_equal(y_test, arrays["y_test"])


def test_reads_the_keras_cache_layout(cache, fixtures, network_attempts):
    arrays = fixtures.write_fashion(cache / "datasets" / "fashion-mnist")
    check(fashion_mnist.load_data(), arrays)


def test_reads_the_system_folder(system_dir, fixtures):
    arrays = fixtures.write_fashion(system_dir / "fashion-mnist")
    check(fashion_mnist.load_data(), arrays)


def test_bad_magic_number_is_an_error(cache, fixtures):
    folder = cache / "datasets" / "fashion-mnist"
    fixtures.write_fashion(folder)
    images = np.zeros((5, 28, 28), "uint8")
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(fixtures.idx_images(images))
    with pytest.raises(ValueError, match="is not an IDX label file: expected magic 2049"):
        fashion_mnist.load_data()


def test_images_that_do_not_match_the_labels_are_an_error(cache, fixtures):
    folder = cache / "datasets" / "fashion-mnist"
    fixtures.write_fashion(folder, n_train=5)
    images = np.zeros((4, 28, 28), "uint8")
    (folder / "train-images-idx3-ubyte.gz").write_bytes(fixtures.idx_images(images))
    with pytest.raises(ValueError, match="is not an IDX file of 5 28x28 images"):
        fashion_mnist.load_data()


def test_offline_error_mentions_the_debian_package(monkeypatch):
    monkeypatch.setenv("GRADFLOW_OFFLINE", "1")
    with pytest.raises(DatasetNotFoundError, match="apt-get install dataset-fashion-mnist"):
        fashion_mnist.load_data()


@pytest.mark.skipif(
    not os.path.isdir(os.path.join(DEBIAN_DIR, "fashion-mnist")),
    reason="Debian's dataset-fashion-mnist is not installed",
)
def test_real_fashion_mnist_from_debian(monkeypatch):
    monkeypatch.setattr(local_sources, "SYSTEM_DATASET_DIRS", [DEBIAN_DIR])
    monkeypatch.setenv("GRADFLOW_OFFLINE", "1")
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert abs(float(x_train.mean()) - 72.94) < 0.01
