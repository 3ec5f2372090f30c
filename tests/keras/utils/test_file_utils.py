"""keras.utils.get_file: Keras's cache layout and arguments; downloads that are
atomic and hash-checked; safe extraction. No test reaches the network."""

import hashlib
import io
import os
import socket
import tarfile
import types
import urllib.error
import urllib.request
import zipfile

import pytest

from gradflow.keras.utils import file_utils
from gradflow.keras.utils.file_utils import DownloadError, get_file

URL = "https://example.invalid/files/data.bin"
PAYLOAD = b"gradflow test payload " * 1000
SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()


@pytest.fixture(autouse=True)
def network_attempts(monkeypatch, tmp_path):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("test tried to use the network")

    for module, name in [
        (socket.socket, "connect"),
        (socket, "create_connection"),
        (socket, "getaddrinfo"),
        (urllib.request, "urlopen"),
    ]:
        monkeypatch.setattr(module, name, refuse)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    yield attempts
    assert attempts == [], f"a test tried to reach the network: {attempts}"


class FakeResponse(io.BytesIO):
    def __init__(self, payload, with_length=True):
        super().__init__(payload)
        self.headers = {"Content-Length": str(len(payload))} if with_length else {}


@pytest.fixture
def server(monkeypatch):
    served = types.SimpleNamespace(files={URL: PAYLOAD}, requests=[], with_length=True)

    def urlopen(url, timeout=None):
        served.requests.append(url)
        if url not in served.files:
            raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))
        return FakeResponse(served.files[url], served.with_length)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return served


def test_downloads_into_keras_home_datasets(tmp_path, server, capsys):
    path = get_file(origin=URL, file_hash=SHA256)
    assert path == str(tmp_path / "keras_home" / "datasets" / "data.bin")
    assert open(path, "rb").read() == PAYLOAD
    out = capsys.readouterr().out
    assert f"Downloading data from {URL}" in out
    assert "22000/22000" in out and "━" * 20 in out
    assert get_file(origin=URL, file_hash=SHA256) == path
    assert server.requests == [URL]  # the second call used the cache


def test_unknown_size_download_still_finishes(tmp_path, server):
    server.with_length = False
    path = get_file("x.bin", URL, cache_dir=tmp_path / "c", cache_subdir="sub")
    assert path == str(tmp_path / "c" / "sub" / "x.bin")
    assert open(path, "rb").read() == PAYLOAD


def test_md5_hash_and_force_download(tmp_path, server):
    path = get_file("d.bin", URL, md5_hash=MD5, cache_dir=tmp_path)
    get_file("d.bin", URL, md5_hash=MD5, cache_dir=tmp_path, force_download=True)
    assert server.requests == [URL, URL] and open(path, "rb").read() == PAYLOAD


def test_wrong_hash_after_download_leaves_nothing(tmp_path, server):
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        get_file("d.bin", URL, file_hash="0" * 64, cache_dir=tmp_path)
    assert os.listdir(tmp_path / "datasets") == []


def test_failed_download_keeps_the_cached_file(tmp_path, server):
    cached = tmp_path / "datasets" / "gone.bin"
    cached.parent.mkdir()
    cached.write_bytes(b"old but precious")
    with pytest.raises(
        DownloadError, match="URL fetch failure on .*gone.bin: None -- .*Connection refused"
    ):
        get_file("gone.bin", URL.replace("data", "gone"), file_hash=SHA256, cache_dir=tmp_path)
    assert cached.read_bytes() == b"old but precious"
    assert os.listdir(cached.parent) == ["gone.bin"]


def test_http_error_message(tmp_path, monkeypatch):
    def not_found(url, timeout=None):
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    monkeypatch.setattr(urllib.request, "urlopen", not_found)
    with pytest.raises(DownloadError, match=f"URL fetch failure on {URL}: 404 -- Not Found"):
        get_file(origin=URL, cache_dir=tmp_path)


def test_outdated_cached_file_is_replaced(tmp_path, server, capsys):
    cached = tmp_path / "datasets" / "data.bin"
    cached.parent.mkdir()
    cached.write_bytes(b"outdated")
    get_file(origin=URL, file_hash=SHA256, cache_dir=tmp_path)
    assert cached.read_bytes() == PAYLOAD
    assert "does not match the original value" in capsys.readouterr().out


def test_keras_home_is_read_at_call_time(tmp_path, monkeypatch, server):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "later"))
    assert get_file(origin=URL).startswith(str(tmp_path / "later"))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"origin": None}, 'Please specify the "origin" argument'),
        ({"fname": os.path.join("a", "b"), "origin": URL}, "Paths are no longer accepted"),
        ({"origin": "https://example.invalid/"}, "Can't parse the file name"),
    ],
)
def test_argument_errors(kwargs, message, tmp_path):
    with pytest.raises(ValueError, match=message):
        get_file(cache_dir=tmp_path, **kwargs)


def tar_bytes(members, mode="w:gz"):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            if data is None:  # a symlink pointing out of the folder
                info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
                tar.addfile(info)
                continue
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_extract_without_a_dot_uses_archive_suffix(tmp_path, server):
    server.files[URL] = tar_bytes({"pkg/a.txt": b"A"})
    path = get_file("pkg", URL, extract=True, cache_dir=tmp_path)
    assert path == str(tmp_path / "datasets" / "pkg")
    assert (tmp_path / "datasets" / "pkg_archive").is_file()
    assert (tmp_path / "datasets" / "pkg" / "pkg" / "a.txt").read_bytes() == b"A"


def test_extract_with_a_dot_uses_extracted_suffix(tmp_path, server):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("inner/b.txt", "B")
    server.files[URL] = buffer.getvalue()
    path = get_file("thing.zip", URL, extract=True, cache_dir=tmp_path)
    assert path == str(tmp_path / "datasets" / "thing_extracted")
    assert (tmp_path / "datasets" / "thing_extracted" / "inner" / "b.txt").read_text() == "B"


def test_untar(tmp_path, server):
    server.files[URL] = tar_bytes({"c.txt": b"C"}, mode="w")
    path = get_file("untarred", URL, untar=True, cache_dir=tmp_path)
    assert open(os.path.join(path, "c.txt"), "rb").read() == b"C"


def test_unsafe_members_are_skipped(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    archive.write_bytes(
        tar_bytes({"ok.txt": b"fine", "../escape.txt": b"x", "/abs.txt": b"x", "link": None})
    )
    target = tmp_path / "out"
    with pytest.warns(UserWarning, match="Skipping invalid path"):
        assert file_utils.extract_archive(archive, target)
    assert sorted(os.listdir(target)) == ["ok.txt"]
    assert not (tmp_path / "escape.txt").exists()


def test_not_an_archive(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("just text")
    assert file_utils.extract_archive(plain, tmp_path / "out") is False
    assert not (tmp_path / "out").exists()


def test_hashes(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(PAYLOAD)
    assert file_utils.hash_file(path) == SHA256
    assert file_utils.hash_file(path, "md5") == MD5
    assert file_utils.validate_file(path, SHA256) and file_utils.validate_file(path, MD5)
    assert not file_utils.validate_file(path, MD5, algorithm="sha256")
