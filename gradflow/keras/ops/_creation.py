"""keras.ops.numpy, tensor creation (ranges, constants, window functions) and products
(matmul, dot, einsum, tensordot, kron, cross) and diagonals."""

from __future__ import annotations

import builtins

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op

gnp = gf.numpy
_tensor, _promote, _to_float = _dtypes.tensor, _dtypes.promote, _dtypes.to_float


def _dtype(dtype) -> str:
    return backend.floatx() if dtype is None else _dtypes.dtype_name(dtype)


def _shape(shape) -> tuple:
    return (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape)


@keras_op
def zeros(shape, dtype=None):
    """A tensor of zeros (`floatx()` by default).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.zeros((2,)).tolist()
    [0.0, 0.0]
    """
    return gnp.zeros(_shape(shape), dtype=_dtype(dtype))


@keras_op
def ones(shape, dtype=None):
    """A tensor of ones (`floatx()` by default).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.ones((2,), dtype="int32").tolist()
    [1, 1]
    """
    return gnp.ones(_shape(shape), dtype=_dtype(dtype))


@keras_op
def empty(shape, dtype=None):
    """An uninitialized tensor (here: zeros) of `shape`."""
    return gnp.zeros(_shape(shape), dtype=_dtype(dtype))


@keras_op
def full(shape, fill_value, dtype=None):
    """A tensor of `shape` filled with `fill_value` (`floatx()` by default)."""
    fill = _tensor(fill_value, _dtype(dtype))
    return gnp.broadcast_to(fill, _shape(shape))


def _like_dtype(x, dtype):
    return x.dtype.name if dtype is None else _dtypes.dtype_name(dtype)


@keras_op
def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype, unless given) of `x`."""
    x = _tensor(x)
    return gnp.zeros_like(x, dtype=_like_dtype(x, dtype))


@keras_op
def ones_like(x, dtype=None):
    """Ones with the shape (and dtype, unless given) of `x`."""
    x = _tensor(x)
    return gnp.ones_like(x, dtype=_like_dtype(x, dtype))


@keras_op
def empty_like(x, dtype=None):
    """An uninitialized (here: zero) tensor like `x`."""
    x = _tensor(x)
    return gnp.zeros_like(x, dtype=_like_dtype(x, dtype))


@keras_op
def full_like(x, fill_value, dtype=None):
    """`fill_value` with the shape (and dtype, unless given) of `x`."""
    x = _tensor(x)
    return gnp.broadcast_to(_tensor(fill_value, _like_dtype(x, dtype)), x.shape)


@keras_op
def array(x, dtype=None):
    """`x` as a tensor (Python ints become int32, floats `floatx()`).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.array([1, 2]).dtype.name
    'int32'
    """
    return _tensor(x, dtype)


@keras_op
def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in [start, stop) (or [0, start) with one argument).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.arange(1, 7, 2).tolist()
    [1, 3, 5]
    """
    if dtype is None:
        given = [v for v in (start, stop, step) if v is not None]
        dtype = _dtypes.result_type(*[_dtypes.dtype_of(v) for v in given])
    dtype = _dtypes.dtype_name(dtype)
    if stop is None:
        start, stop = 0, start
    values = [float(v.numpy()) if isinstance(v, gf.Tensor) else v for v in (start, stop)]
    return gnp.arange(values[0], values[1], 1 if step is None else step, dtype=dtype)


def _spaced(start, stop, num, endpoint, dtype, axis):
    """start + (stop - start) * t along a new axis `axis`, and the step."""
    compute = _dtypes.result_type(_dtypes.dtype_of(start), _dtypes.dtype_of(stop), float)
    start, stop = _tensor(start, compute), _tensor(stop, compute)
    div = (num - 1) if endpoint else num
    t = np.arange(num, dtype=np.float64) / builtins.max(div, 1)
    shape = np.broadcast_shapes(start.shape, stop.shape)
    t = gf.constant(t.reshape((num,) + (1,) * len(shape)).astype(compute))
    step = (stop - start) / builtins.max(div, 1)
    out = start + (stop - start) * t
    if endpoint and num > 1:  # the last sample is exactly `stop`
        last = gnp.expand_dims(gnp.broadcast_to(stop, shape), axis=0)
        out = gnp.concat([out[:-1], last], axis=0)
    out = gnp.moveaxis(out, 0, axis)
    return out, step


