"""KerasTensor: a symbolic placeholder (shape with None dims, dtype) in a Functional
model's layer graph, remembering which operation call produced it."""

from __future__ import annotations

from gradflow.core import tree


class KerasTensor:
    """A symbolic tensor: what `keras.Input` returns and layers return when called on one.

    Args:
        shape: a tuple of ints or None (unknown dimensions).
        dtype: a dtype string (Keras's), default 'float32'.
        sparse: kept for Keras compatibility; always False here.
        name: an optional name.

    Example:
    >>> KerasTensor((None, 3)).shape
    (None, 3)
    """

    def __init__(
        self, shape, dtype="float32", sparse=False, ragged=False, name=None, record_history=True
    ):
        from gradflow.keras import backend

        self._shape = tuple(None if d is None else int(d) for d in shape)
        self._dtype = backend.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.name = name
        self._keras_history = None  # (operation, node_index, tensor_index)
        self._keras_mask = None

    @property
    def shape(self) -> tuple:
        return self._shape

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def ndim(self) -> int:
        return len(self._shape)

    def reshape(self, new_shape):
        from gradflow.keras import ops

        return ops.reshape(self, new_shape)

    def __repr__(self) -> str:
        name = f", name={self.name}" if self.name else ""
        return f"<KerasTensor shape={self._shape}, dtype={self._dtype}{name}>"

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a Python bool.")

    def __iter__(self):
        raise TypeError(
            "A KerasTensor is symbolic: it is a placeholder for a future value. It cannot be "
            "iterated; use keras.ops.unstack or index it instead."
        )

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "A KerasTensor cannot be used as input to a NumPy function. A KerasTensor is a "
            "symbolic placeholder for a shape and dtype, used when constructing Keras "
            "Functional models; wrap NumPy code in a layer's call() instead."
        )

    # Python operators build symbolic op nodes through keras.ops.
    def _op(name):
        def method(self, *args):
            from gradflow.keras import ops

            return getattr(ops, name)(self, *args)

        method.__name__ = f"__{name}__"
        return method

    def _rop(name):
        def method(self, other):
            from gradflow.keras import ops

            return getattr(ops, name)(other, self)

        return method

    __add__, __radd__ = _op("add"), _rop("add")
    __sub__, __rsub__ = _op("subtract"), _rop("subtract")
    __mul__, __rmul__ = _op("multiply"), _rop("multiply")
    __truediv__, __rtruediv__ = _op("true_divide"), _rop("true_divide")
    __floordiv__, __rfloordiv__ = _op("floor_divide"), _rop("floor_divide")
    __mod__, __rmod__ = _op("mod"), _rop("mod")
    __pow__, __rpow__ = _op("power"), _rop("power")
    __matmul__, __rmatmul__ = _op("matmul"), _rop("matmul")
    __neg__ = _op("negative")
    __abs__ = _op("absolute")
    __ne__ = _op("not_equal")
    __round__ = _op("round")
    __lt__, __le__ = _op("less"), _op("less_equal")
    __gt__, __ge__ = _op("greater"), _op("greater_equal")
    __and__, __or__, __xor__ = _op("logical_and"), _op("logical_or"), _op("logical_xor")
    __invert__ = _op("logical_not")
    del _op, _rop

    def __getitem__(self, key):
        from gradflow.keras import ops

        return ops.get_item(self, key)

    def squeeze(self, axis=None):
        from gradflow.keras import ops

        return ops.squeeze(self, axis=axis)

    @property
    def T(self):
        from gradflow.keras import ops

        return ops.transpose(self)


def is_keras_tensor(x) -> bool:
    """Whether `x` is a symbolic KerasTensor."""
    return isinstance(x, KerasTensor)


def any_symbolic_tensors(args=None, kwargs=None) -> bool:
    """Whether any leaf of `args`/`kwargs` is a KerasTensor (then an op records a node
    instead of computing)."""
    return any(isinstance(x, KerasTensor) for x in tree.flatten((args, kwargs)))
