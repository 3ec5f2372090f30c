"""gf.Tensor: an immutable n-d array on a backend, with NumPy-style operators."""

from __future__ import annotations

import numpy as np

from gradflow.core.operators import Operators
from gradflow.core.spec import TensorSpec, spec_of


class Tensor(Operators):
    """An immutable n-dimensional array.

    Tensors are made by ops (`gf.constant`, `gf.numpy.*`, operators) rather than by
    calling this class. Use `gf.Variable` for state that changes.

    Example:
    >>> import gradflow as gf
    >>> x = gf.constant([[1.0, 2.0], [3.0, 4.0]])
    >>> (x @ x.T).shape
    (2, 2)
    """

    __slots__ = ("_value", "__weakref__")

    def __init__(self, value: np.ndarray):
        self._value = value

    # -- static description -------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self._value.shape

    @property
    def dtype(self) -> np.dtype:
        return self._value.dtype

    @property
    def ndim(self) -> int:
        return self._value.ndim

    @property
    def size(self) -> int:
        return self._value.size

    @property
    def spec(self) -> TensorSpec:
        value = self._value
        return spec_of(value.shape, value.dtype)

    @property
    def device(self) -> str:
        """The device holding the value: 'cpu:0' for NumPy arrays, else the XLA device."""
        value = self._value
        if type(value) is np.ndarray:
            return "cpu:0"
        from gradflow.backends.xla.devices import name_of

        return name_of(value)

    def to_device(self, device, /, *, stream=None) -> "Tensor":
        """Array API: a copy on `device` (one of `gf.config.list_devices()`)."""
        from gradflow import config

        name = config._canonical(device)
        if name == self.device:
            return self
        if config.backend_name() != "xla":
            from gradflow.errors import BackendError

            raise BackendError(
                f"to_device: the {config.backend_name()} backend has only 'cpu:0', got "
                f"{device!r}; for GPUs and TPUs use the xla backend"
            )
        from gradflow.backends.xla.devices import to_device

        return Tensor(to_device(self._value, name))

    # -- conversion ----------------------------------------------------------------
    def _host(self) -> np.ndarray:
        """The value as a NumPy array (copied from the device for backend arrays)."""
        value = self._value
        return value if type(value) is np.ndarray else np.asarray(value)

    def numpy(self) -> np.ndarray:
        """The value as a NumPy array (a read-only view: tensors are immutable)."""
        out = self._host().view()
        out.flags.writeable = False
        return out

    def __array__(self, dtype=None, copy=None):
        value = self._host()
        if copy is False and dtype is not None and np.dtype(dtype) != value.dtype:
            raise ValueError("__array__: a dtype change needs a copy, but copy=False")
        out = value if dtype is None else value.astype(dtype, copy=False)
        return out.copy() if copy else out

    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        kwargs = {} if max_version is None else {"max_version": max_version}
        if copy is not None:
            kwargs["copy"] = copy
        value = self._value
        if type(value) is not np.ndarray:
            return value.__dlpack__(stream=stream, **kwargs)
        if not value.flags.writeable:
            value = value.copy()
        return value.__dlpack__(stream=stream, **kwargs)

    def __dlpack_device__(self):
        return self._value.__dlpack_device__()

    def __array_namespace__(self, *, api_version=None):
        from gradflow import numpy as gnp

        if api_version not in (None, gnp.__array_api_version__):
            raise ValueError(
                f"__array_namespace__: gradflow implements the Array API "
                f"{gnp.__array_api_version__}, not {api_version!r}"
            )
        return gnp

    def _scalar(self, kind, name: str):
        if self._value.size != 1 or self._value.ndim:
            raise TypeError(
                f"{name}: only a 0-d tensor converts to a Python scalar, got shape {self.shape}"
            )
        return kind(self._host())

    def __bool__(self) -> bool:
        return self._scalar(bool, "__bool__")

    def __int__(self) -> int:
        return self._scalar(int, "__int__")

    def __float__(self) -> float:
        return self._scalar(float, "__float__")

    def __complex__(self) -> complex:
        return self._scalar(complex, "__complex__")

    def __index__(self) -> int:
        if self.dtype.kind not in "iu":
            raise TypeError(f"__index__: needs an integer tensor, got {self.dtype.name}")
        return self._scalar(int, "__index__")

    def item(self):
        return self._scalar(lambda v: v.item(), "item")

    def tolist(self):
        return self._host().tolist()

    def __len__(self) -> int:
        if not self.ndim:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self):
        if not self.ndim:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.shape[0]))

    def __setitem__(self, key, value):
        raise TypeError(
            "Tensor does not support item assignment: tensors are immutable. Build a new "
            "tensor (gf.numpy.where, gf.numpy.concat) or keep the state in a gf.Variable "
            "and assign a new value to it"
        )

    def __repr__(self) -> str:
        body = np.array2string(self._host(), separator=", ", prefix="       ")
        return f"<gf.Tensor: shape={self.shape}, dtype={self.dtype.name}, numpy=\n{body}>"

    def __str__(self) -> str:
        return str(self._host())

    def __format__(self, spec: str) -> str:
        if self.ndim == 0:
            return format(self._host().item(), spec)
        return format(str(self), spec)

    def __reduce__(self):
        return (_rebuild, (np.array(self._host()),))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def _read(self) -> "Tensor":
        return self


def _rebuild(value: np.ndarray) -> Tensor:
    return Tensor(value)
