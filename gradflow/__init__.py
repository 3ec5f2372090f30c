"""gradflow: tensors, autodiff, graph mode and the Keras 3 API, on NumPy.

Example:
>>> import gradflow as gf
>>> x = gf.constant([1.0, 2.0, 3.0])
>>> with gf.GradientTape() as tape:
...     tape.watch(x)
...     y = gf.numpy.sum(x * x)
>>> tape.gradient(y, x).tolist()
[2.0, 4.0, 6.0]
"""

import importlib as _importlib

from gradflow import config, dtypes, errors
from gradflow import numpy as numpy
from gradflow.config import device
from gradflow.control_flow import cond, scan, while_loop
from gradflow.core.autodiff import custom_gradient, grad, value_and_grad
from gradflow.core.convert import constant
from gradflow.core.spec import TensorSpec
from gradflow.core.tape import GradientTape, UnconnectedGradients
from gradflow.core.tensor import Tensor
from gradflow.core.variable import Variable
from gradflow.dtypes import (
    bfloat16,
    bool,
    complex64,
    complex128,
    float16,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
)
from gradflow.errors import (
    ArgumentError,
    BackendError,
    DTypeError,
    GradientError,
    GraphError,
    ShapeError,
)
from gradflow.graph.function import function
from gradflow.numpy import asarray
from gradflow.ops.elementwise import stop_gradient as _stop_gradient_prim

__version__ = "0.1.0"

# Subpackages imported on first use, so `import gradflow` stays fast.
_LAZY = ("nn", "random", "graph", "data", "keras")


def stop_gradient(x):
    """`x`, through which no gradient flows.

    Args:
        x: a tensor (or anything `gf.constant` takes).

    Returns:
        A tensor equal to `x` that tapes treat as a constant.

    Example:
    >>> import gradflow as gf
    >>> x = gf.constant(2.0)
    >>> with gf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = x * gf.stop_gradient(x)
    >>> float(tape.gradient(y, x))
    2.0
    """
    return _stop_gradient_prim(constant(x))


def __getattr__(name: str):
    if name in _LAZY:
        module = _importlib.import_module(f"gradflow.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'gradflow' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
