"""Array API indexing functions (take, take_along_axis) and `getitem`, the NumPy-style
indexing behind `Tensor.__getitem__`.

`getitem` splits a key into a basic part (ints, slices, None, ...), bound as the
`getitem` primitive with a hashable key, and an advanced part (integer arrays, boolean
masks, and ints beside them), bound as `gather` with the index arrays as tensor inputs.
Both are differentiable; the gradient of a gather accumulates repeated indices.
"""

from __future__ import annotations

import operator

import numpy as np

from gradflow.core import context
from gradflow.core.spec import normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import DTypeError, ShapeError
from gradflow.numpy._args import tensor
from gradflow.ops import indexing as index_ops
from gradflow.ops import shape as shape_ops

__all__ = ["take", "take_along_axis"]

_FULL = index_ops.FULL
_INTS = (int, np.integer)


def take(x, indices, /, *, axis: int | None = None) -> Tensor:
    """Elements of `x` at `indices` along `axis` (of the flattened x when None).

    Args:
        x: a tensor.
        indices: an integer tensor (or sequence); negative indices count from the end.
        axis: the axis to take along, or None for the flattened tensor.

    Returns:
        A tensor of shape x.shape[:axis] + indices.shape + x.shape[axis + 1:].

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.take(gf.constant([[1, 2], [3, 4]]), gf.constant([1, 1]), axis=1).tolist()
    [[2, 2], [4, 4]]
    """
    x = tensor(x, "take")
    if axis is None:
        if x.ndim != 1:
            x = shape_ops.reshape(x, shape=(x.size,))
        axis = 0
    if x.ndim == 0:
        raise ShapeError("take: needs a tensor of rank >= 1, got a 0-d tensor")
    axis = normalize_axis(axis, x.ndim, "take")
    idx = _index_tensor("take", indices, x.shape[axis], axis)
    return index_ops.gather(x, idx, axes=(axis,))


def take_along_axis(x, indices, /, *, axis: int = -1) -> Tensor:
    """Elements of `x` picked along `axis` by `indices` of the same rank, as NumPy's
    take_along_axis: out[..., j, ...] = x[..., indices[..., j, ...], ...].

    Args:
        x: a tensor of rank >= 1.
        indices: an integer tensor of x's rank, broadcastable with x except at `axis`.
        axis: the axis to pick along.

    Returns:
        A tensor of the broadcast shape, with indices.shape[axis] at `axis`.

    Example:
    >>> import gradflow as gf
    >>> x = gf.constant([[10, 30, 20], [60, 40, 50]])
    >>> gf.numpy.take_along_axis(x, gf.constant([[0], [1]]), axis=1).tolist()
    [[10], [40]]
    """
    x = tensor(x, "take_along_axis")
    if x.ndim == 0:
        raise ShapeError("take_along_axis: needs a tensor of rank >= 1, got a 0-d tensor")
    axis = normalize_axis(axis, x.ndim, "take_along_axis")
    idx = _index_tensor("take_along_axis", indices, x.shape[axis], axis)
    if idx.ndim != x.ndim:
        raise ShapeError(
            f"take_along_axis: indices must have x's rank {x.ndim}, got shape {idx.shape} "
            f"(x: {x.dtype.name}{list(x.shape)})"
        )
    # every other axis is indexed by an open range, so it broadcasts with indices
    index_arrays = []
    for a, d in enumerate(x.shape):
        if a == axis:
            index_arrays.append(idx)
        else:
            shape = tuple(d if i == a else 1 for i in range(x.ndim))
            index_arrays.append(Tensor(np.arange(d).reshape(shape)))
    return index_ops.gather(x, *index_arrays, axes=tuple(range(x.ndim)))


def getitem(x, key) -> Tensor:
    """`x[key]` with NumPy's semantics: ints, slices (any step), None, Ellipsis, integer
    arrays (advanced indexing, mixed with basic entries by NumPy's rules) and boolean
    masks. Not exported by gf.numpy: it is what `Tensor.__getitem__` calls.

    Args:
        x: a tensor.
        key: an index or a tuple of them.

    Returns:
        The selected elements.

    Example:
    >>> import gradflow as gf
    >>> x = gf.constant([[1, 2, 3], [4, 5, 6]])
    >>> x[1, ::-1].tolist(), x[:, [0, 0]].tolist(), x[x > 4].tolist()
    ([6, 5, 4], [[1, 1], [4, 4]], [5, 6])
    """
    x = tensor(x, "getitem")
    if type(key) is int:  # the common x[i]: straight to the primitive, whose rule checks it
        return index_ops.getitem(x, key=(("i", key),))
    entries = _classify(key if isinstance(key, tuple) else (key,))
    advanced = any(kind in ("a", "b") for kind, _ in entries)
    basic, axes, arrays = _split_key(entries, x, advanced)
    if any(e is not _FULL for e in basic):
        while basic and basic[-1] is _FULL:
            basic.pop()
        x = index_ops.getitem(x, key=tuple(basic))
    if axes:
        x = index_ops.gather(x, *arrays, axes=tuple(axes))
    return x


