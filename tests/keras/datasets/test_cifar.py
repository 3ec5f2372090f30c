"""keras.datasets.cifar10 / cifar100: both cache layouts, archives, download, formats."""

import os
import pickle

import numpy as np
import pytest

from gradflow.keras import backend
from gradflow.keras.datasets import DatasetNotFoundError, cifar10, cifar100
from gradflow.keras.utils import file_utils


def expected_images(members, names):
    data = np.concatenate([members[n][b"data"] for n in names])
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)


def check_cifar10(loaded, members):
    (x_train, y_train), (x_test, y_test) = loaded
    train = cifar10.TRAIN_BATCHES
    assert x_train.shape == (12, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (12, 1) and y_train.dtype == np.uint8
    assert x_test.shape == (3, 32, 32, 3) and y_test.dtype == np.uint8
    np.testing.assert_array_equal(x_train, expected_images(members, train))
    np.testing.assert_array_equal(x_test, expected_images(members, ["test_batch"]))
    labels = [v for n in train for v in members[n][b"labels"]]
    assert y_train[:, 0].tolist() == labels
    assert y_test[:, 0].tolist() == members["test_batch"][b"labels"]


@pytest.mark.parametrize(
    "layout",
    ["cifar-10-batches-py-target/cifar-10-batches-py", "cifar-10-batches-py"],
    ids=["keras3.6+", "legacy"],
)
def test_cifar10_reads_either_cache_layout(cache, fixtures, layout, network_attempts):
    members = fixtures.cifar10_members()
    fixtures.write_cifar_dir(cache / "datasets" / layout, members)
    check_cifar10(cifar10.load_data(), members)


def test_cifar10_channels_first(cache, fixtures):
    members = fixtures.cifar10_members()
    fixtures.write_cifar_dir(cache / "datasets" / "cifar-10-batches-py", members)
    backend.set_image_data_format("channels_first")
    try:
        (x_train, _), (x_test, _) = cifar10.load_data()
    finally:
        backend.set_image_data_format("channels_last")
    assert x_train.shape == (12, 3, 32, 32) and x_test.shape == (3, 3, 32, 32)
    np.testing.assert_array_equal(
        x_train[0, 1].reshape(-1), members["data_batch_1"][b"data"][0, 1024:2048]
    )


def test_cifar10_archive_in_the_cache_is_unpacked_once(cache, fixtures, monkeypatch):
    members = fixtures.cifar10_members()
    archive = fixtures.cifar_tar("cifar-10-batches-py", members)
    (cache / "datasets" / "cifar-10-batches-py-target_archive").write_bytes(archive)
    monkeypatch.setattr(cifar10, "FILE_HASH", fixtures.sha256(archive))
    check_cifar10(cifar10.load_data(), members)
    assert (cache / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py").is_dir()

    def no_second_extraction(*args, **kwargs):
        raise AssertionError("the archive was unpacked again")

    monkeypatch.setattr(file_utils, "extract_archive", no_second_extraction)
    check_cifar10(cifar10.load_data(), members)


def test_cifar10_archive_with_a_wrong_hash_is_not_used(cache, fixtures, monkeypatch):
    archive = fixtures.cifar_tar("cifar-10-batches-py", fixtures.cifar10_members())
    (cache / "datasets" / "cifar-10-batches-py.tar.gz").write_bytes(archive)
    monkeypatch.setenv("GRADFLOW_OFFLINE", "1")
    with pytest.raises(DatasetNotFoundError, match=r"cifar-10-batches-py.tar.gz \(found, but"):
        cifar10.load_data()


def test_cifar10_archive_from_gradflow_datasets(tmp_path, fixtures, monkeypatch, cache):
    members = fixtures.cifar10_members()
    archive = fixtures.cifar_tar("cifar-10-batches-py", members)
    (tmp_path / "mine" / "cifar10").mkdir(parents=True)
    (tmp_path / "mine" / "cifar10" / "cifar-10-python.tar.gz").write_bytes(archive)
    monkeypatch.setenv("GRADFLOW_DATASETS", str(tmp_path / "mine"))
    monkeypatch.setattr(cifar10, "FILE_HASH", fixtures.sha256(archive))
    check_cifar10(cifar10.load_data(), members)


def test_cifar10_download_lands_in_the_keras_layout(cache, fixtures, monkeypatch, fake_server):
    members = fixtures.cifar10_members()
    archive = fixtures.cifar_tar("cifar-10-batches-py", members)
    fake_server.files[cifar10.ORIGIN] = archive
    monkeypatch.setattr(cifar10, "FILE_HASH", fixtures.sha256(archive))
    check_cifar10(cifar10.load_data(), members)
    assert fake_server.requests == [cifar10.ORIGIN]
    datasets = cache / "datasets"
    assert (datasets / "cifar-10-batches-py-target_archive").read_bytes() == archive
    assert (
        datasets / "cifar-10-batches-py-target" / "cifar-10-batches-py" / "test_batch"
    ).is_file()


def test_cifar10_offline_error(monkeypatch):
    monkeypatch.setenv("GRADFLOW_OFFLINE", "1")
    with pytest.raises(DatasetNotFoundError, match="cifar-10-python.tar.gz in a folder named"):
        cifar10.load_data()


def test_cifar_batch_with_a_code_gadget_is_refused(cache, fixtures, tmp_path):
    members = fixtures.cifar10_members()
    folder = cache / "datasets" / "cifar-10-batches-py"
    fixtures.write_cifar_dir(folder, members)
    marker = tmp_path / "pwned"

    class Gadget:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    (folder / "data_batch_3").write_bytes(pickle.dumps({b"data": Gadget()}, protocol=4))
    with pytest.raises(pickle.UnpicklingError, match="Refusing to deserialize `io.open`"):
        cifar10.load_data()
    assert not marker.exists()


@pytest.mark.parametrize(
    "label_mode, key", [("fine", b"fine_labels"), ("coarse", b"coarse_labels")]
)
def test_cifar100_label_modes(cache, fixtures, label_mode, key):
    members = fixtures.cifar100_members()
    fixtures.write_cifar_dir(
        cache / "datasets" / "cifar-100-python-target" / "cifar-100-python", members
    )
    (x_train, y_train), (x_test, y_test) = cifar100.load_data(label_mode=label_mode)
    assert x_train.shape == (5, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (5, 1) and y_train.dtype == np.int64  # int64, unlike cifar10
    assert y_train[:, 0].tolist() == members["train"][key]
    assert y_test[:, 0].tolist() == members["test"][key]
    np.testing.assert_array_equal(x_test, expected_images(members, ["test"]))


def test_cifar100_bad_label_mode_fails_before_any_lookup(network_attempts):
    with pytest.raises(ValueError, match="Received: label_mode=medium"):
        cifar100.load_data(label_mode="medium")


def test_cifar100_archive_download(cache, fixtures, monkeypatch, fake_server):
    members = fixtures.cifar100_members()
    archive = fixtures.cifar_tar("cifar-100-python", members)
    fake_server.files[cifar100.ORIGIN] = archive
    monkeypatch.setattr(cifar100, "FILE_HASH", fixtures.sha256(archive))
    (_, y_train), _ = cifar100.load_data("coarse")
    assert y_train[:, 0].tolist() == members["train"][b"coarse_labels"]
    assert os.path.isdir(cache / "datasets" / "cifar-100-python-target" / "cifar-100-python")
