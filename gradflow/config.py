"""Backend choice and devices. The numpy backend is always there and is the default."""

from __future__ import annotations

import os

from gradflow.errors import BackendError

_AVAILABLE = ("numpy",)
_backend = os.environ.get("GRADFLOW_BACKEND", "numpy")


def _validate(name: str) -> str:
    if name not in _AVAILABLE:
        raise BackendError(
            f"set_backend: unknown backend {name!r}; available: {', '.join(_AVAILABLE)}"
        )
    return name


def backend_name() -> str:
    return _backend


def get_backend() -> str:
    """The name of the backend that runs eager ops ('numpy').

    Example:
    >>> get_backend()
    'numpy'
    """
    return _backend


def set_backend(name: str) -> None:
    """Choose the backend that runs ops (also settable with GRADFLOW_BACKEND).

    Args:
        name: a backend name; 'numpy' is always available.
    """
    global _backend
    _backend = _validate(name)


def list_devices() -> list[str]:
    """The devices the current backend can run on, e.g. ['cpu:0']."""
    return ["cpu:0"]


_validate(_backend)
