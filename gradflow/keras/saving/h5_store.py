"""The HDF5 variable store of `.keras` and `.weights.h5` files, in Keras 3's layout.

A store maps an object path ('layers/dense') to a group `/<path>/vars` holding one
dataset per variable, named "0", "1", … ; the group attribute `name` is the object's
name. Reading refuses what Keras refuses: links, external or virtual datasets, and
datasets that declare far more data than the file stores (shape bombs).

h5py is imported on first use; it is the `h5` extra (`pip install gradflow[h5]`).
"""

from __future__ import annotations

import io
import math
import os

import numpy as np

# A dataset whose declared size exceeds this floor must not exceed the stored bytes by
# more than this factor (Keras's guard against shape/decompression bombs, CVE-2026-0897).
_DATASET_BOMB_FLOOR_BYTES = 1 << 32
_DATASET_MAX_EXPANSION = 1000


def import_h5py():
    """h5py, or an ImportError that names the extra to install."""
    try:
        import h5py
    except ImportError:
        raise ImportError(
            "Saving and loading `.keras` and `.weights.h5` files needs h5py. Install it "
            "with `pip install gradflow[h5]` (or `pip install h5py`)."
        ) from None
    return h5py


class H5IOStore:
    """Variables of a model's objects in one HDF5 file, grouped by object path.

    Args:
        source: a file path, or a binary file object (e.g. `io.BytesIO`).
        mode: 'r' to read or 'w' to write.
        label: how errors name the file (its path by default).

    Example:
    >>> import io, numpy as np
    >>> buffer = io.BytesIO()
    >>> store = H5IOStore(buffer, mode="w")
    >>> store.make("layers/dense", metadata={"name": "d1"})["0"] = np.ones((2, 3), "float32")
    >>> store.close()
    >>> H5IOStore(io.BytesIO(buffer.getvalue())).get("layers/dense")["0"].shape
    (2, 3)
    """

    def __init__(self, source, mode: str = "r", label: str | None = None):
        if mode not in ("r", "w"):
            raise ValueError(f"`mode` should be either 'r' or 'w'. Received: mode={mode}")
        h5py = import_h5py()
        self.mode = mode
        self.label = label or (os.fspath(source) if _is_path(source) else "<file object>")
        if _is_path(source):
            source = os.fspath(source)
        elif not isinstance(source, io.IOBase):
            raise TypeError(
                "`source` should be a path or a binary file object. Received: "
                f"source={source!r} of type {type(source).__name__}"
            )
        try:
            self.h5_file = h5py.File(source, mode=mode)
        except OSError as error:
            raise ValueError(
                f"{self.label} is not a valid HDF5 weights file (truncated or corrupt?): {error}"
            ) from None
        self._path = ""
        self._metadata = None
        self._group = None  # None: nothing at this path (reading) or not created (writing)

    # -- object level -------------------------------------------------------------------
    def make(self, path: str, metadata: dict | None = None) -> H5IOStore:
        """Point the store at a new object path (write mode). The group is created now
        when there is metadata, else on the first variable written."""
        if self.mode != "w":
            raise ValueError("`make` is only allowed in write mode.")
        self._path, self._metadata, self._group = path, metadata, None
        if metadata:
            self._create_group()
        return self

    def get(self, path: str) -> H5IOStore:
        """Point the store at an object path (read mode); empty when absent."""
        if self.mode != "r":
            raise ValueError("`get` is only allowed in read mode.")
        self._path = path
        self._group = None
        target = f"{path}/vars" if path else "vars"
        if self._has(target):
            self._group = self._safe_group(target)
        return self

    def has_path(self, path: str) -> bool:
        """Whether the file holds a group at `path`."""
        return self._has(path)

    def close(self) -> None:
        self.h5_file.close()

    def _create_group(self) -> None:
        name = f"{self._path}/vars" if self._path else "vars"
        try:
            self._group = self.h5_file.create_group(name)
        except ValueError as error:
            raise ValueError(
                f"{self.label}: two objects were saved at the same path '{name}' ({error})."
            ) from None
        for key, value in (self._metadata or {}).items():
            self._group.attrs[key] = value

    # -- variables -----------------------------------------------------------------------
    def keys(self) -> list[str]:
        return [] if self._group is None else list(self._group.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, key: str) -> bool:
        return self._group is not None and key in self._group

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self:
            raise KeyError(f"{self.label}: no variable '{key}' under '{self._path or '/'}'.")
        dataset = self._safe_dataset(key)
        try:
            value = np.array(dataset)
            if dataset.attrs.get("dtype") == "bfloat16":
                import ml_dtypes

                value = value.view(ml_dtypes.bfloat16) if value.dtype.itemsize == 2 else value
        except OSError as error:
            raise ValueError(
                f"{self.label}: cannot read variable '{self._path}/vars/{key}' "
                f"(truncated or corrupt file?): {error}"
            ) from None
        return value

    def __setitem__(self, key: str, value) -> None:
        if self.mode != "w":
            raise ValueError("Setting a value is only allowed in write mode.")
        if self._group is None:
            self._create_group()
        value = np.asarray(value)
        if value.dtype.name == "bfloat16":
            # h5py stores bfloat16 as a 2-byte opaque type; the attribute tells readers.
            dataset = self._group.create_dataset(key, data=value)
            dataset.attrs["dtype"] = "bfloat16"
        else:
            self._group[key] = value

    # -- safe access ---------------------------------------------------------------------
    def _has(self, path: str) -> bool:
        try:
            return path in self.h5_file
        except (KeyError, OSError, ValueError):
            return False

    def _safe_group(self, path: str):
        """The group at `path`, refusing soft/external links and non-groups."""
        h5py = import_h5py()
        current = self.h5_file
        for part in path.split("/"):
            if not part:
                raise ValueError(f"{self.label}: invalid path in H5 file: '{path}'")
            link = current.get(part, default=None, getclass=True, getlink=True)
            if link in (h5py.ExternalLink, h5py.SoftLink):
                raise ValueError(
                    f"{self.label}: not allowed: H5 file with {link.__name__} at '{path}'."
                )
            current = current[part]
            if not isinstance(current, h5py.Group):
                raise ValueError(
                    f"{self.label}: invalid H5 file, expected a group at '{path}' but "
                    f"found {type(current).__name__}."
                )
        return current

    def _safe_dataset(self, key: str):
        h5py = import_h5py()
        where = f"'{self._path}/vars/{key}'"
        link = self._group.get(key, default=None, getclass=True, getlink=True)
        if link in (h5py.ExternalLink, h5py.SoftLink):
            raise ValueError(f"{self.label}: not allowed: H5 file with {link.__name__} at {where}.")
        dataset = self._group[key]
        if not isinstance(dataset, h5py.Dataset):
            raise ValueError(
                f"{self.label}: invalid H5 file, expected a dataset at {where} but found "
                f"{type(dataset).__name__}."
            )
        if dataset.external:
            raise ValueError(f"{self.label}: not allowed: H5 file with external dataset {where}.")
        if dataset.is_virtual:
            raise ValueError(f"{self.label}: not allowed: H5 file with virtual dataset {where}.")
        declared = math.prod(dataset.shape or ()) * dataset.dtype.itemsize
        stored = dataset.id.get_storage_size()
        if declared > _DATASET_BOMB_FLOOR_BYTES and declared > _DATASET_MAX_EXPANSION * stored:
            raise ValueError(
                f"{self.label}: not allowed: H5 dataset {where} declares {declared} bytes but "
                f"only {stored} are stored; refusing to load a potential shape bomb."
            )
        return dataset


