"""keras.ops math: special functions, segment reductions, top-k, sequences, and Fourier
transforms on (real, imag) pairs (as dense DFT matmuls), short-time ones included."""

from __future__ import annotations

import math as _math

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes, _shapes
from gradflow.keras.ops._symbolic import exported, keras_op
from gradflow.ops import indexing as _indexing
from gradflow.ops import nn as _nn_prims

gnp = gf.numpy
_tensor, _to_float = _dtypes.tensor, _dtypes.to_float


@keras_op
def erf(x):
    """The error function, elementwise.

    Example:
    >>> from gradflow.keras import ops
    >>> round(float(ops.erf(0.5)), 5)
    0.5205
    """
    return _nn_prims.erf(_to_float(x))


@keras_op
def erfc(x):
    """1 - erf(x)."""
    return 1.0 - erf(x)


@keras_op
def erfinv(x):
    """The inverse error function on (-1, 1): Giles's approximation refined by two Newton
    steps.

    Example:
    >>> from gradflow.keras import ops
    >>> round(float(ops.erfinv(0.5)), 5)
    0.47694
    """
    x = _to_float(x)
    w = -gnp.log((1.0 - x) * (1.0 + x))
    w_small, w_big = w - 2.5, gnp.sqrt(gnp.maximum(w, 5.0)) - 3.0
    small = 2.81022636e-08
    for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
              -0.00417768164, 0.246640727, 1.50140941):  # fmt: skip
        small = c + small * w_small
    big = -0.000200214257
    for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
              0.00943887047, 1.00167406, 2.83297682):  # fmt: skip
        big = c + big * w_big
    y = gnp.where(w < 5.0, small, big) * x
    two_over_sqrt_pi = 2.0 / _math.sqrt(_math.pi)
    for _ in range(2):  # Newton on erf(y) = x
        y = y - (_nn_prims.erf(y) - x) / (two_over_sqrt_pi * gnp.exp(-y * y))
    edge = gnp.abs(x) >= 1.0
    infinity = gnp.where(x > 0, gnp.full_like(x, np.inf), gnp.full_like(x, -np.inf))
    return gnp.where(edge, infinity, y)


@keras_op
def rsqrt(x):
    """1 / sqrt(x).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.rsqrt(4.0).tolist()
    0.5
    """
    return 1.0 / gnp.sqrt(_to_float(x))


@keras_op
def logsumexp(x, axis=None, keepdims=False):
    """log(sum(exp(x))) over `axis`, stably.

    Example:
    >>> from gradflow.keras import ops
    >>> round(float(ops.logsumexp([0.0, 0.0])), 5)
    0.69315
    """
    x = _to_float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    top = gf.stop_gradient(gnp.max(x, axis=axis, keepdims=True))
    top = gnp.where(gnp.isfinite(top), top, gnp.zeros_like(top))
    out = gnp.log(gnp.sum(gnp.exp(x - top), axis=axis, keepdims=True)) + top
    return out if keepdims else gnp.squeeze(out, axis=axis if axis is not None else None)


@keras_op
def logdet(x):
    """The log of the determinant of symmetric positive definite matrices `x`."""
    return gnp.linalg.slogdet(_to_float(x))[1]


@keras_op
def top_k(x, k, sorted=True):
    """The `k` largest entries of `x` along its last axis and their int32 indices.

    Example:
    >>> from gradflow.keras import ops
    >>> values, indices = ops.top_k([1.0, 3.0, 2.0], 2)
    >>> values.tolist(), indices.tolist()
    ([3.0, 2.0], [1, 2])
    """
    x = _tensor(x)
    order = gnp.argsort(x, axis=-1, descending=True, stable=True)[..., :k]
    return gnp.take_along_axis(x, order, axis=-1), gnp.astype(order, "int32")


@keras_op
def in_top_k(targets, predictions, k):
    """Whether each row's `targets` class ranks among the `k` largest `predictions`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.in_top_k([1, 0], [[0.1, 0.9], [0.2, 0.8]], 1).tolist()
    [True, False]
    """
    targets = _tensor(targets, "int32")
    predictions = _to_float(predictions)
    at_label = gnp.take_along_axis(predictions, gnp.expand_dims(targets, axis=-1), axis=-1)
    at_label = gnp.where(gnp.isnan(at_label), gnp.full_like(at_label, -np.inf), at_label)
    rank = 1 + gnp.sum(gnp.astype(predictions > at_label, "int32"), axis=-1)
    return rank <= k


def _segments(data, segment_ids, num_segments):
    data, ids = _tensor(data), _tensor(segment_ids, "int32")
    if num_segments is None:
        num_segments = int(gnp.max(ids).numpy()) + 1
    return data, ids, int(num_segments)


