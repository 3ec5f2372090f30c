"""Reading the datasets' pickles without running code from the file.

IMDB and Reuters store ragged sequences as object arrays, and CIFAR batches are
pickled dicts, so they need unpickling. As in Keras 3.15, only the four globals that
rebuild NumPy arrays are allowed; anything else (a `__reduce__` gadget calling
`os.system`, say) is refused before it can run.
"""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np
import numpy.lib.format as npy_format

ALLOWED_GLOBALS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }
)


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that only resolves the globals that rebuild NumPy arrays.

    Example:
    >>> import io, pickle
    >>> RestrictedUnpickler(io.BytesIO(pickle.dumps(print))).load()
    Traceback (most recent call last):
    ...
    _pickle.UnpicklingError: Refusing to deserialize `builtins.print` while loading a Keras dataset. The file may be corrupted or malicious.
    """  # noqa: E501

    def find_class(self, module, name):
        if (module, name) in ALLOWED_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Refusing to deserialize `{module}.{name}` while loading a Keras dataset. "
            "The file may be corrupted or malicious."
        )


def load_pickle(path, encoding: str = "bytes"):
    """Unpickle a file with `RestrictedUnpickler` (Python 2 pickles: encoding="bytes")."""
    with open(path, "rb") as f:
        return RestrictedUnpickler(f, encoding=encoding).load()


def _read_npy(fp) -> np.ndarray:
    """One `.npy` stream: numeric arrays with pickling off, object arrays restricted."""
    try:
        return npy_format.read_array(fp, allow_pickle=False)
    except ValueError:
        fp.seek(0)
        version = npy_format.read_magic(fp)
        if version[0] == 1:
            npy_format.read_array_header_1_0(fp)
        elif version[0] in (2, 3):
            npy_format.read_array_header_2_0(fp)
        else:
            raise ValueError(f"Unsupported `.npy` file version: {version}.") from None
        return RestrictedUnpickler(fp).load()


def load_npz(path) -> dict[str, np.ndarray]:
    """Every array of an `.npz` archive, read safely, by member name.

    Args:
        path: Path to the `.npz` file.

    Returns:
        A dict mapping each member name (without `.npy`) to its array.

    Example:
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.npz")
    >>> seqs = np.empty(2, dtype=object); seqs[:] = [[1, 2], [3]]
    >>> np.savez(path, x=seqs, y=np.arange(2))
    >>> {k: v.tolist() for k, v in load_npz(path).items()}
    {'x': [[1, 2], [3]], 'y': [0, 1]}
    """
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                with archive.open(member) as raw:
                    arrays[member[: -len(".npy")]] = _read_npy(io.BytesIO(raw.read()))
    return arrays
