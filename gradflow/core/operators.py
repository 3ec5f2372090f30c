"""Python operators shared by Tensor and Variable; each forwards to the gf.numpy function.

gf.numpy imports the tensor module, so the namespace is looked up on first use rather
than imported here.
"""

from __future__ import annotations

import importlib

_namespace = None


def _ns():
    global _namespace
    if _namespace is None:
        _namespace = importlib.import_module("gradflow.numpy")
    return _namespace


_getitem = None


def _indexing_getitem():
    """gradflow.numpy.indexing.getitem (not exported by gf.numpy), imported on first use."""
    global _getitem
    if _getitem is None:
        _getitem = importlib.import_module("gradflow.numpy.indexing").getitem
    return _getitem


def _binary(name: str):
    def forward(self, other):
        return getattr(_ns(), name)(self, other)

    def reflected(self, other):
        return getattr(_ns(), name)(other, self)

    forward.__name__ = f"__{name}__"
    return forward, reflected


class Operators:
    """The operator protocol of the Array API, for any class with `_read()` -> Tensor."""

    __slots__ = ()
    __array_priority__ = 100  # NumPy defers `ndarray + tensor` to our reflected operators

    __add__, __radd__ = _binary("add")
    __sub__, __rsub__ = _binary("subtract")
    __mul__, __rmul__ = _binary("multiply")
    __truediv__, __rtruediv__ = _binary("divide")
    __floordiv__, __rfloordiv__ = _binary("floor_divide")
    __mod__, __rmod__ = _binary("remainder")
    __pow__, __rpow__ = _binary("pow")
    __matmul__, __rmatmul__ = _binary("matmul")
    __and__, __rand__ = _binary("bitwise_and")
    __or__, __ror__ = _binary("bitwise_or")
    __xor__, __rxor__ = _binary("bitwise_xor")
    __lshift__, __rlshift__ = _binary("bitwise_left_shift")
    __rshift__, __rrshift__ = _binary("bitwise_right_shift")
    __lt__, _ = _binary("less")
    __le__, _ = _binary("less_equal")
    __gt__, _ = _binary("greater")
    __ge__, _ = _binary("greater_equal")
    __eq__, _ = _binary("equal")
    __ne__, _ = _binary("not_equal")
    del _
    __hash__ = None  # elementwise __eq__ makes tensors unhashable, as in NumPy and JAX

    def __neg__(self):
        return _ns().negative(self)

    def __pos__(self):
        return _ns().positive(self)

    def __abs__(self):
        return _ns().abs(self)

    def __invert__(self):
        return _ns().bitwise_invert(self)

    def __getitem__(self, key):
        return _indexing_getitem()(self, key)

    @property
    def T(self):
        """The transpose of a 2-d tensor (the Array API restricts `.T` to rank 2)."""
        return _ns().permute_dims(self, (1, 0)) if self.ndim == 2 else _t_error(self)

    @property
    def mT(self):
        """The transpose of the last two axes (a batch of matrices)."""
        return _ns().matrix_transpose(self)


def _t_error(x):
    from gradflow.errors import ShapeError

    raise ShapeError(
        f"T: .T needs a 2-d tensor, got rank {x.ndim}; use .mT for a batch of matrices "
        "or gf.numpy.permute_dims for any axis order"
    )
