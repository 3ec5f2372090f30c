"""Turning user values (Python numbers, nested lists, NumPy arrays, Variables) into Tensors."""

from __future__ import annotations

import numpy as np

from gradflow import config, dtypes
from gradflow.core.tensor import Tensor
from gradflow.errors import DTypeError

_NUMPY = (np.ndarray, np.generic)  # NumPy values keep their dtype; Python values get defaults


def _array_from_python(value) -> np.ndarray:
    array = np.asarray(value)
    kind = array.dtype.kind
    if kind == "f" and array.dtype == np.float64 and not isinstance(value, _NUMPY):
        return array.astype(dtypes.DEFAULT_FLOAT)
    if kind == "i" and array.dtype == np.int64 and not isinstance(value, _NUMPY):
        return _narrow_int(array)
    if kind == "c" and array.dtype == np.complex128 and not isinstance(value, _NUMPY):
        return array.astype(dtypes.DEFAULT_COMPLEX)
    return array


def _narrow_int(array: np.ndarray) -> np.ndarray:
    info = np.iinfo(dtypes.DEFAULT_INT)
    if array.size and (array.max() > info.max or array.min() < info.min):
        return array  # too large for int32: keep int64 rather than wrap around
    return array.astype(dtypes.DEFAULT_INT)


def as_tensor(value, dtype=None) -> Tensor:
    """`value` as a Tensor; Python floats become float32 and ints int32, as in TF and JAX.

    NumPy arrays keep their dtype. A Variable gives its current value (and the read is
    noted by active tapes).

    Args:
        value: a Tensor, Variable, NumPy array or scalar, or nested Python sequences.
        dtype: cast to this dtype (a gradflow dtype or its name).
    """
    if isinstance(value, Tensor):
        tensor = value
    elif hasattr(value, "_read"):
        tensor = value._read()
    else:
        if isinstance(value, (list, tuple)) and any(
            hasattr(v, "_read") or isinstance(v, Tensor) for v in value
        ):
            value = [np.asarray(v) for v in value]
        try:
            if dtype is None:
                array = _array_from_python(value)
            else:
                array = np.asarray(value, dtype=dtypes.as_dtype(dtype))
        except (ValueError, TypeError, OverflowError) as e:
            raise DTypeError(
                f"constant: cannot convert {type(value).__name__} to a tensor: {e}"
            ) from None
        dtype_check(array.dtype, value)
        tensor = Tensor(array if config._backend == "numpy" else backend_array(array))
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        if tensor.dtype != dtype:
            from gradflow.ops.elementwise import astype  # ops depend on core, not the reverse

            tensor = (
                astype(tensor, dtype=dtype)
                if _tracked(tensor)
                else Tensor(tensor._value.astype(dtype))
            )
    return tensor


def backend_array(array: np.ndarray):
    """`array` as the current backend holds it: NumPy arrays as they are on the numpy
    backend, jax arrays on the current device on the xla backend."""
    if config.backend_name() == "numpy" or _tracing():
        return array  # graph constants stay NumPy arrays: graph passes fold them on NumPy
    from gradflow.backends.xla.devices import put

    return put(array)


def _tracing() -> bool:
    from gradflow.core import context

    return context.state().tracer is not None


def _tracked(tensor: Tensor) -> bool:
    """Whether a cast must go through an op (so a tape can see it)."""
    from gradflow.core import context

    return bool(context.state().tapes) or context.state().tracer is not None


def dtype_check(dtype: np.dtype, value) -> None:
    if dtype not in _ALL:
        raise DTypeError(
            f"constant: {type(value).__name__} of NumPy dtype {dtype} has no gradflow dtype; "
            "gradflow tensors hold bool, integer, floating or complex numbers"
        )


_ALL = frozenset(dtypes.ALL)


def constant(value, dtype=None) -> Tensor:
    """A tensor holding `value`.

    Args:
        value: a Python number, nested sequence, NumPy array or Tensor.
        dtype: the dtype to use; by default Python floats give float32, ints int32, and
            NumPy arrays keep theirs.

    Returns:
        A new Tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.constant([1, 2]).dtype
    dtype('int32')
    """
    return as_tensor(value, dtype=dtype)
