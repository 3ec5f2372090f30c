"""What CIFAR-10 and CIFAR-100 share: finding the unpacked batches, reading a batch."""

from __future__ import annotations

import os

import numpy as np

from gradflow.keras import backend
from gradflow.keras.datasets import local_sources, safe_pickle
from gradflow.keras.utils import file_utils


def load_batch(fpath, label_key="labels"):
    """One CIFAR batch file: `(data (N, 3, 32, 32) uint8, labels list)`.

    Reads the Python 2 pickle with the restricted unpickler; keys may be bytes (the
    real files) or str.
    """
    batch = safe_pickle.load_pickle(fpath, encoding="bytes")
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    data = batch["data"]
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]


def find_batches(name, inner, members, origin, file_hash, archive_name):
    """The folder holding the unpacked `inner/` batches, downloading if needed.

    Looked for, in order: Keras 3.6+'s cache layout (`<inner>-target/<inner>/`),
    the tf.keras / Keras <= 3.5 layout (`<inner>/`), then `$GRADFLOW_DATASETS` and the
    system folder; then archives (Keras's `<inner>-target_archive`, the legacy
    `<inner>.tar.gz`, or `archive_name` in a local source), which are checked and
    unpacked once into the cache; then the download.
    """
    cache = local_sources.cache_dir()
    target = f"{inner}-target"
    looked = []
    for folder in [os.path.join(cache, target, inner), os.path.join(cache, inner)] + [
        os.path.join(d, inner) for d in local_sources.local_dirs(name)
    ]:
        if all(os.path.isfile(os.path.join(folder, m)) for m in members):
            return folder
        looked.append(f"{folder}{os.sep} (missing or incomplete)")
    archives = [os.path.join(cache, f"{target}_archive"), os.path.join(cache, f"{inner}.tar.gz")]
    archives += [os.path.join(d, archive_name) for d in local_sources.local_dirs(name)]
    for archive in archives:
        if not os.path.isfile(archive):
            looked.append(f"{archive} (missing)")
        elif not file_utils.validate_file(archive, file_hash):
            looked.append(f"{archive} (found, but its hash is not {file_hash})")
        else:
            destination = os.path.join(file_utils.writable_cache_root(), "datasets", target)
            file_utils.extract_archive(archive, destination)
            folder = os.path.join(destination, inner)
            if all(os.path.isfile(os.path.join(folder, m)) for m in members):
                return folder
            looked.append(f"{archive} (unpacked, but it holds no complete {inner}{os.sep})")
    save_as = os.path.join(cache, f"{target}_archive")
    if local_sources.is_offline():
        raise local_sources.not_found_error(
            name, looked, origin, file_hash, save_as, None, local_name=archive_name
        )
    try:
        folder = file_utils.get_file(fname=target, origin=origin, extract=True, file_hash=file_hash)
    except (file_utils.DownloadError, ValueError) as e:
        raise local_sources.not_found_error(
            name, looked, origin, file_hash, save_as, str(e), local_name=archive_name
        ) from e
    return os.path.join(folder, inner)


def to_image_data_format(x):
    """(N, 3, 32, 32) batches as (N, 32, 32, 3) under channels_last (the default)."""
    if backend.image_data_format() == "channels_last":
        return x.transpose(0, 2, 3, 1)
    return x


def labels_column(labels, dtype):
    return np.asarray(labels, dtype=dtype).reshape(len(labels), 1)
