"""String data as the string layers see it: gradflow tensors are numeric, so text flows
as NumPy arrays (of `str`, `bytes` or objects — gf.data keeps `bytes`) or Python lists,
and is normalized here to object arrays of `str`."""

from __future__ import annotations

import numpy as np

import gradflow as gf


def is_string_data(value) -> bool:
    """Whether `value` is text: a str/bytes, a NumPy string/object array, or a (nested)
    list/tuple whose first leaf is a str or bytes."""
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "USO"
    if isinstance(value, (list, tuple)):
        for item in value:
            return is_string_data(item)
    return False


def to_str_array(value, encoding: str = "utf-8") -> np.ndarray:
    """`value` as an object array of `str` (bytes decoded with `encoding`).

    Example:
    >>> to_str_array([b"a", "b"]).tolist()
    ['a', 'b']
    """
    array = np.asarray(value, dtype=object) if not isinstance(value, np.ndarray) else value
    out = np.empty(array.shape, dtype=object)
    flat_in, flat_out = array.reshape(-1), out.reshape(-1)
    for i, item in enumerate(flat_in):
        flat_out[i] = item.decode(encoding) if isinstance(item, bytes) else str(item)
    return out


def to_numpy(value) -> np.ndarray:
    """A tensor, array or list as a NumPy array."""
    if isinstance(value, (gf.Tensor, gf.Variable)):
        return np.asarray(value.numpy())
    return np.asarray(value)
