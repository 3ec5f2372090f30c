"""The `.keras` format, written and read exactly as Keras 3 does.

A `.keras` file is a zip archive with three members, in this order and uncompressed
(ZIP_STORED): `metadata.json` (Keras version and date), `config.json`
(`serialize_keras_object(model)`, compile config included) and `model.weights.h5` (the
object graph's variables, see `h5_store` and `keras_saveable`). `.weights.h5` files hold
only the last part.

Files are written to a temporary file beside the target and renamed into place, so an
interrupted save never leaves a half-written file. Loading refuses decompression bombs
and reports malformed archives with the file's name and what is wrong.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import tempfile
import warnings
import zipfile

from gradflow.keras.saving import keras_saveable, serialization_lib
from gradflow.keras.saving.h5_store import H5IOStore, ShardedH5IOStore
from gradflow.keras.utils import naming

CONFIG_FILENAME = "config.json"
METADATA_FILENAME = "metadata.json"
VARS_FILENAME_H5 = "model.weights.h5"
# The Keras version our files declare: the one whose format they follow.
KERAS_VERSION = "3.15.1"

# A member that declares more than the floor and more than this multiple of its stored
# size is a decompression bomb (Keras's `_reject_zip_bomb`, CWE-409).
_ZIP_MEMBER_BOMB_FLOOR_BYTES = 1 << 32
_ZIP_MEMBER_MAX_EXPANSION = 100


# -- saving ----------------------------------------------------------------------------------
def save_model(model, filepath) -> None:
    """Write `model` as a `.keras` zip archive at `filepath` (or into a file object)."""
    if not model.built:
        warnings.warn(
            "You are saving a model that has not yet been built. It might not contain any "
            "weights yet. Consider building the model first by calling it on some data.",
            stacklevel=3,
        )
    config_json, metadata_json = _serialize_model_as_json(model)
    weights = _weights_bytes(model, label=str(filepath))
    if isinstance(filepath, io.IOBase):
        _write_archive(filepath, metadata_json, config_json, weights)
        return
    with atomic_write(filepath) as f:
        _write_archive(f, metadata_json, config_json, weights)


def _serialize_model_as_json(model) -> tuple[str, str]:
    config_json = json.dumps(serialization_lib.serialize_keras_object(model))
    metadata_json = json.dumps(
        {
            "keras_version": KERAS_VERSION,
            "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        }
    )
    return config_json, metadata_json


def _weights_bytes(model, label: str) -> bytes:
    buffer = io.BytesIO()
    store = H5IOStore(buffer, mode="w", label=label)
    try:
        save_state(model, store)
    finally:
        store.close()
    return buffer.getvalue()


def _write_archive(fileobj, metadata_json: str, config_json: str, weights: bytes) -> None:
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(METADATA_FILENAME, metadata_json.encode())
        archive.writestr(CONFIG_FILENAME, config_json.encode())
        archive.writestr(VARS_FILENAME_H5, weights)


class atomic_write:
    """Open a temporary file beside `filepath` for writing; on success rename it over
    `filepath`, on error remove it (the target is never half-written).

    Example:
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "x.bin")
    >>> with atomic_write(path) as f:
    ...     _ = f.write(b"ok")
    >>> open(path, "rb").read()
    b'ok'
    """

    def __init__(self, filepath):
        self.filepath = os.fspath(filepath)

    def __enter__(self):
        directory = os.path.dirname(os.path.abspath(self.filepath))
        if not os.path.isdir(directory):
            raise FileNotFoundError(
                f"Cannot save to {self.filepath}: the directory {directory} does not exist."
            )
        handle, self.tmp_path = tempfile.mkstemp(
            dir=directory, prefix=f".{os.path.basename(self.filepath)}.", suffix=".tmp"
        )
        self.file = os.fdopen(handle, "wb")
        return self.file

    def __exit__(self, exc_type, exc, tb):
        self.file.close()
        if exc_type is not None:
            os.remove(self.tmp_path)
            return False
        os.replace(self.tmp_path, self.filepath)
        return False


def save_weights_only(model, filepath, max_shard_size=None, objects_to_skip=None) -> None:
    """Write the model's object-graph variables as a `.weights.h5` file, or, with
    `max_shard_size` (GB), as a `.weights.json` index plus `.weights.h5` shards."""
    if not model.built:
        raise ValueError(
            "You are saving a model that has not yet been built. Try building the model "
            "first by calling it on some data or by using `build()`."
        )
    visited = {id(obj) for obj in objects_to_skip or ()}
    if max_shard_size is not None:
        store = ShardedH5IOStore(filepath, mode="w", max_shard_size=max_shard_size)
        try:
            save_state(model, store, visited=visited)
        finally:
            store.close()
        return
    with atomic_write(filepath) as f:
        buffer = io.BytesIO()
        store = H5IOStore(buffer, mode="w", label=str(filepath))
        try:
            save_state(model, store, visited=visited)
        finally:
            store.close()
        f.write(buffer.getvalue())


def save_state(saveable, store, inner_path: str = "", visited: set | None = None) -> None:
    """Write `saveable`'s variables and its children's, as Keras's `_save_state`."""
    visited = set() if visited is None else visited
    if id(saveable) in visited:
        return
    if keras_saveable.owns_variables(saveable):
        name = getattr(saveable, "name", None)
        metadata = {"name": name} if isinstance(name, str) else None
        keras_saveable.save_own_variables(saveable, store.make(inner_path, metadata=metadata))
    visited.add(id(saveable))
    for attr, child in keras_saveable.walk_saveable(saveable):
        child_path = _join(inner_path, attr)
        if keras_saveable.is_saveable(child):
            save_state(child, store, child_path, visited)
        elif isinstance(child, (list, tuple, dict)):
            _save_container_state(child, store, child_path, visited, set())