def _classify(key: tuple) -> list:
    """Each key entry as (kind, value): 'n' None, 'e' Ellipsis, 's' slice, 'i' int,
    'a' integer array, 'b' boolean array."""
    out = []
    for k in key:
        if k is None:
            out.append(("n", None))
        elif k is Ellipsis:
            out.append(("e", None))
        elif isinstance(k, slice):
            out.append(("s", (_bound(k.start), _bound(k.stop), _bound(k.step))))
        elif isinstance(k, (bool, np.bool_)):
            out.append(("b", np.asarray(k)))
        elif isinstance(k, _INTS):
            out.append(("i", int(k)))
        else:
            out.append(_array_entry(k))
    if sum(1 for kind, _ in out if kind == "e") > 1:
        raise IndexError("getitem: an index can only have a single ellipsis ('...')")
    return out


def _bound(v):
    if v is None:
        return None
    try:
        return operator.index(v)
    except TypeError:
        raise IndexError(
            f"getitem: slice bounds must be ints or None, got {type(v).__name__} {v!r}"
        ) from None


def _array_entry(k):
    if isinstance(k, Tensor) or hasattr(k, "_read"):
        t = k if isinstance(k, Tensor) else k._read()
    else:
        array = np.asarray(k)
        if array.size == 0 and array.dtype.kind == "f":
            array = array.astype(np.intp)  # x[[]]: an empty list selects nothing
        t = Tensor(array)
    kind = t.dtype.kind
    if kind == "b":
        return ("b", t)
    if kind not in "iu":
        raise IndexError(
            "getitem: only integers, slices (':'), ellipsis ('...'), None and integer or "
            f"boolean arrays are valid indices, got a {t.dtype.name} array"
        )
    return ("a", t)


def _consumed(entries: list) -> int:
    return sum(
        (v.ndim if kind == "b" else 1) for kind, v in entries if kind in ("s", "i", "a", "b")
    )


def _split_key(entries: list, x: Tensor, advanced: bool):
    """The basic key and the advanced index tensors with the axes of the basic result
    they index. With advanced indices present, ints join them (NumPy's rule), so the
    basic key keeps every axis and an advanced entry's axis is its position in it."""
    consumed = _consumed(entries)
    if consumed > x.ndim:
        raise IndexError(
            f"getitem: too many indices for a tensor of rank {x.ndim}: {consumed} were "
            f"indexed (x: {x.dtype.name}{list(x.shape)})"
        )
    basic, axes, arrays = [], [], []
    xaxis = 0  # the axis of x the next entry indexes
    for kind, v in entries:
        if kind == "e":
            basic.extend([_FULL] * (x.ndim - consumed))
            xaxis += x.ndim - consumed
        elif kind == "n":
            basic.append(("n",))
        elif kind == "s":
            basic.append(("s", *v))
            xaxis += 1
        elif kind == "i" and not advanced:
            basic.append(("i", v))  # checked by the primitive's rule
            xaxis += 1
        elif kind in ("i", "a"):
            idx = Tensor(np.asarray(v)) if kind == "i" else v
            _check_bounds(idx, x.shape[xaxis], xaxis)
            axes.append(len(basic))
            arrays.append(idx)
            basic.append(_FULL)
            xaxis += 1
        elif v.ndim == 0:
            # a 0-d mask indexes a new size-1 axis: it keeps it (True) or empties it
            axes.append(len(basic))
            arrays.append(Tensor(np.zeros(int(_concrete(v)), np.intp)))
            basic.append(("n",))
        else:
            mask = _concrete(v)
            _check_mask(mask, x.shape, xaxis)
            for coords in np.nonzero(mask):
                axes.append(len(basic))
                arrays.append(Tensor(coords))
                basic.append(_FULL)
            xaxis += mask.ndim
    return basic, axes, arrays


def _concrete(t) -> np.ndarray:
    if context.state().tracer is not None:
        raise ShapeError(
            "getitem: a boolean mask gives a data-dependent shape, which a traced function "
            "cannot have; use gf.numpy.where(mask, x, 0) or index with integer arrays"
        )
    return t._value if isinstance(t, Tensor) else np.asarray(t)


def _check_mask(mask: np.ndarray, shape: tuple, start: int) -> None:
    for i, d in enumerate(mask.shape):
        if d != shape[start + i]:
            raise IndexError(
                f"getitem: boolean index did not match the indexed tensor along axis "
                f"{start + i}: the axis has size {shape[start + i]} but the mask has {d}"
            )


def _check_bounds(idx: Tensor, size, axis: int) -> None:
    """IndexError for out-of-range integers (when their values are known)."""
    if size is None or context.state().tracer is not None or idx.size == 0:
        return
    values = idx._value
    low, high = values.min(), values.max()
    if low < -size or high >= size:
        bad = int(low) if low < -size else int(high)
        raise IndexError(f"getitem: index {bad} is out of bounds for axis {axis} with size {size}")


def _index_tensor(op: str, indices, size: int, axis: int) -> Tensor:
    idx = indices if isinstance(indices, Tensor) else tensor(indices, op)
    if idx.dtype.kind not in "iu":
        raise DTypeError(f"{op}: indices must have an integer dtype, got {idx.dtype.name}")
    try:
        _check_bounds(idx, size, axis)
    except IndexError as e:
        raise IndexError(str(e).replace("getitem:", f"{op}:", 1)) from None
    return idx
