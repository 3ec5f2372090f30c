"""XLA devices by gradflow name (`cpu:0`, `gpu:1`, `tpu:0`), and arrays placed on them.

A device's number counts within its platform, so `gpu:0` is the first GPU whatever ids
jax gives. Arrays go to the default device, which `gf.device(...)` sets
(`jax.default_device`), and are left uncommitted so that jitted code may move them.
"""

from __future__ import annotations

import functools

import numpy as np

from gradflow.backends.xla.runtime import jax_module
from gradflow.errors import BackendError

PLATFORMS = ("cpu", "gpu", "tpu")


@functools.lru_cache(maxsize=None)
def by_name() -> dict:
    """Every device jax sees, keyed by gradflow name, CPUs first (fixed per process)."""
    jax = jax_module()
    found = {}
    for platform in PLATFORMS:
        try:
            devices = jax.devices(platform)
        except RuntimeError:  # jax raises when a platform is absent
            continue
        for number, device in enumerate(devices):
            found[f"{platform}:{number}"] = device
    return found


def list_devices() -> list[str]:
    """The names of the devices jax sees, e.g. ['cpu:0', 'gpu:0']."""
    return list(by_name())


def find(name: str):
    """The jax device called `name` (e.g. 'gpu:0'); BackendError if there is none."""
    devices = by_name()
    device = devices.get(name)
    if device is None:
        raise BackendError(
            f"device: the xla backend has no device {name!r}; available: {', '.join(devices)}"
        )
    return device


def name_of(array) -> str:
    """The gradflow name of the device holding a jax array."""
    device = next(iter(array.devices()))
    for name, candidate in by_name().items():
        if candidate == device:
            return name
    return f"{device.platform}:{device.id}"


def put(array: np.ndarray):
    """A NumPy array (or a jax array) as a jax array on the current default device."""
    return jax_module().numpy.asarray(array)


def to_device(array, name: str):
    """A jax array copied to the device called `name`."""
    return jax_module().device_put(array, find(name))
