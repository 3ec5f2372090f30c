"""Loading jax: once, on first use of the xla backend, with gradflow's settings.

`import gradflow` never imports jax; this module does, the first time `jax_module()` is
called. A missing jax is a BackendError that names the extra to install.
"""

from __future__ import annotations

import importlib.util
import warnings

from gradflow.errors import BackendError

INSTALL_HINT = "pip install gradflow[xla]"

_jax = None


def available() -> bool:
    """Whether jax can be imported (checked without importing it)."""
    return _jax is not None or importlib.util.find_spec("jax") is not None


def missing_jax_error(what: str) -> BackendError:
    return BackendError(
        f"{what}: the 'xla' backend needs jax, which is not installed; install the xla "
        f"extra with `{INSTALL_HINT}`, or use the 'numpy' backend"
    )


def jax_module():
    """The jax module, imported and configured on the first call.

    gradflow has float64 and int64 tensors, so 64-bit types are switched on
    (`jax_enable_x64`); this is process-wide, as every jax setting is.
    """
    global _jax
    if _jax is None:
        if not available():
            raise missing_jax_error("xla")
        import jax

        jax.config.update("jax_enable_x64", True)
        # Donation makes variable updates in place where the platform can; where it
        # cannot, jax warns once per program and copies, which is correct and expected.
        warnings.filterwarnings("ignore", message="Some donated buffers were not usable")
        _jax = jax
    return _jax
