"""Weight constraints: MaxNorm, MinMaxNorm, NonNeg and UnitNorm. Each maps a weight
tensor to its projection, applied after every optimizer update."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend


def _norms(w, axis):
    return gf.numpy.sqrt(gf.numpy.sum(gf.numpy.square(w), axis=axis, keepdims=True))


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


class Constraint:
    """Base class of weight constraints: subclass it and implement `__call__(w)`
    returning the projected weight (and `get_config` if it takes arguments).

    Example:
    >>> import gradflow as gf
    >>> Constraint()(gf.constant([1.0])).tolist()
    [1.0]
    """

    # Constructor arguments kept as same-named attributes: the default `get_config`
    # returns them, in this order.
    _config_keys: tuple = ()

    def __call__(self, w):
        return w

    def get_config(self) -> dict:
        return {key: getattr(self, key) for key in self._config_keys}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


class MaxNorm(Constraint):
    """Rescales weights whose norm along `axis` exceeds `max_value`.

    Args:
        max_value: the largest norm allowed.
        axis: the axis (or axes) along which norms are computed.

    Example:
    >>> [round(v, 4) for v in MaxNorm(1.0)([[3.0], [4.0]]).numpy().ravel().tolist()]
    [0.6, 0.8]
    """

    _config_keys = ("max_value", "axis")

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = backend.convert_to_tensor(w)
        norms = _norms(w, _axis(self.axis))
        desired = gf.numpy.clip(norms, 0.0, float(self.max_value))
        return w * (desired / (backend.epsilon() + norms))


class NonNeg(Constraint):
    """Sets negative weights to 0.

    Example:
    >>> NonNeg()([-1.0, 2.0]).tolist()
    [0.0, 2.0]
    """

    def __call__(self, w):
        w = backend.convert_to_tensor(w)
        return gf.numpy.maximum(w, gf.numpy.zeros_like(w))


class UnitNorm(Constraint):
    """Rescales weights to unit norm along `axis`.

    Args:
        axis: the axis (or axes) along which norms are computed.

    Example:
    >>> [round(v, 4) for v in UnitNorm()([[3.0], [4.0]]).numpy().ravel().tolist()]
    [0.6, 0.8]
    """

    _config_keys = ("axis",)

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = backend.convert_to_tensor(w)
        return w / (backend.epsilon() + _norms(w, _axis(self.axis)))


class MinMaxNorm(Constraint):
    """Moves the norm of weights along `axis` towards [min_value, max_value], by the
    fraction `rate` of the way.

    Args:
        min_value: the smallest norm.
        max_value: the largest norm.
        rate: 1.0 enforces the bounds strictly; less moves part of the way each time.
        axis: the axis (or axes) along which norms are computed.

    Example:
    >>> [round(v, 4) for v in MinMaxNorm(1.0, 2.0)([[0.3], [0.4]]).numpy().ravel().tolist()]
    [0.6, 0.8]
    """

    _config_keys = ("min_value", "max_value", "rate", "axis")

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = backend.convert_to_tensor(w)
        norms = _norms(w, _axis(self.axis))
        clipped = gf.numpy.clip(norms, float(self.min_value), float(self.max_value))
        desired = self.rate * clipped + (1 - self.rate) * norms
        return w * (desired / (backend.epsilon() + norms))
