"""keras.utils.get_file: download a file once into the Keras cache, check it, unpack it.

The cache is Keras's own (`$KERAS_HOME`, else `~/.keras`, read at call time), with the
same layout, so files Keras downloaded are reused. Unlike Keras, a download is written
to a temporary file beside the target, checked against the hash, then renamed into
place: a failed or corrupt download never deletes or damages a file already cached.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import warnings
import zipfile

from gradflow.keras.utils.progbar import Progbar

_CHUNK_SIZE = 1 << 16
_TIMEOUT_S = 60  # per blocking socket operation, so a dead server cannot hang forever


class DownloadError(ConnectionError):
    """A download failed: `URL fetch failure on <url>: <code or errno> -- <reason>`."""


def keras_home() -> str:
    """The Keras cache root: `$KERAS_HOME`, else `~/.keras` (`/tmp/.keras` if home is
    read-only). Read at call time, so setting the variable later takes effect.

    Example:
    >>> keras_home().endswith(".keras") or "KERAS_HOME" in os.environ
    True
    """
    if "KERAS_HOME" in os.environ:
        return os.environ["KERAS_HOME"]
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return os.path.join(base, ".keras")


def writable_cache_root(cache_dir: str | None = None) -> str:
    """`cache_dir` (default `keras_home()`), created if missing; `<tmp>/.keras` when it
    cannot be written, as Keras does."""
    root = os.path.expanduser(keras_home() if cache_dir is None else path_to_string(cache_dir))
    try:
        os.makedirs(root, exist_ok=True)
    except OSError:
        pass
    if not os.access(root, os.W_OK):
        root = os.path.join("/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir(), ".keras")
    return root


def path_to_string(path):
    """A `PathLike` as a string; anything else unchanged.

    Example:
    >>> import pathlib
    >>> path_to_string(pathlib.PurePosixPath("a/b"))
    'a/b'
    """
    if isinstance(path, os.PathLike):
        return os.fspath(path)
    return path


def resolve_hasher(algorithm: str, file_hash: str | None = None):
    """A hashlib object: sha256 for "sha256" or a 64-hex hash under "auto", else md5."""
    if algorithm == "sha256":
        return hashlib.sha256()
    if algorithm == "auto" and file_hash is not None and len(file_hash) == 64:
        return hashlib.sha256()
    return hashlib.md5()  # Keras's legacy md5 hashes: integrity, not security


def hash_file(fpath, algorithm="sha256", chunk_size=65535) -> str:
    """The hex digest of a file.

    Args:
        fpath: Path to the file.
        algorithm: "sha256", "md5" or "auto" (sha256), or a hashlib object.
        chunk_size: Bytes to read at a time.

    Returns:
        The file hash.

    Example:
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as f:
    ...     hash_file(f.name)[:12]
    'e3b0c44298fc'
    """
    hasher = resolve_hasher(algorithm) if isinstance(algorithm, str) else algorithm
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=65535) -> bool:
    """Whether a file's sha256 or md5 hash equals `file_hash`.

    Args:
        fpath: Path to the file being validated.
        file_hash: The expected hash string (64 hex digits: sha256; else md5).
        algorithm: "auto", "sha256" or "md5".
        chunk_size: Bytes to read at a time.

    Returns:
        Boolean, whether the file is valid.

    Example:
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as f:
    ...     validate_file(f.name, "d41d8cd98f00b204e9800998ecf8427e")
    True
    """
    hasher = resolve_hasher(algorithm, file_hash)
    return str(hash_file(fpath, hasher, chunk_size)) == str(file_hash)


def _resolve_inside(base_dir: str, relative: str) -> str | None:
    """The real path of `base_dir/relative` if it stays inside `base_dir`, else None."""
    path = os.path.realpath(os.path.join(base_dir, relative))
    try:
        return path if os.path.commonpath([path, base_dir]) == base_dir else None
    except ValueError:
        return None


def _safe_tar_members(archive: tarfile.TarFile, base_dir: str):
    """Members whose path (and link target) stays inside `base_dir`; others are skipped."""
    base_dir = os.path.realpath(base_dir)
    for info in archive:
        destination = _resolve_inside(base_dir, info.name)
        if info.islnk():
            safe = destination is not None and _resolve_inside(base_dir, info.linkname)
        elif info.issym():
            safe = destination is not None and _resolve_inside(
                base_dir, os.path.join(os.path.dirname(destination), info.linkname)
            )
        else:
            safe = destination is not None
        if safe:
            yield info
        else:
            warnings.warn(
                f"Skipping invalid path during archive extraction: '{info.name}'.", stacklevel=3
            )


def _safe_zip_members(archive: zipfile.ZipFile, base_dir: str):
    base_dir = os.path.realpath(base_dir)
    for info in archive.infolist():
        if _resolve_inside(base_dir, info.filename) is not None:
            yield info
        else:
            warnings.warn(
                f"Skipping invalid path during archive extraction: '{info.filename}'.",
                stacklevel=3,
            )


def _extract_open_archive(archive, path: str) -> None:
    if isinstance(archive, zipfile.ZipFile):
        archive.extractall(path, members=_safe_zip_members(archive, path))
        return
    kwargs = {}
    # The tar "data" filter exists from Python 3.12 (3.10.12/3.11.4 backports).
    if "filter" in inspect.signature(archive.extractall).parameters:
        kwargs = {"filter": "data"}
    archive.extractall(path, members=_safe_tar_members(archive, path), **kwargs)


def extract_archive(file_path, path=".", archive_format="auto") -> bool:
    """Extracts a tar (.tar, .tar.gz, .tar.bz2) or zip archive into `path`.

    Members that would land outside `path` (absolute paths, `..`, links pointing
    out) are skipped with a warning. The archive is unpacked into a temporary sibling
    directory that replaces `path` only when complete.

    Args:
        file_path: Path to the archive file.
        path: Where to extract the archive file.
        archive_format: "auto" (tar, then zip), "tar", "zip", a list of those, or
            None (extract nothing).

    Returns:
        True if a format matched and the archive was extracted, False otherwise.

    Example:
    >>> extract_archive(__file__, "/nonexistent/never-created")
    False
    """
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    file_path, path = path_to_string(file_path), path_to_string(path)
    for archive_type in archive_format:
        if archive_type == "tar":
            open_fn, is_match = tarfile.open, tarfile.is_tarfile
        elif archive_type == "zip":
            open_fn, is_match = zipfile.ZipFile, zipfile.is_zipfile
        else:
            raise ValueError(
                "`archive_format` must be 'auto', 'tar', 'zip', a list of those or None. "
                f"Received: archive_format={archive_type!r}"
            )
        if is_match(file_path):
            _extract_atomically(open_fn, file_path, path)
            return True
    return False


def _extract_atomically(open_fn, file_path: str, path: str) -> None:
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f".{os.path.basename(path)}.", dir=parent)
    try:
        with open_fn(file_path) as archive:
            _extract_open_archive(archive, staging)
        if os.path.exists(path):
            old = tempfile.mkdtemp(prefix=f".{os.path.basename(path)}.old.", dir=parent)
            os.replace(path, os.path.join(old, "x"))
            os.replace(staging, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, path)
    finally:
        if os.path.exists(staging):
            shutil.rmtree(staging, ignore_errors=True)


def download(origin: str, target: str, file_hash=None, hash_algorithm="auto") -> None:
    """Fetch `origin` into `target` with a progress bar; check the hash; rename.

    The bytes go to a temporary file in `target`'s directory, which replaces `target`
    only after the whole file arrived and matched `file_hash`; on any failure it is
    removed and `target` (if it existed) is untouched.

    Raises:
        DownloadError: the URL could not be fetched.
        ValueError: the downloaded file does not match `file_hash`.
    """
    directory = os.path.dirname(os.path.abspath(target))
    fd, partial = tempfile.mkstemp(
        prefix=f".{os.path.basename(target)}.", suffix=".part", dir=directory
    )
    try:
        with os.fdopen(fd, "wb") as out:
            _stream(origin, out)
        if file_hash is not None and not validate_file(partial, file_hash, hash_algorithm):
            raise ValueError(
                f"Incomplete or corrupted file detected. The {hash_algorithm} file hash "
                f"does not match the provided value of {file_hash}."
            )
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _stream(origin: str, out) -> None:
    """Copy the response body of `origin` into `out`, drawing a Progbar of bytes."""
    message = "URL fetch failure on {}: {} -- {}"
    try:
        with urllib.request.urlopen(origin, timeout=_TIMEOUT_S) as response:
            length = response.headers.get("Content-Length") if response.headers else None
            total = int(length) if length else None
            progbar = Progbar(total)
            done = 0
            while chunk := response.read(_CHUNK_SIZE):
                out.write(chunk)
                done += len(chunk)
                if total is None or done < total:
                    progbar.update(done)
            progbar.update(done, finalize=True)
    except urllib.error.HTTPError as e:
        raise DownloadError(message.format(origin, e.code, e.msg)) from e
    except urllib.error.URLError as e:
        raise DownloadError(message.format(origin, e.errno, e.reason)) from e
    except (ConnectionError, TimeoutError) as e:
        raise DownloadError(message.format(origin, e.errno, e)) from e


def _targets(datadir, fname, provided_fname, extract):
    """(download_target, extraction_dir or None), in Keras 3.6+'s cache layout."""
    if not extract:
        return os.path.join(datadir, fname), None
    if provided_fname and "." in fname:
        stem = fname[: fname.find(".")]
        return os.path.join(datadir, fname), os.path.join(datadir, f"{stem}_extracted")
    return os.path.join(datadir, f"{fname}_archive"), os.path.join(datadir, fname)