@keras_op
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` (inclusive when `endpoint`).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.linspace(0.0, 1.0, 3).tolist()
    [0.0, 0.5, 1.0]
    """
    out, step = _spaced(start, stop, num, endpoint, dtype, axis)
    if dtype is not None:
        out = _tensor(out, dtype)
    return (out, step) if retstep else out


@keras_op
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`base ** linspace(start, stop, num)`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.logspace(0.0, 2.0, 3).tolist()
    [1.0, 10.0, 100.0]
    """
    exponents, _ = _spaced(start, stop, num, endpoint, dtype, axis)
    out = gnp.pow(_tensor(base, exponents.dtype), exponents)
    return out if dtype is None else _tensor(out, dtype)


@keras_op
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` values from `start` to `stop` spaced evenly on a log scale.

    Example:
    >>> from gradflow.keras import ops
    >>> [round(v, 4) for v in ops.geomspace(1.0, 100.0, 3).tolist()]
    [1.0, 10.0, 100.0]
    """
    start_t, stop_t = _to_float(start), _to_float(stop)
    sign = gnp.sign(start_t)
    logs, _ = _spaced(gnp.log(gnp.abs(start_t)), gnp.log(gnp.abs(stop_t)), num, endpoint, None, 0)
    out = sign * gnp.exp(logs)
    if num > 0:  # exact end points, as NumPy gives
        first = gnp.expand_dims(gnp.broadcast_to(start_t, out.shape[1:]), axis=0)
        parts = [first, out[1:]]
        if endpoint and num > 1:
            last = gnp.expand_dims(gnp.broadcast_to(stop_t, out.shape[1:]), axis=0)
            parts = [first, out[1:-1], last]
        out = gnp.concat(parts, axis=0)
    out = gnp.moveaxis(out, 0, axis)
    return out if dtype is None else _tensor(out, dtype)


@keras_op
def eye(N, M=None, k=0, dtype=None):
    """A 2-d tensor with ones on the `k`-th diagonal.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.eye(2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return gnp.eye(int(N), None if M is None else int(M), k=int(k), dtype=_dtype(dtype))


@keras_op
def identity(n, dtype=None):
    """The n x n identity matrix."""
    return gnp.eye(int(n), dtype=_dtype(dtype))


@keras_op
def tri(N, M=None, k=0, dtype=None):
    """Ones at and below the `k`-th diagonal of an N x M matrix, zeros above.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.tri(2, dtype="int32").tolist()
    [[1, 0], [1, 1]]
    """
    return gf.constant(np.tri(int(N), None if M is None else int(M), int(k), dtype=_dtype(dtype)))


def _window(values: np.ndarray):
    return gf.constant(values.astype(backend.floatx()))


@keras_op
def bartlett(x):
    """The Bartlett (triangular) window of length `x`."""
    return _window(np.bartlett(int(x)))


@keras_op
def blackman(x):
    """The Blackman window of length `x`."""
    return _window(np.blackman(int(x)))


@keras_op
def hamming(x):
    """The Hamming window of length `x`."""
    return _window(np.hamming(int(x)))


@keras_op
def hanning(x):
    """The Hann window of length `x`."""
    return _window(np.hanning(int(x)))


@keras_op
def kaiser(x, beta):
    """The Kaiser window of length `x` with shape parameter `beta`."""
    return _window(np.kaiser(int(x), float(beta)))


# -- diagonals and triangles -------------------------------------------------------------------
@keras_op
def tril(x, k=0):
    """`x` with elements above the `k`-th diagonal zeroed."""
    return gnp.tril(_tensor(x), k=int(k))


@keras_op
def triu(x, k=0):
    """`x` with elements below the `k`-th diagonal zeroed."""
    return gnp.triu(_tensor(x), k=int(k))


@keras_op
def diagonal(x, offset=0, axis1=0, axis2=1):
    """The `offset` diagonal of `x` over axes `axis1`, `axis2` (as the last axis).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.diagonal([[1, 2], [3, 4]]).tolist()
    [1, 4]
    """
    x = _tensor(x)
    return gnp.linalg.diagonal(gnp.moveaxis(x, (axis1, axis2), (-2, -1)), offset=int(offset))


def _diag_matrix(v, k):
    n = v.shape[0] + builtins.abs(k)
    rows = np.arange(v.shape[0]) + builtins.max(-k, 0)
    cols = np.arange(v.shape[0]) + builtins.max(k, 0)
    onehot = np.zeros((v.shape[0], n * n), dtype=v.dtype)
    onehot[np.arange(v.shape[0]), rows * n + cols] = 1
    flat = (
        gnp.matmul(gnp.expand_dims(v, axis=0), gf.constant(onehot)) if v.dtype.kind == "f" else None
    )
    if flat is None:  # ints and bools: no matmul needed, a sum of masked rows
        flat = gnp.sum(gnp.expand_dims(v, axis=-1) * gf.constant(onehot), axis=0)
    return gnp.reshape(flat, (n, n))


@keras_op
def diag(x, k=0):
    """The `k`-th diagonal of a 2-d `x`, or a 2-d matrix with 1-d `x` on that diagonal.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.diag([1, 2]).tolist()
    [[1, 0], [0, 2]]
    """
    x = _tensor(x)
    if x.ndim == 1:
        return _diag_matrix(x, int(k))
    if x.ndim == 2:
        return gnp.linalg.diagonal(x, offset=int(k))
    raise ValueError(f"`x` must be 1-D or 2-D. Received: x.shape={x.shape}")


@keras_op
def diagflat(x, k=0):
    """A 2-d matrix with the flattened `x` on its `k`-th diagonal."""
    return _diag_matrix(gnp.reshape(_tensor(x), (-1,)), int(k))


@keras_op
def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of 1-d `x`: columns x**(N-1) ... x**0 (or increasing).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.vander([2, 3], 3).tolist()
    [[4, 2, 1], [9, 3, 1]]
    """
    x = _tensor(x)
    n = x.shape[0] if N is None else int(N)
    powers = np.arange(n) if increasing else np.arange(n)[::-1]
    return gnp.pow(gnp.expand_dims(x, axis=-1), gf.constant(powers.astype(x.dtype)))


# -- products ----------------------------------------------------------------------------------
def _product_operands(x1, x2):
    a, b = _tensor(x1), _tensor(x2)
    if a.dtype.name == "int8" and b.dtype.name == "int8":
        return _tensor(a, "int32"), _tensor(b, "int32")
    return _promote(a, b)


@keras_op
def matmul(x1, x2):
    """The matrix product of `x1` and `x2` (batched over leading axes; 1-d operands are
    vectors). int8 x int8 gives int32.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.matmul([[1, 2]], [[3], [4]]).tolist()
    [[11]]
    """
    a, b = _product_operands(x1, x2)
    if a.dtype == gf.bool:
        a, b = _tensor(a, "int32"), _tensor(b, "int32")
    return gnp.matmul(a, b)


@keras_op
def dot(x1, x2):
    """NumPy's dot: products for scalars, inner product for vectors, matmul for matrices,
    and a sum over the last axis of `x1` and the second-to-last of `x2` otherwise."""
    a, b = _product_operands(x1, x2)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    if b.ndim == 1:
        return gnp.tensordot(a, b, axes=([-1 % a.ndim], [0]))
    if a.ndim <= 2 and b.ndim == 2:
        return gnp.matmul(a, b)
    return gnp.tensordot(a, b, axes=([a.ndim - 1], [b.ndim - 2]))


@keras_op
def inner(x1, x2):
    """The sum of products over the last axes of `x1` and `x2`."""
    a, b = _product_operands(x1, x2)
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    return gnp.tensordot(a, b, axes=([a.ndim - 1], [b.ndim - 1]))


@keras_op
def vdot(x1, x2):
    """The dot product of the flattened `x1` (conjugated) and `x2`."""
    a, b = _product_operands(x1, x2)
    a = gnp.conj(a) if a.dtype.kind == "c" else a
    return gnp.sum(gnp.reshape(a, (-1,)) * gnp.reshape(b, (-1,)))


@keras_op
def outer(x1, x2):
    """The outer product of the flattened `x1` and `x2`."""
    a, b = _promote(x1, x2)
    return gnp.reshape(a, (-1, 1)) * gnp.reshape(b, (1, -1))


@keras_op
def tensordot(x1, x2, axes=2):
    """The sum of products over `axes` (an int: the last of `x1` and first of `x2`; or two
    sequences of axes)."""
    a, b = _product_operands(x1, x2)
    if not isinstance(axes, int):
        axes = tuple(tuple(ax) if isinstance(ax, (list, tuple)) else (ax,) for ax in axes)
    return gnp.tensordot(a, b, axes=axes)


@keras_op
def kron(x1, x2):
    """The Kronecker product of `x1` and `x2` (blocks of `x2` scaled by elements of `x1`).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.kron([1, 10], [1, 2]).tolist()
    [1, 2, 10, 20]
    """
    a, b = _promote(x1, x2)
    ndim = builtins.max(a.ndim, b.ndim)
    a = gnp.reshape(a, (1,) * (ndim - a.ndim) + a.shape)
    b = gnp.reshape(b, (1,) * (ndim - b.ndim) + b.shape)
    a_shape = tuple(d for n in a.shape for d in (n, 1))
    b_shape = tuple(d for n in b.shape for d in (1, n))
    out = gnp.reshape(a, a_shape) * gnp.reshape(b, b_shape)
    return gnp.reshape(out, tuple(m * n for m, n in zip(a.shape, b.shape)))


@keras_op
def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 3-vectors (or 2-vectors: the z component) along the given axes.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.cross([1, 0, 0], [0, 1, 0]).tolist()
    [0, 0, 1]
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = _promote(x1, x2)
    a, b = gnp.moveaxis(a, axisa, -1), gnp.moveaxis(b, axisb, -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError(
            "Dimension of vectors for cross product must be 2 or 3. "
            f"Received: x1.shape={a.shape}, x2.shape={b.shape}"
        )
    a0, a1 = a[..., 0], a[..., 1]
    b0, b1 = b[..., 0], b[..., 1]
    a2 = a[..., 2] if a.shape[-1] == 3 else None
    b2 = b[..., 2] if b.shape[-1] == 3 else None
    z = a0 * b1 - a1 * b0
    if a2 is None and b2 is None:
        return z
    a2 = gnp.zeros_like(a0) if a2 is None else a2
    b2 = gnp.zeros_like(b0) if b2 is None else b2
    out = gnp.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, z], axis=-1)
    return gnp.moveaxis(out, -1, axisc)


@keras_op
def slogdet(x):
    """The sign and log of the absolute determinant of square matrices `x`.

    Example:
    >>> from gradflow.keras import ops
    >>> sign, logdet = ops.slogdet([[2.0, 0.0], [0.0, 3.0]])
    >>> float(sign), round(float(logdet), 4)
    (1.0, 1.7918)
    """
    result = gnp.linalg.slogdet(_to_float(x))
    return result[0], result[1]


__all__ = exported(__name__)
