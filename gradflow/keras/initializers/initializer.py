"""The `Initializer` base class: a callable `(shape, dtype=None) -> tensor` with a config."""

from __future__ import annotations


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

    def __call__(self, shape, dtype=None):
        raise TypeError(
            f"{type(self).__name__} must implement `__call__(shape, dtype=None)` to be used "
            "as an initializer."
        )

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def clone(self):
        """A new initializer of the same class and config."""
        return self.__class__.from_config(self.get_config())
