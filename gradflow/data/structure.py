"""Elements of a dataset: nested structures (tuple, dict, leaf) of NumPy arrays (or NumPy
scalars, which indexing a row gives).

A pipeline keeps NumPy arrays inside, so stages cost little; values become `gf.Tensor`s
only where they meet user code (iteration in Python, the functions given to `map`,
`filter` and `interleave`). Strings are kept as NumPy object arrays of `bytes` (as tf.data
holds them) since gradflow tensors hold numbers only; they cross every boundary as NumPy.
"""

from __future__ import annotations

import numpy as np

from gradflow.core import tree
from gradflow.core.convert import _array_from_python
from gradflow.core.spec import TensorSpec, format_shape, spec_of
from gradflow.core.tensor import Tensor

STRING = np.dtype(object)  # the dtype string elements (arrays of `bytes`) are kept in


class StageError(RuntimeError):
    """A pipeline stage failed: names the stage and the element structure it got.

    The original exception is chained as `__cause__`.
    """


def to_array(value) -> np.ndarray:
    """One leaf as a NumPy array: Python values get gradflow's default dtypes (float32,
    int32), NumPy arrays keep theirs, and text becomes an object array of `bytes`."""
    if isinstance(value, Tensor):
        return value._value
    if hasattr(value, "_read"):  # a gf.Variable
        return value._read()._value
    if isinstance(value, (str, bytes)):
        return _strings(np.asarray(value))
    array = value if isinstance(value, np.ndarray) else _array_from_python(value)
    if array.dtype.kind in "USO":
        return _strings(array)
    return array


def _strings(array: np.ndarray) -> np.ndarray:
    if array.dtype == STRING and all(isinstance(v, bytes) for v in array.flat):
        return array
    out = np.empty(array.shape, dtype=STRING)
    for index, v in np.ndenumerate(array):
        out[index] = v.encode("utf-8") if isinstance(v, str) else bytes(v)
    return out


def normalize(element):
    """`element` with every leaf a NumPy array (lists become tuples, as tf.data does for
    the structure of an element)."""
    kind = type(element)
    if kind is Tensor:
        return element._value
    if kind is tuple or kind is list:
        return tuple(normalize(v) for v in element)
    if isinstance(element, dict):
        return kind((k, normalize(v)) for k, v in element.items())
    if isinstance(element, tuple) and hasattr(element, "_fields"):
        return kind(*(normalize(v) for v in element))
    if isinstance(element, (tuple, list)):
        return tuple(normalize(v) for v in element)
    return to_array(element)


def to_tensors(element):
    """The element as gf.Tensors (string leaves stay NumPy arrays of bytes)."""
    if type(element) is tuple:  # the common case, without the generic tree walk
        return tuple(to_tensors(v) for v in element)
    if isinstance(element, (dict, tuple)):
        return tree.map_structure(_leaf_to_tensor, element)
    return _leaf_to_tensor(element)


def _leaf_to_tensor(array):
    if array.dtype == STRING:
        return array
    if not isinstance(array, np.ndarray):  # a NumPy scalar, from indexing a row
        return Tensor(np.asarray(array))
    if array.flags.writeable:
        array = array.view()
        array.flags.writeable = False  # tensors are immutable: stop writes through a view
    return Tensor(array)


def to_numpy(element):
    """The element as NumPy values: arrays, with 0-d strings as `bytes` (as tf.data's
    `as_numpy_iterator` gives them)."""
    if type(element) is tuple:
        return tuple(to_numpy(v) for v in element)
    if isinstance(element, (dict, tuple)):
        return tree.map_structure(_leaf_to_numpy, element)
    return _leaf_to_numpy(element)


def flatten(element) -> list:
    """The leaves of an element in tree order (a fast path for flat tuples)."""
    if type(element) is tuple and not any(type(v) in _NESTED for v in element):
        return list(element)
    if isinstance(element, (dict, tuple)):
        return tree.flatten(element)
    return [element]


_NESTED = (tuple, dict, list)


def _leaf_to_numpy(array):
    if array.dtype == STRING and array.ndim == 0:
        return array.item()
    if array.ndim == 0 and isinstance(array, np.ndarray):
        return array[()]  # a NumPy scalar, as tf.data's as_numpy_iterator gives
    return array


def spec_of_array(array: np.ndarray, batch_dims: int = 0) -> TensorSpec:
    """The TensorSpec of one leaf, without its first `batch_dims` dimensions."""
    return spec_of(tuple(array.shape[batch_dims:]), array.dtype)


def element_spec(element):
    """The structure of TensorSpecs describing `element`."""
    return tree.map_structure(spec_of_array, element)


def describe(element) -> str:
    """A short text for error messages: `(float32[28,28], int32[])`, `{'x': int64[3]}`."""
    if isinstance(element, dict):
        return "{" + ", ".join(f"{k!r}: {describe(v)}" for k, v in element.items()) + "}"
    if isinstance(element, (tuple, list)):
        inner = ", ".join(describe(v) for v in element)
        return f"({inner},)" if len(element) == 1 else f"({inner})"
    if isinstance(element, (np.ndarray, np.generic, Tensor)):
        return _leaf_text(element.dtype, element.shape)
    if isinstance(element, TensorSpec):
        return _leaf_text(element.dtype, element.shape)
    return f"{type(element).__name__} {element!r}"[:80]


def _leaf_text(dtype, shape) -> str:
    name = "string" if dtype == STRING else dtype.name
    return name + format_shape(tuple(shape))


def same_structure(a, b) -> bool:
    """Whether two elements nest the same way (leaves may differ)."""
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and sorted(a) == sorted(b)
            and all(same_structure(a[k], b[k]) for k in a)
        )
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (
            isinstance(a, (tuple, list))
            and isinstance(b, (tuple, list))
            and len(a) == len(b)
            and all(same_structure(x, y) for x, y in zip(a, b))
        )
    return True


def structure_key(element):
    """A hashable description of the nesting alone: equal keys mean the same structure."""
    kind = type(element)
    if kind is tuple:
        if not any(type(v) in _NESTED for v in element):
            return len(element)
        return tuple(structure_key(v) for v in element)
    if isinstance(element, dict):
        return ("dict", tuple((k, structure_key(element[k])) for k in sorted(element)))
    if isinstance(element, (tuple, list)):
        return tuple(structure_key(v) for v in element)
    return None


def call_with_element(fn, element):
    """`fn(*element)` for a tuple element (tf.data unpacks tuples), else `fn(element)`."""
    if isinstance(element, tuple) and not hasattr(element, "_fields"):
        return fn(*element)
    return fn(element)


def stage_error(stage: str, element, error: BaseException) -> StageError:
    """The StageError for `error` raised by `stage` while working on `element`."""
    got = "" if element is None else f" on element {describe(element)}"
    return StageError(f"{stage} failed{got}: {type(error).__name__}: {error}")


def function_name(fn) -> str:
    return getattr(fn, "__name__", type(fn).__name__)


def compatible(spec: TensorSpec, shape: tuple) -> bool:
    """Whether a concrete `shape` fits a spec's shape (None matches any size)."""
    return len(spec.shape) == len(shape) and all(
        d is None or d == s for d, s in zip(spec.shape, shape)
    )
