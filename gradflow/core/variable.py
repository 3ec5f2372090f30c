"""gf.Variable: the only mutable state. Each read hands ops its current value tensor."""

from __future__ import annotations

import itertools

import numpy as np

from gradflow import config
from gradflow.core import context
from gradflow.core.convert import as_tensor
from gradflow.core.operators import Operators
from gradflow.core.spec import TensorSpec, format_spec
from gradflow.core.tensor import Tensor
from gradflow.errors import DTypeError, ShapeError

_ids = itertools.count()


def _owned(value):
    """A buffer for a variable to own. NumPy arrays are mutable, so they are copied; on
    the xla backend they are copied to the device, and jax arrays (immutable) are kept
    as they are: gf.function copies a shared one before donating it."""
    if config.backend_name() == "numpy":
        return np.array(value, copy=True)
    if type(value) is np.ndarray:
        from gradflow.backends.xla.devices import put

        return put(value)
    return value


class Variable(Operators):
    """A mutable tensor: model weights, optimizer slots, counters.

    Ops read a variable's current value; `assign`, `assign_add` and `assign_sub`
    replace it (same shape and dtype). A GradientTape watches trainable variables that
    are read inside it, so gradients with respect to them need no `watch` call.

    Args:
        value: the initial value (a tensor, array, or nested Python numbers), or a
            zero-argument callable returning one.
        trainable: whether tapes watch this variable automatically.
        name: a name for messages and checkpoints; defaults to `Variable:<n>`.
        dtype: cast the initial value to this dtype.

    Example:
    >>> import gradflow as gf
    >>> v = gf.Variable([1.0, 2.0])
    >>> _ = v.assign_add([1.0, 1.0])
    >>> v.numpy().tolist()
    [2.0, 3.0]
    """

    __slots__ = ("_tensor", "trainable", "name", "_id", "__weakref__")

    def __init__(self, value, trainable: bool = True, name: str | None = None, dtype=None):
        if callable(value):
            value = value()
        tensor = as_tensor(value, dtype=dtype)
        self._tensor = Tensor(_owned(tensor._value))
        self.trainable = bool(trainable)
        self._id = next(_ids)
        self.name = name if name is not None else f"Variable:{self._id}"

    @property
    def shape(self) -> tuple:
        return self._tensor.shape

    @property
    def dtype(self) -> np.dtype:
        return self._tensor.dtype

    @property
    def ndim(self) -> int:
        return self._tensor.ndim

    @property
    def size(self) -> int:
        return self._tensor.size

    @property
    def spec(self) -> TensorSpec:
        return self._tensor.spec

    @property
    def device(self) -> str:
        return self._tensor.device

    def _read(self) -> Tensor:
        """The current value, as ops see it; active tapes note the read."""
        state = context.state()
        tensor = self._tensor if state.tracer is None else state.tracer.read_variable(self)
        if state.tapes:
            for tape in state.tapes:
                tape._variable_read(self, tensor)
        return tensor

    def _current(self) -> Tensor:
        """The current value without noting a read (assignments are not differentiable)."""
        tracer = context.state().tracer
        return self._tensor if tracer is None else tracer.read_variable(self)

    def value(self) -> Tensor:
        """The current value as a tensor."""
        return self._read()

    read_value = value

    def numpy(self) -> np.ndarray:
        return self._tensor.numpy()

    def __array__(self, dtype=None, copy=None):
        return self._tensor.__array__(dtype=dtype, copy=copy)

    def _checked(self, value, op: str) -> Tensor:
        tensor = as_tensor(value, dtype=self.dtype)
        if tensor.dtype != self.dtype:
            raise DTypeError(
                f"{op}: variable '{self.name}' is {format_spec(self.spec)}, "
                f"the value is {format_spec(tensor.spec)}; cast it with .astype first"
            )
        if tensor.shape != self.shape:
            raise ShapeError(
                f"{op}: variable '{self.name}' has shape {self.shape}, the value has shape "
                f"{tensor.shape}; a variable's shape is fixed when it is made"
            )
        return tensor

    def assign(self, value) -> "Variable":
        """Replace the value (same shape and dtype). Returns the variable."""
        tensor = self._checked(value, "assign")
        tracer = context.state().tracer
        if tracer is not None:
            tracer.assign_variable(self, tensor)
        else:
            self._tensor = Tensor(_owned(tensor._value))
        return self

    def assign_add(self, delta) -> "Variable":
        """Add `delta` to the value in place. Returns the variable."""
        return self.assign(self._current() + self._checked(delta, "assign_add"))

    def assign_sub(self, delta) -> "Variable":
        """Subtract `delta` from the value in place. Returns the variable."""
        return self.assign(self._current() - self._checked(delta, "assign_sub"))

    def __getitem__(self, key):
        return self._read()[key]

    def __repr__(self) -> str:
        body = np.array2string(self._tensor._host(), separator=", ", prefix="       ")
        return (
            f"<gf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}, "
            f"numpy=\n{body}>"
        )

    def __bool__(self) -> bool:
        return bool(self._tensor)

    def __float__(self) -> float:
        return float(self._tensor)

    def __int__(self) -> int:
        return int(self._tensor)

    def __index__(self) -> int:
        return self._tensor.__index__()

    def __len__(self) -> int:
        return len(self._tensor)

    def __array_namespace__(self, *, api_version=None):
        return self._tensor.__array_namespace__(api_version=api_version)

    def __deepcopy__(self, memo):
        return Variable(self._tensor, trainable=self.trainable, name=self.name)
