"""Deterministic initializers: Constant, Zeros, Ones, Identity and STFT."""

from __future__ import annotations

import math

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.initializers.initializer import Initializer, standardize_shape
from gradflow.keras.saving import serialization_lib


class Constant(Initializer):
    """Fills the tensor with a constant value (a scalar, or anything broadcasting to
    the shape).

    Args:
        value: the fill value.

    Example:
    >>> Constant(3.0)((2, 2)).tolist()
    [[3.0, 3.0], [3.0, 3.0]]
    """

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        dtype = backend.standardize_dtype(dtype)
        value = backend.convert_to_tensor(self.value, dtype=dtype)
        return value * gf.numpy.ones(standardize_shape(shape), dtype=dtype)

    def get_config(self) -> dict:
        return {"value": serialization_lib.serialize_keras_object(self.value)}

    @classmethod
    def from_config(cls, config: dict):
        if "value" not in config:  # get("constant") builds one from an empty config
            return cls()
        return cls(serialization_lib.deserialize_keras_object(config["value"]))


class Zeros(Initializer):
    """Fills the tensor with 0.

    Example:
    >>> Zeros()((2,)).tolist()
    [0.0, 0.0]
    """

    def __call__(self, shape, dtype=None):
        return gf.numpy.zeros(standardize_shape(shape), dtype=backend.standardize_dtype(dtype))


class Ones(Initializer):
    """Fills the tensor with 1.

    Example:
    >>> Ones()((2,)).tolist()
    [1.0, 1.0]
    """

    def __call__(self, shape, dtype=None):
        return gf.numpy.ones(standardize_shape(shape), dtype=backend.standardize_dtype(dtype))


class Identity(Initializer):
    """`gain` times the identity matrix (2-D shapes only; rectangular allowed).

    Args:
        gain: the multiplier of the identity.

    Example:
    >>> Identity(2.0)((2, 3)).tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape)
        if len(shape) != 2:
            raise ValueError(
                "Identity matrix initializer can only be used for 2D matrices. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        dtype = backend.standardize_dtype(dtype)
        return self.gain * gf.numpy.eye(*shape, dtype=dtype)

    # No get_config: Keras 3.15's Identity has none, so its config is {} and a
    # deserialized Identity has gain 1.0; kept so configs match Keras's exactly.


def _window(name: str, length: int, periodic: bool) -> np.ndarray:
    try:
        from scipy import signal
    except ImportError:
        raise ImportError(
            f"STFT: the window {name!r} is computed by scipy.signal.get_window; install "
            "scipy, or pass the window as an array."
        ) from None
    return signal.get_window(name, length, fftbins=periodic)


class STFT(Initializer):
    """Real or imaginary parts of a (windowed) DFT matrix, for STFT convolution kernels
    of shape `(frame_length, input_channels, fft_bins)`.

    Args:
        side: 'real' (cosines) or 'imag' (sines).
        window: a scipy window name, an array of length `frame_length`, or None.
        scaling: 'density', 'spectrum' or None: how the window normalizes the kernel.
        periodic: a periodic (DFT-even) window rather than a symmetric one.

    Example:
    >>> STFT(window=None)((2, 1, 2))[:, 0, :].tolist()
    [[1.0, 1.0], [1.0, -1.0]]
    """

    _config_keys = ("side", "window", "periodic", "scaling")

    def __init__(self, side="real", window="hann", scaling="density", periodic=False):
        if side not in ("real", "imag"):
            raise ValueError(f"side should be 'real' or 'imag', not {side}")
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. "
                f"Received scaling={scaling}"
            )
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape, dtype=None):
        dtype = backend.standardize_dtype(dtype)
        frame_length, _, fft_bins = standardize_shape(shape)
        window, scale = None, 1.0
        if self.window is not None:
            window = self.window
            if isinstance(window, str):
                window = _window(window, frame_length, self.periodic)
            window = np.asarray(backend.convert_to_numpy(window), dtype=np.float64)
            if window.shape != (frame_length,):
                raise ValueError(
                    "The shape of `window` must be equal to [frame_length]. "
                    f"Received: window shape={window.shape}"
                )
            if self.scaling == "density":
                scale = math.sqrt(float(np.sum(np.square(window))))
            elif self.scaling == "spectrum":
                scale = float(np.sum(np.abs(window)))
        freq = np.arange(fft_bins, dtype=dtype).reshape(1, 1, fft_bins) / ((fft_bins - 1) * 2)
        time = np.arange(frame_length, dtype=dtype).reshape(frame_length, 1, 1)
        args = (-2 * time * freq * np.arccos(np.asarray(-1, dtype=dtype))).astype(dtype)
        kernel = gf.constant(np.cos(args) if self.side == "real" else np.sin(args))
        if window is not None:
            win = gf.constant(window.astype(dtype).reshape(frame_length, 1, 1))
            kernel = kernel * win / gf.constant(scale, dtype=dtype)
        return kernel
