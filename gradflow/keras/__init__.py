"""gradflow.keras: the Keras 3 API written on gradflow's core.

`from gradflow import keras` and Keras 3 programs run with only their imports changed.
Submodules load on first use so that `import gradflow` stays fast.
"""

import importlib as _importlib

_SUBMODULES = (
    "activations",
    "backend",
    "callbacks",
    "config",
    "constraints",
    "datasets",
    "initializers",
    "layers",
    "losses",
    "metrics",
    "mixed_precision",
    "models",
    "ops",
    "optimizers",
    "random",
    "regularizers",
    "saving",
    "utils",
)

__version__ = "3.15.1"  # the Keras version whose API and file formats we follow


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = _importlib.import_module(f"gradflow.keras.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'gradflow.keras' has no attribute {name!r}")
