"""TensorSpec (a shape and a dtype) and the shape helpers every rule shares."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from gradflow import dtypes
from gradflow.errors import ArgumentError, ShapeError

Shape = tuple  # a tuple of int, or None for a dimension unknown until run time


class TensorSpec:
    """The static description of a tensor: its shape and dtype.

    Args:
        shape: a tuple of ints; `None` marks a dimension known only at run time.
        dtype: a gradflow dtype or its name. Defaults to float32.
        name: an optional name (used by signatures).

    Example:
    >>> TensorSpec((None, 784), "float32")
    TensorSpec(shape=(None, 784), dtype=float32)
    """

    __slots__ = ("shape", "dtype", "name")

    def __init__(self, shape: Sequence[int | None], dtype=dtypes.float32, name: str | None = None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = dtypes.as_dtype(dtype)
        self.name = name

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, TensorSpec)
            and self.shape == other.shape
            and self.dtype == other.dtype
        )

    def __hash__(self) -> int:
        return hash((self.shape, self.dtype))

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype.name})"

    def __str__(self) -> str:
        return format_spec(self)


def spec_of(shape: Shape, dtype: np.dtype) -> TensorSpec:
    """A TensorSpec from an already-normalized shape and dtype (the fast path for rules)."""
    spec = TensorSpec.__new__(TensorSpec)
    spec.shape = shape
    spec.dtype = dtype
    spec.name = None
    return spec


def format_shape(shape: Shape) -> str:
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def format_spec(spec) -> str:
    """`float32[32,784]`: how error messages show an operand."""
    return f"{spec.dtype.name}{format_shape(spec.shape)}"


def size_of(shape: Shape) -> int | None:
    n = 1
    for d in shape:
        if d is None:
            return None
        n *= d
    return n


def broadcast_shapes(*shapes: Shape, op: str = "broadcast") -> Shape:
    """The shape that NumPy broadcasting gives, or a ShapeError that names the op.

    Args:
        *shapes: the operands' shapes.
        op: the op name to put in an error.

    Example:
    >>> broadcast_shapes((3, 1), (4,))
    (3, 4)
    """
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(-ndim, 0):
        dim = 1
        for s in shapes:
            if -i > len(s):
                continue
            d = s[i]
            if d == 1:
                continue
            if dim == 1:
                dim = d
            elif d is None or dim is None:
                dim = d if dim is None else dim
            elif d != dim:
                listed = " and ".join(str(tuple(s)) for s in shapes)
                raise ShapeError(
                    f"{op}: shapes {listed} cannot be broadcast together: "
                    f"dimension {i} is {dim} in one and {d} in another (each must be equal or 1)"
                )
        out.append(dim)
    return tuple(out)


def normalize_axis(axis: int, ndim: int, op: str) -> int:
    """`axis` as a non-negative index, or an ArgumentError naming the op and valid range."""
    try:
        axis = int(axis)
    except TypeError:
        raise ArgumentError(f"{op}: axis must be an int, got {axis!r}") from None
    if not -ndim <= axis < ndim:
        raise ArgumentError(
            f"{op}: axis {axis} is out of range for a tensor of rank {ndim} "
            f"(valid: {-ndim} to {ndim - 1})"
        )
    return axis % ndim


def normalize_axes(axis, ndim: int, op: str) -> tuple[int, ...]:
    """`axis` (None, an int or a sequence) as a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        return (normalize_axis(axis, ndim, op),)
    axes = tuple(normalize_axis(a, ndim, op) for a in axis)
    if len(set(axes)) != len(axes):
        raise ArgumentError(f"{op}: repeated axis in {tuple(axis)}")
    return tuple(sorted(axes))
