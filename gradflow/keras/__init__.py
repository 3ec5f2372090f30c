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

# Top-level names Keras 3 exports, and the module each lives in.
_NAMES = {
    "Sequential": "gradflow.keras.models",
    "Model": "gradflow.keras.models",
    "Input": "gradflow.keras.layers",
    "InputSpec": "gradflow.keras.layers",
    "Layer": "gradflow.keras.layers",
    "Variable": "gradflow.keras.variables",
    "KerasTensor": "gradflow.keras.engine.keras_tensor",
    "Operation": "gradflow.keras.engine.operation",
    "DTypePolicy": "gradflow.keras.mixed_precision",
    "Loss": "gradflow.keras.losses",
    "Metric": "gradflow.keras.metrics",
    "Optimizer": "gradflow.keras.optimizers",
    "Initializer": "gradflow.keras.initializers",
    "Regularizer": "gradflow.keras.regularizers",
    "Constraint": "gradflow.keras.constraints",
}

__version__ = "3.15.1"  # the Keras version whose API and file formats we follow


def version() -> str:
    """The Keras version whose API gradflow.keras follows."""
    return __version__


def __getattr__(name: str):
    if name in _SUBMODULES:
        module = _importlib.import_module(f"gradflow.keras.{name}")
        globals()[name] = module
        return module
    if name in _NAMES:
        value = getattr(_importlib.import_module(_NAMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gradflow.keras' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES) | set(_NAMES))
