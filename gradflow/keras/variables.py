"""keras.Variable: a gf.Variable with Keras's extras (path, constraint, autocast)."""

from __future__ import annotations

import threading

import gradflow as gf
from gradflow import dtypes
from gradflow.core import context
from gradflow.keras import backend

_AUTOCAST = threading.local()


class Variable(gf.Variable):
    """A layer weight: a gf.Variable that knows its layer path and constraint.

    Args:
        initializer: an initial value, or an initializer called with (shape, dtype).
        shape: the shape (needed when `initializer` is callable).
        dtype: the dtype; floatx() by default.
        trainable: whether the optimizer updates it.
        autocast: whether reads inside a mixed-precision layer cast it.
        aggregation: Keras's multi-replica annotation ('none', 'mean', 'sum', …).
        name: the variable's short name ('kernel'); its path adds the layer's name.

    Example:
    >>> v = Variable(initializer="ones", shape=(2,), name="w")
    >>> v.numpy().tolist(), v.path
    ([1.0, 1.0], 'w')
    """

    def __init__(
        self,
        initializer,
        shape=None,
        dtype=None,
        trainable=True,
        autocast=True,
        aggregation="none",
        synchronization="auto",
        name=None,
        path=None,
    ):
        dtype = backend.standardize_dtype(dtype)
        if isinstance(initializer, str):
            from gradflow.keras import initializers

            initializer = initializers.get(initializer)
        if callable(initializer):
            if shape is None:
                raise ValueError(
                    "When creating a Variable from an initializer, the `shape` argument "
                    f"should be specified. Received: initializer={initializer} and shape={shape}"
                )
            with _outside_traces():
                value = initializer(tuple(shape), dtype=dtype)
        else:
            value = initializer
        with _outside_traces():
            super().__init__(value, trainable=trainable, name=name or "variable", dtype=dtype)
        if shape is not None and tuple(self.shape) != tuple(shape):
            raise ValueError(
                f"Initial value has shape {self.shape}, but the variable was declared with "
                f"shape={tuple(shape)}"
            )
        self.path = path or self.name
        self.autocast = bool(autocast)
        self.aggregation = aggregation
        self.constraint = None
        self.regularizer = None
        self.overwrite_with_gradient = False

    def _read(self):
        tensor = super()._read()
        cast_to = getattr(_AUTOCAST, "dtype", None)
        if (
            cast_to is not None
            and self.autocast
            and dtypes.is_floating(tensor.dtype)
            and tensor.dtype != cast_to
        ):
            return gf.numpy.astype(tensor, cast_to)
        return tensor

    def __repr__(self) -> str:
        return (
            f"<Variable path={self.path}, shape={self.shape}, dtype={self.dtype.name}, "
            f"value={self.numpy()}>"
        )


class _outside_traces:
    """Run a variable's initializer eagerly even while a function is being traced: its
    value depends on no traced input, and layers may build lazily inside `call`."""

    def __enter__(self):
        state = context.state()
        self.saved = state.tracer, state.tapes
        state.tracer, state.tapes = None, []

    def __exit__(self, *exc):
        state = context.state()
        state.tracer, state.tapes = self.saved


class AutocastScope:
    """Within this scope, float variables read as `dtype` (mixed precision)."""

    def __init__(self, dtype):
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype)

    def __enter__(self):
        self.previous = getattr(_AUTOCAST, "dtype", None)
        _AUTOCAST.dtype = self.dtype
        return self

    def __exit__(self, *exc):
        _AUTOCAST.dtype = self.previous