def get_file(
    fname=None,
    origin=None,
    untar=False,
    md5_hash=None,
    file_hash=None,
    cache_subdir="datasets",
    hash_algorithm="auto",
    extract=False,
    archive_format="auto",
    cache_dir=None,
    force_download=False,
):
    """Downloads a file from a URL if it is not already in the cache.

    The file lands in `<cache_dir>/<cache_subdir>/<fname>` (by default
    `~/.keras/datasets/`, or `$KERAS_HOME/datasets/`). A cached file is re-downloaded
    only if it fails the given hash. With `extract=True` an archive is saved as
    `<fname>_archive` (or as `fname` if it has a dot) and unpacked into
    `<fname>/` (or `<fname up to the first dot>_extracted/`). Unlike Keras, the archive
    is unpacked again only when it was (re)downloaded or the directory is missing.

    Args:
        fname: Local file name; defaults to the last part of the URL path. Must not
            contain a path separator (use `cache_dir`).
        origin: Original URL of the file.
        untar: Deprecated in favor of `extract`: whether to extract a tar archive.
        md5_hash: Deprecated in favor of `file_hash`: md5 hash of the file.
        file_hash: The expected sha256 or md5 hash of the file.
        cache_subdir: Subdirectory of the cache dir; an absolute path is used as is.
        hash_algorithm: "md5", "sha256" or "auto" (detected from the hash length).
        extract: Whether to extract the archive (tar or zip).
        archive_format: "auto", "tar", "zip", or None.
        cache_dir: Cache location; defaults to `$KERAS_HOME` or `~/.keras`.
        force_download: Whether to download the file even if it is cached.

    Returns:
        Path to the downloaded file, or to the extraction directory.

    Example:
    >>> get_file(origin=None)
    Traceback (most recent call last):
    ...
    ValueError: Please specify the "origin" argument (URL of the file to download).
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    datadir = os.path.join(writable_cache_root(cache_dir), cache_subdir)
    os.makedirs(datadir, exist_ok=True)

    provided_fname = fname
    fname = path_to_string(fname)
    if not fname:
        fname = os.path.basename(urllib.parse.urlsplit(origin).path)
        if not fname:
            raise ValueError(
                f"Can't parse the file name from the origin provided: '{origin}'."
                "Please specify the `fname` argument."
            )
    elif os.sep in fname:
        raise ValueError(
            "Paths are no longer accepted as the `fname` argument. To specify the file's "
            f"parent directory, use the `cache_dir` argument. Received: fname={fname}"
        )
    download_target, extraction_dir = _targets(datadir, fname, provided_fname, extract or untar)

    needs_download = force_download or not os.path.exists(download_target)
    if not needs_download and file_hash is not None:
        if not validate_file(download_target, file_hash, algorithm=hash_algorithm):
            print(
                "A local file was found, but it seems to be incomplete or outdated because "
                f"the {hash_algorithm} file hash does not match the original value of "
                f"{file_hash} so we will re-download the data."
            )
            needs_download = True
    if needs_download:
        print(f"Downloading data from {origin}")
        download(origin, download_target, file_hash, hash_algorithm)

    if extraction_dir is None:
        return download_target
    if needs_download or not os.path.isdir(extraction_dir):
        if not extract_archive(download_target, extraction_dir, "tar" if untar else archive_format):
            warnings.warn("Could not extract archive.", stacklevel=2)
    return extraction_dir
