"""Shared set-up for the dataset tests: an isolated cache, no network, fixture writers.

Every test here runs with `KERAS_HOME` in a temp dir, no `$GRADFLOW_DATASETS`, the
system dataset folder pointed at an empty temp dir, and the network cut off: any
attempt to open a socket or a URL is recorded and fails the test at teardown, even if
the code under test swallowed the error.
"""

import gzip
import hashlib
import io
import pickle
import socket
import struct
import tarfile
import types
import urllib.error
import urllib.request

import numpy as np
import pytest

from gradflow.keras.datasets import local_sources


@pytest.fixture(autouse=True)
def network_attempts(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request, "urlretrieve", refuse)
    yield attempts
    assert attempts == [], f"a test tried to reach the network: {attempts}"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """The Keras cache root (`$KERAS_HOME`); its `datasets/` folder is created."""
    root = tmp_path / "keras_home"
    (root / "datasets").mkdir(parents=True)
    monkeypatch.setenv("KERAS_HOME", str(root))
    monkeypatch.delenv("GRADFLOW_DATASETS", raising=False)
    monkeypatch.delenv("GRADFLOW_OFFLINE", raising=False)
    system = tmp_path / "system_datasets"
    system.mkdir()
    monkeypatch.setattr(local_sources, "SYSTEM_DATASET_DIRS", [str(system)])
    return root


@pytest.fixture
def system_dir(cache, tmp_path):
    return tmp_path / "system_datasets"


class FakeResponse(io.BytesIO):
    """What `urllib.request.urlopen` returns, serving fixed bytes."""

    def __init__(self, payload, length=True):
        super().__init__(payload)
        self.headers = {"Content-Length": str(len(payload))} if length else {}


@pytest.fixture
def fake_server(monkeypatch):
    """Serve {url: bytes} through a fake urlopen; records the URLs requested."""
    served = types.SimpleNamespace(files={}, requests=[])

    def urlopen(url, timeout=None):
        served.requests.append(url)
        if url not in served.files:
            raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)
        return FakeResponse(served.files[url])

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return served


def object_array(seqs):
    """A 1-D object array of Python-int lists (np.array could collapse equal lengths)."""
    array = np.empty(len(seqs), dtype=object)
    for i, seq in enumerate(seqs):
        array[i] = [int(w) for w in seq]
    return array


def write_mnist(path, n_train=6, n_test=4, seed=0):
    rng = np.random.RandomState(seed)
    arrays = {
        "x_train": rng.randint(0, 256, (n_train, 28, 28)).astype("uint8"),
        "y_train": rng.randint(0, 10, n_train).astype("uint8"),
        "x_test": rng.randint(0, 256, (n_test, 28, 28)).astype("uint8"),
        "y_test": rng.randint(0, 10, n_test).astype("uint8"),
    }
    np.savez_compressed(path, **arrays)
    return arrays


def idx_labels(labels):
    return gzip.compress(struct.pack(">II", 2049, len(labels)) + labels.tobytes())


def idx_images(images):
    n, rows, cols = images.shape
    return gzip.compress(struct.pack(">IIII", 2051, n, rows, cols) + images.tobytes())


def write_fashion(folder, n_train=5, n_test=3, seed=0):
    rng = np.random.RandomState(seed)
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {
        "y_train": rng.randint(0, 10, n_train).astype("uint8"),
        "x_train": rng.randint(0, 256, (n_train, 28, 28)).astype("uint8"),
        "y_test": rng.randint(0, 10, n_test).astype("uint8"),
        "x_test": rng.randint(0, 256, (n_test, 28, 28)).astype("uint8"),
    }
    (folder / "train-labels-idx1-ubyte.gz").write_bytes(idx_labels(arrays["y_train"]))
    (folder / "train-images-idx3-ubyte.gz").write_bytes(idx_images(arrays["x_train"]))
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(idx_labels(arrays["y_test"]))
    (folder / "t10k-images-idx3-ubyte.gz").write_bytes(idx_images(arrays["x_test"]))
    return arrays


def cifar_batch(n, rng, label_keys=("labels",), label_high=(10,)):
    """A CIFAR batch dict as the real files have it: bytes keys, int lists."""
    batch = {
        b"batch_label": b"fixture batch",
        b"data": rng.randint(0, 256, (n, 3072)).astype("uint8"),
        b"filenames": [f"img_{i}.png".encode() for i in range(n)],
    }
    for key, high in zip(label_keys, label_high):
        batch[key.encode()] = [int(v) for v in rng.randint(0, high, n)]
    return batch


def cifar10_members(rows=(3, 2, 4, 1, 2), test_rows=3, seed=0):
    rng = np.random.RandomState(seed)
    members = {f"data_batch_{i + 1}": cifar_batch(n, rng) for i, n in enumerate(rows)}
    members["test_batch"] = cifar_batch(test_rows, rng)
    return members


def cifar100_members(n_train=5, n_test=3, seed=0):
    rng = np.random.RandomState(seed)
    keys, highs = ("fine_labels", "coarse_labels"), (100, 20)
    return {
        "train": cifar_batch(n_train, rng, keys, highs),
        "test": cifar_batch(n_test, rng, keys, highs),
    }


def write_cifar_dir(folder, members):
    folder.mkdir(parents=True, exist_ok=True)
    for name, batch in members.items():
        (folder / name).write_bytes(pickle.dumps(batch, protocol=4))


def cifar_tar(inner, members):
    """A tar.gz holding `inner/<member>` pickles, as the real archive does."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, batch in members.items():
            data = pickle.dumps(batch, protocol=4)
            info = tarfile.TarInfo(f"{inner}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def fixtures():
    """The fixture writers, as one namespace."""
    return types.SimpleNamespace(
        object_array=object_array,
        write_mnist=write_mnist,
        write_fashion=write_fashion,
        idx_labels=idx_labels,
        idx_images=idx_images,
        cifar10_members=cifar10_members,
        cifar100_members=cifar100_members,
        write_cifar_dir=write_cifar_dir,
        cifar_tar=cifar_tar,
        sha256=sha256,
        FakeResponse=FakeResponse,
    )