@keras_op
def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    """Sums of the rows of `data` grouped by `segment_ids`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.segment_sum([1.0, 2.0, 3.0], [0, 0, 1]).tolist()
    [3.0, 3.0]
    """
    data, ids, n = _segments(data, segment_ids, num_segments)
    valid = gnp.logical_and(ids >= 0, ids < n)
    shape = (ids.shape[0],) + (1,) * (data.ndim - 1)
    data = gnp.where(gnp.reshape(valid, shape), data, gnp.zeros_like(data))
    ids = gnp.where(valid, ids, gnp.zeros_like(ids))
    return _indexing.scatter_add(data, ids, axes=(0,), shape=(n,) + data.shape[1:])


def _segment_reduce(data, segment_ids, num_segments, reduce, fill):
    data, ids, n = _segments(data, segment_ids, num_segments)
    member = gnp.equal(
        gnp.expand_dims(ids, axis=0), gnp.expand_dims(gnp.arange(n, dtype="int32"), axis=1)
    )
    member = gnp.reshape(member, member.shape + (1,) * (data.ndim - 1))
    spread = gnp.where(member, gnp.expand_dims(data, axis=0), gnp.full_like(data, fill))
    return reduce(spread, axis=1)


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).max


@keras_op
def segment_max(data, segment_ids, num_segments=None, sorted=False):
    """Maxima of the rows of `data` grouped by `segment_ids` (empty segments: the lowest
    value of the dtype)."""
    fill = _lowest(_tensor(data).dtype)
    return _segment_reduce(data, segment_ids, num_segments, gnp.max, fill)


@keras_op
def segment_min(data, segment_ids, num_segments=None, sorted=False):
    """Minima of the rows of `data` grouped by `segment_ids` (empty segments: the highest
    value of the dtype)."""
    fill = _highest(_tensor(data).dtype)
    return _segment_reduce(data, segment_ids, num_segments, gnp.min, fill)


@keras_op
def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    """Products of the rows of `data` grouped by `segment_ids` (empty segments: 1)."""
    return _segment_reduce(data, segment_ids, num_segments, gnp.prod, 1)