def _save_container_state(container, store, inner_path, visited, visited_containers) -> None:
    if id(container) in visited_containers:
        return
    visited_containers.add(id(container))
    used_names: dict = {}
    for item in _container_items(container):
        if keras_saveable.is_saveable(item):
            # The class name, not the object's name: names differ between two instances
            # of the same model, paths must not.
            name = _unique_name(naming.to_snake_case(type(item).__name__), used_names)
            save_state(item, store, _join(inner_path, name), visited)
        elif isinstance(item, (list, tuple, dict)):
            name = _unique_name("container", used_names)
            _save_container_state(item, store, _join(inner_path, name), visited, visited_containers)


# -- loading ---------------------------------------------------------------------------------
def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Rebuild a model from a `.keras` archive (a path or a binary file object)."""
    label = getattr(filepath, "name", None) or "<file object>"
    if not isinstance(filepath, io.IOBase):
        label = os.fspath(filepath)
        if not os.path.exists(label):
            raise ValueError(
                f"File not found: filepath={label}. Please ensure the file is an accessible "
                "`.keras` zip file."
            )
    try:
        archive = zipfile.ZipFile(filepath, "r")
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(
            f"{label} is not a valid `.keras` file: it is not a readable zip archive "
            f"(truncated or corrupt?): {error}"
        ) from None
    with archive:
        names = archive.namelist()
        for required in (CONFIG_FILENAME, VARS_FILENAME_H5):
            if required not in names:
                raise ValueError(
                    f"{label} is not a valid `.keras` file: the archive has no "
                    f"'{required}' member. Members found: {names}"
                )
        config_json = _safe_zip_read(archive, CONFIG_FILENAME, label)
        model = model_from_config_json(config_json, custom_objects, compile, safe_mode, label)
        weights = _safe_zip_read(archive, VARS_FILENAME_H5, label)
    store = H5IOStore(io.BytesIO(weights), mode="r", label=f"{label}:{VARS_FILENAME_H5}")
    try:
        failures = load_state(model, store)
    finally:
        store.close()
    if failures:
        raise_loading_failure(failures)
    return model


def model_from_config_json(config_json, custom_objects, compile, safe_mode, label="config"):
    """The model a `config.json` describes (without compiling it when `compile=False`)."""
    try:
        config = json.loads(config_json)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"{label}: config.json is not valid JSON: {error}") from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"{label}: config.json does not describe a Keras object (expected a dict with "
            f"'class_name' and 'config'). Received: {str(config)[:200]}"
        )
    if not compile:
        config["compile_config"] = None
    return serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, safe_mode=safe_mode
    )


def _safe_zip_read(archive: zipfile.ZipFile, name: str, label: str) -> bytes:
    info = archive.getinfo(name)
    if (
        info.file_size > _ZIP_MEMBER_BOMB_FLOOR_BYTES
        and info.file_size > _ZIP_MEMBER_MAX_EXPANSION * info.compress_size
    ):
        raise ValueError(
            f"{label}: not allowed: ZIP member '{name}' declares {info.file_size} bytes but "
            f"only {info.compress_size} are stored; refusing to load a potential "
            "decompression bomb."
        )
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise ValueError(
            f"{label}: cannot read member '{name}' of the archive (truncated or corrupt "
            f"file?): {error}"
        ) from None


def load_weights_only(model, filepath, skip_mismatch=False, objects_to_skip=None) -> None:
    """Load variables from a `.weights.h5` file, a sharded `.weights.json` index or a
    `.keras` archive into `model`."""
    if not model.built:
        raise ValueError(
            "You are loading weights into a model that has not yet been built. Try "
            "building the model first by calling it on some data or by using `build()`."
        )
    label = os.fspath(filepath)
    if not os.path.exists(label):
        raise ValueError(f"File not found: filepath={label}.")
    if label.endswith(".keras"):
        try:
            with zipfile.ZipFile(label, "r") as archive:
                if VARS_FILENAME_H5 not in archive.namelist():
                    raise ValueError(
                        f"{label} is not a valid `.keras` file: the archive has no "
                        f"'{VARS_FILENAME_H5}' member."
                    )
                source = io.BytesIO(_safe_zip_read(archive, VARS_FILENAME_H5, label))
        except (zipfile.BadZipFile, EOFError) as error:
            raise ValueError(
                f"{label} is not a valid `.keras` file: it is not a readable zip archive "
                f"(truncated or corrupt?): {error}"
            ) from None
        label = f"{label}:{VARS_FILENAME_H5}"
        store = H5IOStore(source, mode="r", label=label)
    elif label.endswith(".json"):
        store = ShardedH5IOStore(label, mode="r")
    else:
        store = H5IOStore(label, mode="r", label=label)
    visited = {id(obj) for obj in objects_to_skip or ()}
    try:
        failures = load_state(model, store, visited=visited)
    finally:
        store.close()
    if failures:
        raise_loading_failure(failures, warn_only=skip_mismatch)


def load_state(saveable, store, inner_path: str = "", visited: set | None = None) -> dict:
    """Load `saveable`'s variables and its children's (Keras's `_load_state`). Returns
    the failures as {id: (object, error)}; the caller raises or warns."""
    visited = set() if visited is None else visited
    failures: dict = {}
    _load_state(saveable, store, inner_path, visited, failures)
    return failures


def _load_state(saveable, store, inner_path, visited, failures) -> None:
    if id(saveable) in visited:
        return
    failed = False
    if keras_saveable.owns_variables(saveable):
        # Outside the try, as in Keras: a file whose structure is refused (links, bad
        # shard names) fails the whole load, even with skip_mismatch.
        entry = store.get(inner_path)
        try:
            keras_saveable.load_own_variables(saveable, entry)
        except Exception as error:
            failures[id(saveable)] = (saveable, error)
            failed = True
    for attr, child in keras_saveable.walk_saveable(saveable):
        child_path = _join(inner_path, attr)
        if keras_saveable.is_saveable(child):
            _load_state(child, store, child_path, visited, failures)
        elif isinstance(child, (list, tuple, dict)):
            _load_container_state(child, store, child_path, visited, failures, set())
    if not failed:
        # Loaded (possibly on a second path after failing on the first): clear the failure.
        failures.pop(id(saveable), None)
        visited.add(id(saveable))


def _load_container_state(container, store, inner_path, visited, failures, seen) -> None:
    if id(container) in seen:
        return
    seen.add(id(container))
    used_names: dict = {}
    for item in _container_items(container):
        if keras_saveable.is_saveable(item):
            name = _unique_name(naming.to_snake_case(type(item).__name__), used_names)
            _load_state(item, store, _join(inner_path, name), visited, failures)
        elif isinstance(item, (list, tuple, dict)):
            name = _unique_name("container", used_names)
            _load_container_state(item, store, _join(inner_path, name), visited, failures, seen)


def raise_loading_failure(failures: dict, warn_only: bool = False) -> None:
    """Keras's summary of the objects whose variables could not be loaded."""
    saveable, error = next(iter(failures.values()))
    message = (
        f"A total of {len(failures)} objects could not be loaded. Example error message "
        f"for object {saveable}:\n\n{error}\n\nList of objects that could not be loaded:\n"
        f"{[obj for obj, _ in failures.values()]}"
    )
    if warn_only:
        warnings.warn(message, stacklevel=3)
    else:
        raise ValueError(message)


# -- helpers -------------------------------------------------------------------------------
def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def _container_items(container) -> list:
    return list(container.values()) if isinstance(container, dict) else list(container)


def _unique_name(name: str, used_names: dict) -> str:
    """'dense', then 'dense_1', 'dense_2' … within one container."""
    if name in used_names:
        used_names[name] += 1
        return f"{name}_{used_names[name]}"
    used_names[name] = 0
    return name
