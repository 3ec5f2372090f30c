"""keras.saving's file functions: `save_model`, `load_model`, `save_weights`,
`load_weights` — the `.keras` and `.weights.h5` formats of Keras 3, interchangeable with
files Keras writes and reads."""

from __future__ import annotations

import io
import os
import warnings
import zipfile

from gradflow.keras.saving import saving_lib


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs) -> None:
    """Save a model (architecture, weights and optimizer state) as a `.keras` file.

    Args:
        model: the model to save.
        filepath: a path ending in `.keras`, or a writable binary file object.
        overwrite: whether to replace an existing file; when False and the file exists,
            nothing is written and a `FileExistsError` is raised.
        zipped: only the zipped `.keras` archive is supported (None or True).

    Example:
    >>> import os, tempfile
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> save_model(model, path)
    >>> load_model(path).output_shape
    (None, 2)
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    if kwargs.pop("save_format", None):
        raise ValueError(
            "The `save_format` argument is deprecated in Keras 3. Please remove this "
            f"argument and pass a file path with a `.keras` extension. Received: "
            f"filepath={filepath}"
        )
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs)}")
    if not include_optimizer:
        raise ValueError(
            "`include_optimizer=False` only applies to the legacy `.h5` format, which "
            "gradflow does not write. The `.keras` format always includes the optimizer; "
            "pass `compile=False` to `load_model` to ignore it."
        )
    if zipped is False:
        raise ValueError(
            "`zipped=False` (an unzipped model directory) is not supported by gradflow. "
            f"Save to a `.keras` file instead. Received: zipped={zipped}"
        )
    if isinstance(filepath, io.IOBase):
        saving_lib.save_model(model, filepath)
        return
    path = os.fspath(filepath)
    if not path.endswith(".keras"):
        raise ValueError(
            "Invalid filepath extension for saving. Please add a `.keras` extension for "
            "the native Keras format (`.h5` legacy files are not written by gradflow). "
            f"Received: filepath={path}."
        )
    _check_overwrite(path, overwrite)
    saving_lib.save_model(model, path)


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Load a model saved by `model.save()` (by gradflow or by Keras 3).

    Args:
        filepath: a path to a `.keras` file, or a readable binary file object.
        custom_objects: a dict of names to custom classes or functions used by the model.
        compile: whether to compile the model as it was when saved.
        safe_mode: refuse unsafe content such as Lambda bytecode, which could run
            arbitrary code; only set False for files you trust.

    Returns:
        The model, with its weights and (when compiled) its optimizer state.

    Example:
    >>> import os, tempfile
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> model.save(path)
    >>> [w.shape for w in load_model(path).weights]
    [(3, 2), (2,)]
    """
    if isinstance(filepath, io.IOBase):
        return saving_lib.load_model(filepath, custom_objects, compile, safe_mode)
    path = os.fspath(filepath)
    if path.endswith(".keras") or (os.path.isfile(path) and zipfile.is_zipfile(path)):
        return saving_lib.load_model(path, custom_objects, compile, safe_mode)
    if path.endswith((".h5", ".hdf5")):
        raise ValueError(
            "Legacy `.h5` model files are not supported by gradflow: load them in Keras and "
            f"re-save them with a `.keras` extension. Received: filepath={path}"
        )
    raise ValueError(
        f"File format not supported: filepath={path}. gradflow loads Keras 3 `.keras` "
        "files (use `load_weights` for `.weights.h5` files)."
    )


def save_weights(model, filepath, overwrite=True, max_shard_size=None) -> None:
    """Save a model's weights (and optimizer state) as a `.weights.h5` file.

    Args:
        model: a built model.
        filepath: a path ending in `.weights.h5` (`.weights.json` when sharded).
        overwrite: whether to replace an existing file (False raises FileExistsError).
        max_shard_size: the largest file, in GB: the weights are then written as a
            `.weights.json` index plus `<name>_00000.weights.h5` … shards.

    Example:
    >>> import os, tempfile
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
    >>> save_weights(model, path)
    >>> load_weights(model, path)
    """
    path = os.fspath(filepath)
    if max_shard_size is None and not path.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={path}")
    if max_shard_size is not None:
        if not path.endswith(("weights.h5", "weights.json")):
            raise ValueError(
                "The filename must end in `.weights.json` when `max_shard_size` is "
                f"specified. Received: filepath={path}"
            )
        if not path.endswith(".json"):
            renamed = path[: -len(".h5")] + ".json"
            warnings.warn(
                f"Saving sharded weights requires `*.json` as the extension. The original "
                f"path: {path} will be renamed to {renamed}.",
                stacklevel=2,
            )
            path = renamed
    _check_overwrite(path, overwrite)
    saving_lib.save_weights_only(model, path, max_shard_size=max_shard_size)


def load_weights(model, filepath, skip_mismatch=False, **kwargs) -> None:
    """Load weights saved by `save_weights` (or a `.keras` file's weights) into `model`.

    Args:
        model: a built model with the same architecture.
        filepath: a `.weights.h5`, `.weights.json` (sharded) or `.keras` file.
        skip_mismatch: warn about, instead of raising for, objects whose saved variables
            do not fit.

    Example:
    >>> import os, tempfile
    >>> from gradflow import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.weights.h5")
    >>> model.save_weights(path)
    >>> load_weights(model, path, skip_mismatch=True)
    """
    objects_to_skip = kwargs.pop("objects_to_skip", None)
    if kwargs.pop("by_name", None) is not None:
        raise ValueError(
            "`by_name` only supports loading legacy '.h5' or '.hdf5' files, which gradflow "
            f"does not read. Received: {filepath}"
        )
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    path = os.fspath(filepath)
    if path.endswith(".keras"):
        if objects_to_skip is not None:
            raise ValueError(
                f"`objects_to_skip` only supports loading '.weights.h5' files. Received: {path}"
            )
    elif not path.endswith((".weights.h5", ".weights.json")):
        raise ValueError(
            f"File format not supported: filepath={path}. gradflow loads weights from "
            "`.weights.h5`, `.weights.json` (sharded) and `.keras` files."
        )
    saving_lib.load_weights_only(
        model, path, skip_mismatch=skip_mismatch, objects_to_skip=objects_to_skip
    )


def _check_overwrite(path: str, overwrite: bool) -> None:
    # Keras asks on the terminal; a library must not block on input, so refuse instead.
    if not overwrite and os.path.exists(path):
        raise FileExistsError(
            f"{path} already exists and `overwrite=False`. Pass `overwrite=True` to replace it."
        )