def _is_path(source) -> bool:
    return isinstance(source, (str, os.PathLike))


class ShardedH5IOStore:
    """Variables spread over several HDF5 files of at most `max_shard_size` GB each, with a
    JSON index: Keras's `.weights.json` layout.

    Writing `model.weights.json` makes `model_00000.weights.h5`, `model_00001.weights.h5`,
    … beside it; the index's `weight_map` maps each `/<path>/vars` group to its file (or
    files, when one object's variables straddle two shards).

    Args:
        path: the `.weights.json` index file.
        mode: 'r' or 'w'.
        max_shard_size: the largest shard, in GB (write mode).

    Example:
    >>> import os, tempfile, numpy as np
    >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.json")
    >>> store = ShardedH5IOStore(path, mode="w", max_shard_size=1e-7)
    >>> entry = store.make("layers/dense", metadata={"name": "d"})
    >>> entry["0"], entry["1"] = np.zeros(20, "float32"), np.ones(20, "float32")
    >>> store.close()
    >>> sorted(f for f in os.listdir(os.path.dirname(path)) if f.endswith(".h5"))
    ['m_00000.weights.h5', 'm_00001.weights.h5']
    >>> ShardedH5IOStore(path).get("layers/dense")["1"][:2]
    array([1., 1.], dtype=float32)
    """

    def __init__(self, path, mode: str = "r", max_shard_size: float = 5):
        if mode not in ("r", "w"):
            raise ValueError(f"`mode` should be either 'r' or 'w'. Received: mode={mode}")
        self.path = os.fspath(path)
        self.mode = mode
        self.directory = os.path.dirname(os.path.abspath(self.path))
        name = os.path.basename(self.path)
        self.base_name = name[: -len(".json")].replace(".weights", "")
        self._entry_path = ""
        self._entries: list[H5IOStore] = []
        self._shards: dict[str, H5IOStore] = {}
        if mode == "w":
            self.max_shard_size = float(max_shard_size) * 1024**3  # bytes
            self.index = {"metadata": {"total_size": 0}, "weight_map": {}}
            self._shard_count = 0
            self._current_size = 0.0
            self._open_new_shard()
        else:
            self.index = _read_index(self.path)

    # -- writing ---------------------------------------------------------------------------
    def _open_new_shard(self) -> None:
        filename = f"{self.base_name}_{self._shard_count:05}.weights.h5"
        self._shard_count += 1
        self._current_name = filename
        self._current = H5IOStore(os.path.join(self.directory, filename), mode="w")
        self._shards[filename] = self._current

    def make(self, path: str, metadata: dict | None = None) -> ShardedH5IOStore:
        if self.mode != "w":
            raise ValueError("`make` is only allowed in write mode.")
        self._entry_path = path
        self._current.make(path, metadata=metadata)
        return self

    def __setitem__(self, key: str, value) -> None:
        if self.mode != "w":
            raise ValueError("Setting a value is only allowed in write mode.")
        value = np.asarray(value)
        size = value.size * _dtype_bits(value.dtype) / 8
        if size > self.max_shard_size:
            raise ValueError(
                f"The size of {key} is {size:.0f} bytes which exceeds the maximum shard size "
                f"{self.max_shard_size:.0f} bytes. You can increase the `max_shard_size` "
                "parameter to accommodate the size."
            )
        self.index["metadata"]["total_size"] += size
        self._current_size += size
        if self._current_size > self.max_shard_size:
            # As Keras: the object's group continues in the new shard, without metadata.
            self._current.close()
            self._open_new_shard()
            self._current.make(self._entry_path)
            self._current_size = size
        self._current[key] = value
        group = "/" + (f"{self._entry_path}/vars" if self._entry_path else "vars")
        files = self.index["weight_map"].get(group)
        if files is None:
            self.index["weight_map"][group] = self._current_name
        else:
            # Keras's quirk, kept for identical indexes: a string becomes a list on the
            # group's second variable, even within the same shard.
            files = files if isinstance(files, list) else [files]
            if self._current_name not in files:
                files.append(self._current_name)
            self.index["weight_map"][group] = files

    # -- reading ---------------------------------------------------------------------------
    def get(self, path: str) -> ShardedH5IOStore:
        if self.mode != "r":
            raise ValueError("`get` is only allowed in read mode.")
        self._entry_path = path
        weight_map = self.index["weight_map"]
        files = weight_map.get(path or "/vars") or weight_map.get(f"/{path}/vars")
        files = [] if files is None else files if isinstance(files, list) else [files]
        self._entries = [self._shard(filename).get(path) for filename in files]
        return self

    def _shard(self, filename) -> H5IOStore:
        if (
            not isinstance(filename, str)
            or os.path.basename(filename) != filename
            or filename in ("", ".", "..")
        ):
            raise ValueError(
                f"{self.path}: invalid shard file name {filename!r} in the weight map; "
                "shards must be plain file names beside the index."
            )
        if filename not in self._shards:
            shard_path = os.path.join(self.directory, filename)
            if not os.path.exists(shard_path):
                raise ValueError(f"{self.path}: the shard file {shard_path} does not exist.")
            self._shards[filename] = H5IOStore(shard_path, mode="r")
        return self._shards[filename]

    def has_path(self, path: str) -> bool:
        return any(k == f"/{path}" or k.startswith(f"/{path}/") for k in self.index["weight_map"])

    def keys(self) -> list[str]:
        return [key for entry in self._entries for key in entry.keys()]

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, key: str) -> bool:
        return any(key in entry for entry in self._entries)

    def __getitem__(self, key: str) -> np.ndarray:
        for entry in self._entries:
            if key in entry:
                return entry[key]
        raise KeyError(f"{self.path}: no variable '{key}' under '{self._entry_path or '/'}'.")

    def close(self) -> None:
        for shard in self._shards.values():
            if shard.h5_file:
                shard.close()
        if self.mode == "w":
            import json

            from gradflow.keras.saving.saving_lib import atomic_write

            # The index last: a file set without one is visibly incomplete.
            with atomic_write(self.path) as f:
                f.write(json.dumps(self.index, indent=4).encode())


def _read_index(path: str) -> dict:
    import json

    try:
        with open(path, "rb") as f:
            index = json.loads(f.read())
    except FileNotFoundError:
        raise ValueError(f"File not found: filepath={path}.") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"{path} is not a valid `.weights.json` index: {error}") from None
    if not isinstance(index, dict) or not isinstance(index.get("weight_map"), dict):
        raise ValueError(
            f"{path} is not a valid `.weights.json` index: expected a JSON object with a "
            "'weight_map' object."
        )
    return index


def _dtype_bits(dtype: np.dtype) -> int:
    # Keras counts a bool as one bit when it sizes shards.
    return 1 if dtype == np.bool_ else dtype.itemsize * 8
