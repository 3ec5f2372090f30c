"""Where the datasets' files are looked for, in order, before anything is downloaded.

1. The Keras cache: `$KERAS_HOME/datasets` or `~/.keras/datasets` (read at call
   time), so a cache filled by Keras itself is reused as is.
2. `$GRADFLOW_DATASETS`: one or more folders (separated by `os.pathsep`), each
   holding the files directly or in a subfolder named after the dataset
   (`$GRADFLOW_DATASETS/mnist/mnist.npz`).
3. The system's dataset folder, `/usr/share/datasets/<name>`, where Debian's
   `dataset-fashion-mnist` package installs the real Fashion-MNIST.

A file with a known hash is used only if it matches. Only when no source has it is
the file downloaded into the cache (never when `GRADFLOW_OFFLINE` is set); if that is
impossible, `DatasetNotFoundError` lists every place looked in and how to get the data.
"""

from __future__ import annotations

import os

from gradflow.keras.utils import file_utils

SOURCES_ENV = "GRADFLOW_DATASETS"
OFFLINE_ENV = "GRADFLOW_OFFLINE"
# Read at call time, so tests (and unusual systems) can point it elsewhere.
SYSTEM_DATASET_DIRS = ["/usr/share/datasets"]


class DatasetNotFoundError(FileNotFoundError):
    """A dataset's files are in no local source and could not be downloaded."""


def is_offline() -> bool:
    """Whether `GRADFLOW_OFFLINE` forbids downloads ("1", "true", "yes" or "on").

    Example:
    >>> import os
    >>> is_offline() == (os.environ.get("GRADFLOW_OFFLINE", "").lower() in
    ...                  ("1", "true", "yes", "on"))
    True
    """
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def cache_dir(cache_subdir: str = "datasets") -> str:
    """The Keras cache folder for datasets (it may not exist yet)."""
    return os.path.join(os.path.expanduser(file_utils.keras_home()), cache_subdir)


def _cache_dirs(cache_subdir: str) -> list[str]:
    """The cache folder, plus `/tmp/.keras/...` where downloads go if it is read-only."""
    dirs = [cache_dir(cache_subdir)]
    root = os.path.expanduser(file_utils.keras_home())
    if os.path.isdir(root) and not os.access(root, os.W_OK):
        dirs.append(os.path.join("/tmp", ".keras", cache_subdir))
    return dirs


def local_dirs(name: str) -> list[str]:
    """The folders after the cache: `$GRADFLOW_DATASETS` entries, then the system's.

    Example:
    >>> SYSTEM_DATASET_DIRS[0] in local_dirs("mnist")[-1]
    True
    """
    dirs = []
    for entry in os.environ.get(SOURCES_ENV, "").split(os.pathsep):
        if entry:
            entry = os.path.expanduser(entry)
            dirs += [os.path.join(entry, name), entry]
    dirs += [os.path.join(root, name) for root in SYSTEM_DATASET_DIRS]
    return dirs


def find_file(name: str, fname: str, file_hash=None, cache_subdir="datasets", looked=None):
    """The first local copy of `fname` that matches `file_hash`, else None.

    Every candidate examined is appended to `looked` as "path (why not used)".
    """
    looked = [] if looked is None else looked
    for directory in _cache_dirs(cache_subdir) + local_dirs(name):
        path = os.path.join(directory, fname)
        if not os.path.isfile(path):
            looked.append(f"{path} (missing)")
        elif file_hash is not None and not file_utils.validate_file(path, file_hash):
            looked.append(f"{path} (found, but its hash is not {file_hash})")
        else:
            return path
    return None


def fetch_file(name, fname, origin, file_hash=None, cache_subdir="datasets", hint=""):
    """A local path to `fname`: from a local source, else downloaded into the cache.

    Args:
        name: The dataset's folder name in `$GRADFLOW_DATASETS` and the system folder.
        fname: The file name (no path separators).
        origin: The URL it is downloaded from.
        file_hash: Its sha256 or md5, or None where Keras has none.
        cache_subdir: Its folder under the Keras cache root.
        hint: One more sentence on how to get the data, for the error.

    Returns:
        The path of a verified copy of the file.

    Raises:
        DatasetNotFoundError: no local copy, and offline or the download failed.
    """
    if os.sep in fname:
        raise ValueError(
            "Paths are no longer accepted as the `fname` argument. To specify the file's "
            f"parent directory, use the `cache_dir` argument. Received: fname={fname}"
        )
    looked = []
    path = find_file(name, fname, file_hash, cache_subdir, looked)
    if path is not None:
        return path
    save_as = os.path.join(cache_dir(cache_subdir), fname)
    if is_offline():
        raise not_found_error(name, looked, origin, file_hash, save_as, None, hint)
    try:
        return file_utils.get_file(fname, origin, file_hash=file_hash, cache_subdir=cache_subdir)
    except (file_utils.DownloadError, ValueError) as e:
        raise not_found_error(name, looked, origin, file_hash, save_as, str(e), hint) from e


def not_found_error(name, looked, origin, file_hash, save_as, reason, hint="", local_name=None):
    """A `DatasetNotFoundError` saying where we looked, why nothing was downloaded, and
    how to get the data (`local_name`: the file's name in a local source)."""
    if not os.environ.get(SOURCES_ENV):
        looked = looked + [f"${SOURCES_ENV} (not set)"]
    places = "\n".join(f"  - {place}" for place in looked)
    if reason is None:
        why = f"Nothing was downloaded because {OFFLINE_ENV} is set."
    else:
        why = f"Downloading it failed: {reason}"
    checksum = "" if file_hash is None else f" (hash {file_hash})"
    how = (
        f"To get the data, download {origin}{checksum} and save it as {save_as}, or put it "
        f"as {local_name or os.path.basename(save_as)} in a folder named by ${SOURCES_ENV} "
        f"(directly or in a '{name}' subfolder)."
    )
    message = f"Could not find the '{name}' dataset. Looked in:\n{places}\n{why}\n{how}"
    if hint:
        message += f" {hint}"
    return DatasetNotFoundError(message)
