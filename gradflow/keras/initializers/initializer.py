"""The `Initializer` base class: a callable `(shape, dtype=None) -> tensor` with a config,
and `standardize_shape`, the shape normalization every initializer applies."""

from __future__ import annotations

import numpy as np


def standardize_shape(shape) -> tuple:
    """`shape` (an int or a sequence of ints) as a tuple of Python ints.

    Example:
    >>> standardize_shape(3), standardize_shape([2, np.int64(4)])
    ((3,), (2, 4))
    """
    return (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(int(d) for d in shape)


class Initializer:
    """Base class of weight initializers: subclass it and implement
    `__call__(shape, dtype=None)` (and `get_config` if it takes arguments).

    Example:
    >>> import gradflow as gf
    >>> class Twos(Initializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return gf.numpy.full(shape, 2.0, dtype=dtype or "float32")
    >>> Twos()((2,)).tolist()
    [2.0, 2.0]
    """

    # Constructor arguments kept as same-named attributes: the default `get_config`
    # returns them, in this order.
    _config_keys: tuple = ()

    def __call__(self, shape, dtype=None):
        raise TypeError(
            f"{type(self).__name__} must implement `__call__(shape, dtype=None)` to be used "
            "as an initializer."
        )

    def get_config(self) -> dict:
        return {key: getattr(self, key) for key in self._config_keys}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def clone(self):
        """A new initializer of the same class and config."""
        return self.__class__.from_config(self.get_config())
