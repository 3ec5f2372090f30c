"""Array API creation functions."""

from __future__ import annotations

import operator

import numpy as np

from gradflow import dtypes
from gradflow.core.convert import as_tensor
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.numpy._args import cast, promote, tensor
from gradflow.ops import creation as ops_creation
from gradflow.ops import elementwise as ops_ew
from gradflow.ops import shape as shape_ops

__all__ = [
    "arange", "asarray", "empty", "empty_like", "eye", "from_dlpack", "full", "full_like",
    "linspace", "meshgrid", "ones", "ones_like", "tril", "triu", "zeros", "zeros_like",
]  # fmt: skip


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
    _check_device("asarray", device)
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
            f"asarray: a {type(obj).__name__} cannot become a tensor without a copy, but copy=False"
        )
    if copy and isinstance(obj, np.ndarray):
        obj = obj.copy()
    if not isinstance(obj, (np.ndarray, np.generic, list, tuple, int, float, complex, bool)):
        if hasattr(obj, "__dlpack__"):
            obj = np.from_dlpack(obj)
    return as_tensor(obj, dtype=dtype)


def _check_device(op: str, device) -> None:
    if device is not None and str(device).lower() not in ("cpu", "cpu:0"):
        raise ArgumentError(f"{op}: the numpy backend has only device 'cpu:0', got {device!r}")


