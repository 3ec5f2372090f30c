"""Array API creation functions."""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core.convert import as_tensor
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError
from gradflow.numpy._args import cast

__all__ = ["asarray"]


def asarray(obj, /, *, dtype=None, device=None, copy: bool | None = None) -> Tensor:
    """`obj` as a tensor: Python floats give float32, ints int32; arrays keep their dtype.

    Args:
        obj: a tensor, Variable, NumPy array, Python scalar, nested sequence, or an
            object supporting the buffer protocol or DLPack.
        dtype: the dtype of the result (a cast if `obj` has another).
        device: None or 'cpu:0'.
        copy: True always copies, False never copies (an error if a cast would need
            one), None copies only when needed. Tensors are immutable, so a copy is
            only observable for NumPy inputs.

    Returns:
        A Tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.asarray([1, 2]).dtype
    dtype('int32')
    """
    if device is not None and str(device).lower() not in ("cpu", "cpu:0"):
        raise ArgumentError(f"asarray: the numpy backend has only device 'cpu:0', got {device!r}")
    if isinstance(obj, Tensor) or hasattr(obj, "_read"):
        x = as_tensor(obj)
        if dtype is None:
            return x
        dtype = dtypes.as_dtype(dtype)
        if copy is False and x.dtype != dtype:
            raise ArgumentError(
                f"asarray: converting {x.dtype.name} to {dtype.name} needs a copy, but copy=False"
            )
        return cast(x, dtype)
    if copy is False and not isinstance(obj, np.ndarray):
        raise ArgumentError(
            f"asarray: a {type(obj).__name__} cannot become a tensor without a copy, but "
            "copy=False"
        )
    if copy and isinstance(obj, np.ndarray):
        obj = obj.copy()
    if not isinstance(obj, (np.ndarray, np.generic, list, tuple, int, float, complex, bool)):
        if hasattr(obj, "__dlpack__"):
            obj = np.from_dlpack(obj)
    return as_tensor(obj, dtype=dtype)
