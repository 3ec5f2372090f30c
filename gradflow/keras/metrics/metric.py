"""The `Metric` base class: state held in non-trainable variables, updated batch by batch.

A metric's `update_state` uses only gradflow ops and `Variable.assign*`, so the same code
runs eagerly and inside a `gf.function` train step (where tensors are symbolic). All
variables are made in `__init__`, or in `build` for the few metrics whose state shape
depends on the data (AUC with `multi_label=True`, R2Score, FBetaScore); `build` must run
eagerly, before a step that updates the metric is traced.
"""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.core import context
from gradflow.keras import backend
from gradflow.keras.utils.naming import auto_name
from gradflow.keras.variables import Variable

_AGGREGATIONS = ("none", "mean", "sum", "only_first_replica")


def standardize_metric_dtype(dtype) -> str:
    """A metric's dtype as Keras's string: None gives floatx(), 'int' gives 'int32'.

    Example:
    >>> standardize_metric_dtype(None), standardize_metric_dtype("int")
    ('float32', 'int32')
    """
    if dtype in ("int", "float"):
        return {"int": "int32", "float": backend.floatx()}[dtype]
    return backend.standardize_dtype(dtype)


def is_tracing() -> bool:
    """Whether ops are being traced into a graph (inside `gf.function`)."""
    return context.state().tracer is not None


def initial_value(initializer, shape: tuple, dtype: str):
    """The starting value of a metric variable from Keras-style `initializer`.

    Args:
        initializer: "zeros", "ones", a number or array, a callable taking
            `(shape, dtype=...)`, or any name `keras.initializers.get` knows.
        shape: the variable's shape.
        dtype: the variable's dtype.
    """
    if initializer is None or initializer == "zeros":
        return np.zeros(shape, dtype=dtype)
    if initializer == "ones":
        return np.ones(shape, dtype=dtype)
    if isinstance(initializer, str):
        from gradflow.keras import initializers

        initializer = initializers.get(initializer)
    if callable(initializer):
        return backend.convert_to_numpy(initializer(shape, dtype=dtype)).astype(dtype)
    return np.broadcast_to(np.asarray(initializer, dtype=dtype), shape).copy()


class Metric:
    """Encapsulates metric logic and state: the base class of every Keras metric.

    Subclasses make their state with `add_variable` in `__init__`, and implement
    `update_state(*args, **kwargs)` (accumulate a batch) and `result()` (the value so
    far). `reset_state()` sets every variable back to zero.

    Args:
        dtype: dtype of the metric's computations (floatx() by default).
        name: the metric's name; a unique snake_case name of the class by default.

    Example:
    >>> class Total(Metric):
    ...     def __init__(self, name="total", dtype=None):
    ...         super().__init__(name=name, dtype=dtype)
    ...         self.total = self.add_variable(shape=(), initializer="zeros", name="total")
    ...     def update_state(self, values):
    ...         self.total.assign_add(gf.numpy.sum(gf.asarray(values, dtype=self.dtype)))
    ...     def result(self):
    ...         return self.total.value()
    >>> m = Total()
    >>> m.update_state([1.0, 2.0])
    >>> float(m([4.0]))
    7.0
    """

    def __init__(self, dtype=None, name: str | None = None):
        self.name = name or auto_name(self.__class__.__name__)
        self._dtype = standardize_metric_dtype(dtype)
        self._variables: list = []
        self._metrics: list = []
        self.built = True

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def variables(self) -> list:
        """This metric's variables, then those of metrics it holds as attributes."""
        variables = list(self._variables)
        for metric in self._metrics:
            variables.extend(metric.variables)
        return variables

    def __setattr__(self, name, value):
        tracked = self.__dict__.get("_metrics")
        if tracked is not None and isinstance(value, Metric) and value is not self:
            if not any(value is m for m in tracked):
                tracked.append(value)
        super().__setattr__(name, value)

    def add_variable(self, shape, initializer, dtype=None, aggregation="sum", name=None):
        """Make a non-trainable state variable (named `<metric name>/<name>` by path).

        Args:
            shape: the variable's shape.
            initializer: "zeros", "ones", a value, or an initializer callable.
            dtype: the variable's dtype (floatx() by default).
            aggregation: how replicas combine it: "sum", "mean", "none" or
                "only_first_replica".
            name: the variable's short name.
        """
        self._check_super_called()
        if aggregation not in _AGGREGATIONS:
            raise ValueError(
                f"Invalid value for argument `aggregation`. Expected one of {_AGGREGATIONS}. "
                f"Received: aggregation={aggregation}"
            )
        if is_tracing():
            raise RuntimeError(
                f"Metric '{self.name}' tried to create the variable {name!r} while a "
                "function is being traced. Create metric variables in `__init__`, or call "
                "`metric.build(y_true_shape, y_pred_shape)` eagerly before tracing."
            )
        dtype = standardize_metric_dtype(dtype)
        shape = tuple(int(d) for d in shape)
        variable = Variable(
            initial_value(initializer, shape, dtype),
            shape=shape,
            dtype=dtype,
            trainable=False,
            aggregation=aggregation,
            name=name,
            path=f"{self.name.replace('/', '>')}/{name}" if name else None,
        )
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        """Keras's older spelling of `add_variable` (zeros by default)."""
        return self.add_variable(shape=shape, initializer=initializer, dtype=dtype, name=name)

    def build(self, y_true_shape, y_pred_shape) -> None:
        """Make state whose shape depends on the data; a no-op for most metrics.

        Call it eagerly before tracing a step that updates a metric not yet built.
        """
        self.built = True

    def _require_built(self, y_true_shape, y_pred_shape) -> None:
        """Build on the first eager update; refuse to build while tracing."""
        if self.built:
            return
        if is_tracing():
            raise RuntimeError(
                f"{self.__class__.__name__} '{self.name}' makes its variables from the shape "
                "of its first inputs, and that first update is being traced. Call "
                f"`metric.build(y_true_shape, y_pred_shape)` (here {tuple(y_true_shape)}, "
                f"{tuple(y_pred_shape)}) or update it once eagerly before tracing."
            )
        self.build(y_true_shape, y_pred_shape)

    def reset_state(self) -> None:
        """Set every state variable back to zero."""
        for variable in self.variables:
            variable.assign(gf.numpy.zeros(variable.shape, dtype=variable.dtype))

    def __call__(self, *args, **kwargs):
        """Update the state with one batch, then return the result so far."""
        self._check_super_called()
        if not hasattr(self, "update_state") or not hasattr(self, "result"):
            raise TypeError(
                f"{self.__class__.__name__} must define `update_state()` and `result()`: "
                "the base Metric class does not know how to accumulate or report values."
            )
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict:
        """The constructor arguments that rebuild this metric."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def _obj_type(self) -> str:
        return "Metric"

    def _check_super_called(self) -> None:
        if "_variables" not in self.__dict__:
            raise RuntimeError(
                "You forgot to call `super().__init__()` in the `__init__()` method. Go add it!"
            )

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} name={self.name}>"

    __str__ = __repr__