def _shape_arg(op: str, shape) -> tuple:
    """`shape` (an int or a sequence of ints) as a tuple of non-negative ints."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        out = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise ArgumentError(
            f"{op}: shape must be an int or a tuple of ints, got {shape!r}"
        ) from None
    if any(d < 0 for d in out):
        raise ArgumentError(f"{op}: shape must not have negative dimensions, got {out}")
    return out


def _scalar_value(op: str, value):
    """A fill value as a Python scalar (hashable, for the `full` primitive's attribute)."""
    if isinstance(value, (Tensor, np.ndarray, np.generic)) or hasattr(value, "_read"):
        array = np.asarray(value)
        if array.ndim:
            raise ArgumentError(f"{op}: fill_value must be a scalar, got shape {array.shape}")
        return array.item(), array.dtype
    if isinstance(value, (bool, int, float, complex)):
        return value, None
    raise ArgumentError(f"{op}: fill_value must be a scalar, got {type(value).__name__}")


def _default_dtype(value) -> np.dtype:
    if isinstance(value, bool):
        return dtypes.bool
    if isinstance(value, int):
        return dtypes.DEFAULT_INT
    if isinstance(value, float):
        return dtypes.DEFAULT_FLOAT
    return dtypes.DEFAULT_COMPLEX


def _fill(op: str, shape: tuple, value, dtype) -> Tensor:
    dtype = dtypes.as_dtype(dtype)
    try:
        with np.errstate(over="raise", invalid="raise"):
            converted = np.asarray(value, dtype=dtype)
    except (OverflowError, FloatingPointError, TypeError, ValueError):
        raise DTypeError(f"{op}: fill_value {value!r} does not fit in {dtype.name}") from None
    return ops_ew.full(shape=shape, fill_value=converted.item(), dtype=dtype)


def empty(shape, *, dtype=None, device=None) -> Tensor:
    """A tensor of `shape` whose values are unspecified (gradflow fills zeros).

    Args:
        shape: an int or a tuple of ints.
        dtype: the dtype; float32 by default.
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.empty((2, 3)).shape
    (2, 3)
    """
    _check_device("empty", device)
    return _fill("empty", _shape_arg("empty", shape), 0, dtype or dtypes.DEFAULT_FLOAT)


def zeros(shape, *, dtype=None, device=None) -> Tensor:
    """A tensor of `shape` filled with zeros.

    Args:
        shape: an int or a tuple of ints.
        dtype: the dtype; float32 by default.
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.zeros(2).tolist()
    [0.0, 0.0]
    """
    _check_device("zeros", device)
    return _fill("zeros", _shape_arg("zeros", shape), 0, dtype or dtypes.DEFAULT_FLOAT)


def ones(shape, *, dtype=None, device=None) -> Tensor:
    """A tensor of `shape` filled with ones.

    Args:
        shape: an int or a tuple of ints.
        dtype: the dtype; float32 by default.
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.ones((1, 2), dtype=gf.int32).tolist()
    [[1, 1]]
    """
    _check_device("ones", device)
    return _fill("ones", _shape_arg("ones", shape), 1, dtype or dtypes.DEFAULT_FLOAT)


def full(shape, fill_value, *, dtype=None, device=None) -> Tensor:
    """A tensor of `shape` filled with `fill_value`.

    Args:
        shape: an int or a tuple of ints.
        fill_value: a Python scalar (or 0-d tensor).
        dtype: the dtype; by default bool for a bool, int32 for an int, float32 for a
            float and complex64 for a complex (a 0-d tensor keeps its dtype).
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.full((2,), 7).tolist()
    [7, 7]
    """
    _check_device("full", device)
    value, value_dtype = _scalar_value("full", fill_value)
    if dtype is None:
        dtype = value_dtype if value_dtype is not None else _default_dtype(value)
    return _fill("full", _shape_arg("full", shape), value, dtype)


def _like(op: str, x, value, dtype, device) -> Tensor:
    _check_device(op, device)
    x = tensor(x, op)
    dtype = x.dtype if dtype is None else dtypes.as_dtype(dtype)
    if dtype == x.dtype and isinstance(value, (bool, int, float)) and value in (0, 1):
        # the *_like primitives need no static shape (they follow x's in graph mode)
        return ops_ew.zeros_like(x) if value == 0 else ops_ew.ones_like(x)
    return _fill(op, x.shape, value, dtype)


def empty_like(x, /, *, dtype=None, device=None) -> Tensor:
    """A tensor shaped like `x` with unspecified values (gradflow fills zeros).

    Args:
        x: a tensor.
        dtype: the dtype; x's by default.
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.empty_like(gf.constant([1, 2])).shape
    (2,)
    """
    return _like("empty_like", x, 0, dtype, device)


def zeros_like(x, /, *, dtype=None, device=None) -> Tensor:
    """Zeros shaped like `x`.

    Args:
        x: a tensor.
        dtype: the dtype; x's by default.
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.zeros_like(gf.constant([1.5, 2.5])).tolist()
    [0.0, 0.0]
    """
    return _like("zeros_like", x, 0, dtype, device)


def ones_like(x, /, *, dtype=None, device=None) -> Tensor:
    """Ones shaped like `x`.

    Args:
        x: a tensor.
        dtype: the dtype; x's by default.
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.ones_like(gf.constant([1, 2])).tolist()
    [1, 1]
    """
    return _like("ones_like", x, 1, dtype, device)


def full_like(x, /, fill_value, *, dtype=None, device=None) -> Tensor:
    """A tensor shaped like `x` filled with `fill_value`.

    Args:
        x: a tensor.
        fill_value: a Python scalar (or 0-d tensor).
        dtype: the dtype; x's by default.
        device: None or 'cpu:0'.

    Returns:
        A new tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.full_like(gf.constant([1.0, 2.0]), 3).tolist()
    [3.0, 3.0]
    """
    value, _ = _scalar_value("full_like", fill_value)
    return _like("full_like", x, value, dtype, device)


def _number(op: str, name: str, value):
    if isinstance(value, (Tensor, np.ndarray, np.generic)) or hasattr(value, "_read"):
        value, _ = _scalar_value(op, value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentError(f"{op}: {name} must be a real number, got {value!r}")
    return value


def arange(start, /, stop=None, step=1, *, dtype=None, device=None) -> Tensor:
    """Evenly spaced values in the half-open interval [start, stop).

    Args:
        start: the first value; the stop (with start 0) when `stop` is None.
        stop: the end of the interval (excluded).
        step: the spacing, not zero.
        dtype: the dtype; int32 when every argument is an int, else float32.
        device: None or 'cpu:0'.

    Returns:
        A 1-d tensor of ceil((stop - start) / step) values.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.arange(1, 7, 2).tolist()
    [1, 3, 5]
    """
    _check_device("arange", device)
    if stop is None:
        start, stop = 0, start
    start, stop, step = (
        _number("arange", n, v) for n, v in (("start", start), ("stop", stop), ("step", step))
    )
    if dtype is None:
        ints = all(isinstance(v, int) for v in (start, stop, step))
        dtype = dtypes.DEFAULT_INT if ints else dtypes.DEFAULT_FLOAT
    dtype = dtypes.as_dtype(dtype)
    if dtypes.is_integer(dtype) and not all(float(v).is_integer() for v in (start, stop, step)):
        raise DTypeError(f"arange: {dtype.name} needs integer start, stop and step")
    return ops_creation.arange(start=start, stop=stop, step=step, dtype=dtype)


def linspace(start, stop, /, num, *, dtype=None, device=None, endpoint: bool = True) -> Tensor:
    """`num` evenly spaced values from `start` to `stop`.

    Args:
        start: the first value.
        stop: the last value (included when `endpoint`).
        num: how many values (non-negative).
        dtype: the dtype; float32 by default.
        device: None or 'cpu:0'.
        endpoint: whether `stop` is the last value.

    Returns:
        A 1-d tensor of `num` values.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.linspace(0, 1, 5).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    _check_device("linspace", device)
    start, stop = _number("linspace", "start", start), _number("linspace", "stop", stop)
    num = operator.index(num)
    dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype)
    return ops_creation.linspace(
        start=start, stop=stop, num=num, endpoint=bool(endpoint), dtype=dtype
    )


def eye(n_rows, n_cols=None, /, *, k: int = 0, dtype=None, device=None) -> Tensor:
    """A 2-d tensor with ones on the k-th diagonal and zeros elsewhere.

    Args:
        n_rows: the number of rows.
        n_cols: the number of columns (n_rows by default).
        k: the diagonal: 0 the main one, positive above it, negative below.
        dtype: the dtype; float32 by default.
        device: None or 'cpu:0'.

    Returns:
        A tensor of shape (n_rows, n_cols).

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.eye(2, dtype=gf.int32).tolist()
    [[1, 0], [0, 1]]
    """
    _check_device("eye", device)
    n_rows = operator.index(n_rows)
    n_cols = n_rows if n_cols is None else operator.index(n_cols)
    if n_rows < 0 or n_cols < 0:
        raise ArgumentError(f"eye: n_rows and n_cols must be non-negative, got {n_rows}, {n_cols}")
    dtype = dtypes.DEFAULT_FLOAT if dtype is None else dtypes.as_dtype(dtype)
    return ops_creation.eye(n_rows=n_rows, n_cols=n_cols, k=operator.index(k), dtype=dtype)


def from_dlpack(x, /, *, device=None, copy: bool | None = None) -> Tensor:
    """A tensor from an object supporting DLPack (`__dlpack__`), such as another
    library's CPU array.

    Args:
        x: the DLPack provider.
        device: None or 'cpu:0'.
        copy: True always copies, False never copies, None copies only if needed.

    Returns:
        A tensor with x's dtype and values.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> gf.numpy.from_dlpack(np.arange(3)).tolist()
    [0, 1, 2]
    """
    _check_device("from_dlpack", device)
    kwargs = {} if copy is None else {"copy": copy}
    try:
        array = np.from_dlpack(x, **kwargs)
    except (AttributeError, TypeError) as e:
        raise ArgumentError(
            f"from_dlpack: {type(x).__name__} does not support DLPack: {e}"
        ) from None
    return as_tensor(array)


def meshgrid(*arrays, indexing: str = "xy") -> list[Tensor]:
    """Coordinate grids from 1-d coordinate vectors.

    Args:
        *arrays: 1-d tensors (promoted to one dtype).
        indexing: 'xy' (Cartesian: the first two outputs' axes swapped) or 'ij'
            (matrix indexing).

    Returns:
        A list of tensors, all of the grid's shape.

    Example:
    >>> import gradflow as gf
    >>> x, y = gf.numpy.meshgrid(gf.constant([1, 2, 3]), gf.constant([4, 5]))
    >>> x.shape
    (2, 3)
    """
    if indexing not in ("xy", "ij"):
        raise ArgumentError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    xs = promote("meshgrid", *arrays) if arrays else []
    for i, x in enumerate(xs):
        if x.ndim != 1:
            raise ShapeError(f"meshgrid: array {i} must be 1-d, got shape {x.shape}")
    shape = [x.shape[0] for x in xs]
    axes = list(range(len(xs)))
    if indexing == "xy" and len(xs) > 1:
        shape[0], shape[1] = shape[1], shape[0]
        axes[0], axes[1] = 1, 0
    out = []
    for x, axis in zip(xs, axes):
        lifted_shape = tuple(shape[axis] if i == axis else 1 for i in range(len(xs)))
        lifted = shape_ops.reshape(x, shape=lifted_shape)
        out.append(shape_ops.broadcast_to(lifted, shape=tuple(shape)))
    return out


def _triangle(op: str, prim, x, k):
    x = tensor(x, op)
    if x.ndim < 2:
        raise ShapeError(f"{op}: needs a tensor of rank >= 2, got {x.dtype.name}{list(x.shape)}")
    return prim(x, k=operator.index(k))


def tril(x, /, *, k: int = 0) -> Tensor:
    """The lower triangle of each matrix in `x` (elements above the k-th diagonal zeroed).

    Args:
        x: a tensor of rank >= 2 (a matrix or a batch of them).
        k: the diagonal: 0 the main one, positive above it, negative below.

    Returns:
        A tensor like x.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.tril(gf.constant([[1, 2], [3, 4]])).tolist()
    [[1, 0], [3, 4]]
    """
    return _triangle("tril", ops_creation.tril, x, k)


def triu(x, /, *, k: int = 0) -> Tensor:
    """The upper triangle of each matrix in `x` (elements below the k-th diagonal zeroed).

    Args:
        x: a tensor of rank >= 2 (a matrix or a batch of them).
        k: the diagonal: 0 the main one, positive above it, negative below.

    Returns:
        A tensor like x.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.triu(gf.constant([[1, 2], [3, 4]])).tolist()
    [[1, 2], [0, 4]]
    """
    return _triangle("triu", ops_creation.triu, x, k)
