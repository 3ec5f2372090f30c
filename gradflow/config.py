"""Backend choice and devices. The numpy backend is always there and is the default.

The `xla` backend needs the `xla` extra (jax); choosing it checks that jax is
installed without importing it, and jax loads when the backend first runs an op.
"""

from __future__ import annotations

import contextlib
import os
from typing import Iterator

from gradflow.errors import BackendError

_AVAILABLE = ("numpy", "xla")
_backend = os.environ.get("GRADFLOW_BACKEND", "numpy")


def _validate(name: str, what: str = "set_backend") -> str:
    if name not in _AVAILABLE:
        raise BackendError(f"{what}: unknown backend {name!r}; available: {', '.join(_AVAILABLE)}")
    if name == "xla":
        from gradflow.backends.xla.runtime import available, missing_jax_error

        if not available():
            raise missing_jax_error(what)
    return name


def backend_name() -> str:
    return _backend


def get_backend() -> str:
    """The name of the backend that runs eager ops and gf.function graphs.

    Example:
    >>> get_backend()
    'numpy'
    """
    return _backend


def set_backend(name: str) -> None:
    """Choose the backend that runs ops (also settable with GRADFLOW_BACKEND).

    Tensors made before the switch keep their arrays; ops convert them as needed.

    Args:
        name: 'numpy' (always available) or 'xla' (needs `pip install gradflow[xla]`).

    Example:
    >>> set_backend("numpy")
    >>> get_backend()
    'numpy'
    """
    global _backend
    _backend = _validate(name)


def list_devices() -> list[str]:
    """The devices the current backend can run on, e.g. ['cpu:0'] or ['cpu:0', 'gpu:0'].

    Example:
    >>> list_devices()[0]
    'cpu:0'
    """
    if _backend == "xla":
        from gradflow.backends.xla import devices

        return devices.list_devices()
    return ["cpu:0"]


def _canonical(name) -> str:
    text = str(name).strip().lower()
    if text.startswith("/"):  # TensorFlow's "/gpu:0" and "/device:GPU:0"
        text = text.split("device:")[-1].lstrip("/")
    if ":" not in text:
        text += ":0"
    platform, _, number = text.partition(":")
    if not number.isdigit():
        raise BackendError(
            f"device: cannot read {name!r} as a device name; use 'cpu:0', 'gpu:0' or 'tpu:0'"
        )
    return f"{platform}:{int(number)}"


@contextlib.contextmanager
def device(name: str) -> Iterator[str]:
    """Run ops, and place new tensors, on the device `name` inside the `with` block.

    Args:
        name: 'cpu:0', 'gpu:1', 'tpu:0' ... ('gpu' means 'gpu:0'); one of
            `list_devices()`.

    Yields:
        The device's canonical name.

    Example:
    >>> import gradflow as gf
    >>> with gf.device("cpu:0"):
    ...     x = gf.constant([1.0, 2.0])
    >>> x.device
    'cpu:0'
    """
    canonical = _canonical(name)
    if _backend == "xla":
        from gradflow.backends.xla import devices
        from gradflow.backends.xla.runtime import jax_module

        placement = jax_module().default_device(devices.find(canonical))
    else:
        if canonical != "cpu:0":
            raise BackendError(
                f"device: the {_backend} backend has only 'cpu:0', got {name!r}; for GPUs "
                "and TPUs use the xla backend (gf.config.set_backend('xla'))"
            )
        placement = contextlib.nullcontext()
    with placement:  # jax's default device is per thread, as gradflow's modes are
        yield canonical


_validate(_backend, "GRADFLOW_BACKEND")