@keras_op
def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of `sequence_length` taken every `sequence_stride` along the last axis.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.extract_sequences([1, 2, 3, 4, 5], 2, 2).tolist()
    [[1, 2], [3, 4]]
    """
    x = _tensor(x)
    n = x.shape[-1]
    count = 1 + (n - sequence_length) // sequence_stride
    index = np.arange(count)[:, None] * sequence_stride + np.arange(sequence_length)[None, :]
    frames = gnp.take(x, gf.constant(index.reshape(-1).astype("int32")), axis=x.ndim - 1)
    return gnp.reshape(frames, x.shape[:-1] + (count, sequence_length))


@keras_op
def cdist(x, y):
    """Euclidean distances between the rows of `x` (..., P, M) and `y` (..., R, M).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.cdist([[0.0, 0.0]], [[3.0, 4.0]]).tolist()
    [[5.0]]
    """
    x, y = _dtypes.promote(x, y)
    x, y = _to_float(x), _to_float(y)
    diff = gnp.expand_dims(x, axis=-2) - gnp.expand_dims(y, axis=-3)
    return gnp.sqrt(gnp.sum(diff * diff, axis=-1))


# -- Fourier transforms ------------------------------------------------------------------------
def _pair(x):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"Input `x` should be a tuple of two tensors - real and imaginary. Received: x={x}"
        )
    real, imag = _dtypes.promote(x[0], x[1])
    real, imag = _to_float(real), _to_float(imag)
    if real.shape != imag.shape:
        raise ValueError(
            "Input `x` should be a tuple of two tensors - real and imaginary. Both the real "
            f"and imaginary parts should have the same shape. Received: x[0].shape = "
            f"{real.shape}, x[1].shape = {imag.shape}"
        )
    return real, imag


def _dft(n: int, m: int, dtype, sign: float):
    k = np.arange(n)[:, None] * np.arange(m)[None, :]
    angle = 2.0 * np.pi * (k % n) / n
    return gf.constant(np.cos(angle).astype(dtype)), gf.constant(
        (sign * np.sin(angle)).astype(dtype)
    )


def _dft_last(real, imag, sign: float):
    n = real.shape[-1]
    c, s = _dft(n, n, real.dtype, sign)
    return gnp.matmul(real, c) - gnp.matmul(imag, s), gnp.matmul(real, s) + gnp.matmul(imag, c)


@keras_op
def fft(x):
    """The 1-d discrete Fourier transform over the last axis of (real, imag).

    Example:
    >>> from gradflow.keras import ops
    >>> real, imag = ops.fft(([1.0, 0.0], [0.0, 0.0]))
    >>> real.tolist()
    [1.0, 1.0]
    """
    real, imag = _pair(x)
    return _dft_last(real, imag, -1.0)


@keras_op
def fft2(x):
    """The 2-d discrete Fourier transform over the last two axes of (real, imag)."""
    real, imag = _pair(x)
    real, imag = _dft_last(real, imag, -1.0)
    real, imag = gnp.matrix_transpose(real), gnp.matrix_transpose(imag)
    real, imag = _dft_last(real, imag, -1.0)
    return gnp.matrix_transpose(real), gnp.matrix_transpose(imag)


@keras_op
def ifft2(x):
    """The inverse of `fft2`."""
    real, imag = _pair(x)
    n = real.shape[-1] * real.shape[-2]
    real, imag = _dft_last(real, imag, 1.0)
    real, imag = gnp.matrix_transpose(real), gnp.matrix_transpose(imag)
    real, imag = _dft_last(real, imag, 1.0)
    return gnp.matrix_transpose(real) / n, gnp.matrix_transpose(imag) / n


def _fit_length(x, length):
    n = x.shape[-1]
    if length == n:
        return x
    if length < n:
        return x[..., :length]
    return gnp.concat([x, gnp.zeros(x.shape[:-1] + (length - n,), dtype=x.dtype)], axis=-1)


@keras_op
def rfft(x, fft_length=None):
    """The DFT of real `x` over its last axis: (real, imag) of the fft_length // 2 + 1
    non-negative frequencies.

    Example:
    >>> from gradflow.keras import ops
    >>> real, imag = ops.rfft([1.0, 1.0, 1.0, 1.0])
    >>> real.tolist()
    [4.0, 0.0, 0.0]
    """
    x = _to_float(x)
    n = x.shape[-1] if fft_length is None else int(fft_length)
    x = _fit_length(x, n)
    c, s = _dft(n, n // 2 + 1, x.dtype, -1.0)
    return gnp.matmul(x, c), gnp.matmul(x, s)


@keras_op
def irfft(x, fft_length=None):
    """The inverse of `rfft`: real signals of `fft_length` (2 * (bins - 1) by default)."""
    real, imag = _pair(x)
    bins = real.shape[-1]
    n = 2 * (bins - 1) if fft_length is None else int(fft_length)
    used = n // 2 + 1
    real, imag = _fit_length(real, used), _fit_length(imag, used)
    weight = np.full(used, 2.0)
    weight[0] = 1.0
    if n % 2 == 0:
        weight[-1] = 1.0
    k = np.arange(used)[:, None] * np.arange(n)[None, :]
    angle = 2.0 * np.pi * (k % n) / n
    c = gf.constant((weight[:, None] * np.cos(angle) / n).astype(real.dtype))
    s = gf.constant((weight[:, None] * np.sin(angle) / n).astype(real.dtype))
    return gnp.matmul(real, c) - gnp.matmul(imag, s)


# -- short-time Fourier transforms -------------------------------------------------------------
def _window(window, sequence_length: int, fft_length: int, dtype):
    """The analysis window, zero-padded on both sides to `fft_length` (centred)."""
    if isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError(
                'If a string is passed to `window`, it must be one of `"hann"`, `"hamming"`. '
                f"Received: window={window}"
            )
        # periodic windows (scipy.signal.get_window's default, fftbins=True)
        phase = 2.0 * np.pi * np.arange(sequence_length) / sequence_length
        a0 = 0.5 if window == "hann" else 0.54
        window = gf.constant((a0 - (1.0 - a0) * np.cos(phase)).astype(dtype))
    elif window is None:
        return gnp.ones((fft_length,), dtype=dtype)
    else:
        window = _tensor(window, dtype)
    if window.ndim != 1 or window.shape[-1] != sequence_length:
        raise ValueError(
            "The shape of `window` must be equal to [sequence_length]."
            f"Received: window shape={window.shape}"
        )
    left = (fft_length - sequence_length) // 2
    right = fft_length - sequence_length - left
    zeros = gnp.zeros
    return gnp.concat([zeros((left,), dtype=dtype), window, zeros((right,), dtype=dtype)])


def _frames(x, length: int, stride: int):
    """(..., n) -> (..., 1 + (n - length) // stride, length)."""
    count = 1 + (x.shape[-1] - length) // stride
    index = np.arange(count)[:, None] * stride + np.arange(length)[None, :]
    frames = gnp.take(x, gf.constant(index.reshape(-1).astype("int32")), axis=x.ndim - 1)
    return gnp.reshape(frames, x.shape[:-1] + (count, length))


def _overlap_add(frames, stride: int):
    """(..., count, length) -> (..., stride * (count - 1) + length): frames summed at
    offsets of `stride`."""
    count, length = frames.shape[-2:]
    index = (np.arange(count)[:, None] * stride + np.arange(length)[None, :]).reshape(-1)
    flat = gnp.reshape(frames, frames.shape[:-2] + (count * length,))
    size = stride * (count - 1) + length
    return _indexing.scatter_add(
        flat, gf.constant(index.astype("int32")), axes=(flat.ndim - 1,),
        shape=frames.shape[:-2] + (size,),
    )  # fmt: skip


@keras_op
def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """The short-time Fourier transform along the last axis of real `x`.

    Args:
        x: a float32 or float64 signal (..., samples).
        sequence_length: the window length.
        sequence_stride: the hop between frames.
        fft_length: the DFT size (>= sequence_length); frames have this length.
        window: "hann", "hamming" (periodic), a tensor of `sequence_length`, or None.
        center: reflect-pad `x` by fft_length // 2 on both sides first.

    Returns:
        (real, imag), each (..., frames, fft_length // 2 + 1).

    Example:
    >>> from gradflow.keras import ops
    >>> real, imag = ops.stft(ops.ones((16,)), 8, 4, 8)
    >>> real.shape
    (5, 5)
    """
    x = _tensor(x)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(
            f"Invalid input type. Expected `float32` or `float64`. Received: input type={x.dtype}"
        )
    if fft_length < sequence_length:
        raise ValueError(
            "`fft_length` must equal or larger than `sequence_length`. "
            f"Received: sequence_length={sequence_length}, fft_length={fft_length}"
        )
    win = _window(window, sequence_length, fft_length, x.dtype)
    if center:
        half = fft_length // 2
        x = _shapes.pad(x, [(0, 0)] * (x.ndim - 1) + [(half, half)], mode="reflect")
    return rfft(_frames(x, fft_length, sequence_stride) * win, fft_length)


@keras_op
def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    """The inverse short-time Fourier transform: windowed overlap-add of the frames'
    inverse DFTs, normalized by the overlapping squared windows.

    Args:
        x: (real, imag), each (..., frames, fft_length // 2 + 1).
        sequence_length, sequence_stride, fft_length, window, center: as given to `stft`.
        length: trim (or zero-pad) the signal to this many samples.

    Returns:
        The signal (..., samples).

    Example:
    >>> from gradflow.keras import ops
    >>> signal = ops.arange(16, dtype="float32")
    >>> back = ops.istft(ops.stft(signal, 8, 4, 8), 8, 4, 8)
    >>> bool(ops.all(ops.abs(back - signal) < 1e-4))
    True
    """
    real, imag = _pair(x)
    if real.ndim < 2:
        raise ValueError(f"Input `x` must have at least 2 dimensions. Received shape: {real.shape}")
    win = _window(window, sequence_length, fft_length, real.dtype)
    frames = irfft((real, imag), fft_length) * gnp.sum(win)
    signal = _overlap_add(frames * win, sequence_stride)
    count = real.shape[-2]
    norm = _overlap_add(gnp.broadcast_to(win * win, (count, fft_length)), sequence_stride)
    signal = signal / gnp.where(norm > 1e-10, norm, gnp.ones_like(norm))
    signal = signal / (gnp.sum(win) if window is not None else float(sequence_stride))
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    elif center:
        end = signal.shape[-1] - fft_length // 2
    else:
        end = fft_length + sequence_stride * (count - 1)
    return signal[..., start:end]


@keras_op
def view_as_complex(x):
    """A (..., 2) real tensor as complex numbers real + i imag.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.view_as_complex([[1.0, 2.0]]).tolist()
    [(1+2j)]
    """
    x = _to_float(x)
    if x.shape[-1] != 2:
        raise ValueError(
            "Last dimension of input must be size 2 (real and imaginary). "
            f"Received shape: {x.shape}"
        )
    complex_dtype = "complex128" if x.dtype.name == "float64" else "complex64"
    real = gnp.astype(x[..., 0], complex_dtype)
    imag = gnp.astype(x[..., 1], complex_dtype)
    return real + imag * gf.constant(np.asarray(1j, dtype=complex_dtype))


@keras_op
def view_as_real(x):
    """A complex tensor as a (..., 2) real tensor of (real, imag).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.view_as_real(ops.view_as_complex([1.0, 2.0])).tolist()
    [1.0, 2.0]
    """
    x = _tensor(x)
    return gnp.stack([gnp.real(x), gnp.imag(x)], axis=-1)


__all__ = exported(__name__)
