"""Array API manipulation functions: reshaping, joining, splitting, reordering.

Most are composites of the shape primitives (reshape, broadcast_to, permute_dims,
concat, split, roll) and basic indexing, so each is differentiable through them.
"""

from __future__ import annotations

import operator

import numpy as np

from gradflow import dtypes
from gradflow.core.spec import normalize_axes, normalize_axis, size_of
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.numpy._args import broadcast, promote, tensor
from gradflow.ops import indexing as index_ops
from gradflow.ops import shape as shape_ops

__all__ = [
    "broadcast_arrays", "broadcast_to", "concat", "expand_dims", "flip", "moveaxis",
    "permute_dims", "repeat", "reshape", "roll", "squeeze", "stack", "tile", "unstack",
]  # fmt: skip


def _ints(op: str, name: str, value) -> tuple:
    """An int or a sequence of ints as a tuple of Python ints."""
    if isinstance(value, (list, tuple)):
        items = value
    elif isinstance(value, Tensor) and value.ndim == 1:
        items = value.tolist()
    else:
        items = (value,)
    try:
        return tuple(operator.index(v) for v in items)
    except TypeError:
        raise ArgumentError(
            f"{op}: {name} must be an int or a tuple of ints, got {value!r}"
        ) from None


def _reshaped(x: Tensor, shape: tuple) -> Tensor:
    return x if x.shape == shape else shape_ops.reshape(x, shape=shape)


def broadcast_to(x, /, shape) -> Tensor:
    """`x` broadcast to `shape` (NumPy's rules: trailing dimensions equal or 1).

    Args:
        x: a tensor.
        shape: the target shape.

    Returns:
        A tensor of `shape`.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.broadcast_to(gf.constant([1, 2]), (2, 2)).tolist()
    [[1, 2], [1, 2]]
    """
    x = tensor(x, "broadcast_to")
    shape = _ints("broadcast_to", "shape", shape)
    return x if x.shape == shape else shape_ops.broadcast_to(x, shape=shape)


def broadcast_arrays(*arrays) -> list[Tensor]:
    """The arrays broadcast against each other to one shape.

    Args:
        *arrays: tensors (dtypes are kept).

    Returns:
        A list of tensors of the common shape.

    Example:
    >>> import gradflow as gf
    >>> [t.shape for t in gf.numpy.broadcast_arrays(gf.constant([1, 2]), gf.constant([[3], [4]]))]
    [(2, 2), (2, 2)]
    """
    return broadcast("broadcast_arrays", *[tensor(a, "broadcast_arrays") for a in arrays])


def concat(arrays, /, *, axis: int | None = 0) -> Tensor:
    """The arrays joined along an existing axis (flattened first when `axis` is None).

    Args:
        arrays: a sequence of tensors; promoted to one dtype, equal in shape except
            along `axis`.
        axis: the joining axis, or None to join the flattened arrays.

    Returns:
        The joined tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.concat([gf.constant([1, 2]), gf.constant([3])]).tolist()
    [1, 2, 3]
    """
    xs = promote("concat", *arrays) if len(arrays) else []
    if not xs:
        raise ArgumentError("concat: needs at least one array")
    if axis is None:
        xs = [_reshaped(x, (x.size,)) for x in xs]
        axis = 0
    if xs[0].ndim == 0:
        raise ShapeError("concat: cannot concatenate 0-d tensors; use stack")
    axis = normalize_axis(axis, xs[0].ndim, "concat")
    return xs[0] if len(xs) == 1 else shape_ops.concat(*xs, axis=axis)


def expand_dims(x, /, *, axis=0) -> Tensor:
    """`x` with new size-1 axes inserted at `axis` (positions in the result).

    Args:
        x: a tensor.
        axis: an int or a tuple of ints, each in [-(ndim + k), ndim + k) where k is
            the number of new axes.

    Returns:
        A tensor with len(axis) more dimensions.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.expand_dims(gf.constant([1, 2]), axis=-1).shape
    (2, 1)
    """
    x = tensor(x, "expand_dims")
    axes = _ints("expand_dims", "axis", axis)
    ndim = x.ndim + len(axes)
    new = normalize_axes(axes, ndim, "expand_dims")
    rest = iter(x.shape)
    return _reshaped(x, tuple(1 if i in new else next(rest) for i in range(ndim)))


def squeeze(x, /, axis=None) -> Tensor:
    """`x` without the size-1 axes `axis` (all size-1 axes when None).

    Args:
        x: a tensor.
        axis: an int, a tuple of ints, or None.

    Returns:
        The squeezed tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.squeeze(gf.constant([[1, 2]]), axis=0).tolist()
    [1, 2]
    """
    x = tensor(x, "squeeze")
    if axis is None:
        axes = tuple(i for i, d in enumerate(x.shape) if d == 1)
    else:
        axes = normalize_axes(_ints("squeeze", "axis", axis), x.ndim, "squeeze")
    for a in axes:
        if x.shape[a] != 1:
            raise ShapeError(
                f"squeeze: axis {a} has size {x.shape[a]}, but only size-1 axes can be removed "
                f"(x: {x.dtype.name}{list(x.shape)})"
            )
    return _reshaped(x, tuple(d for i, d in enumerate(x.shape) if i not in axes))


def reshape(x, /, shape, *, copy: bool | None = None) -> Tensor:
    """`x` with a new shape holding the same elements in row-major order.

    Args:
        x: a tensor.
        shape: the new shape; one dimension may be -1 (inferred from the size).
        copy: accepted for the Array API; tensors are immutable, so whether the result
            shares memory with `x` is not observable.

    Returns:
        The reshaped tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.reshape(gf.numpy.arange(6), (2, -1)).shape
    (2, 3)
    """
    x = tensor(x, "reshape")
    shape = _ints("reshape", "shape", shape)
    unknown = [i for i, d in enumerate(shape) if d == -1]
    if len(unknown) > 1 or any(d < -1 for d in shape):
        raise ShapeError(
            f"reshape: shape {shape} may have one -1 and no other negative dimension "
            f"(x: {x.dtype.name}{list(x.shape)})"
        )
    if unknown:
        known = size_of(tuple(d for d in shape if d != -1))
        if known == 0 or x.size % known:
            raise ShapeError(
                f"reshape: cannot reshape a tensor of {x.size} elements {x.shape} into "
                f"shape {shape}"
            )
        shape = tuple(x.size // known if d == -1 else d for d in shape)
    return _reshaped(x, shape)


def permute_dims(x, /, axes) -> Tensor:
    """`x` with its axes reordered: output axis i is input axis axes[i].

    Args:
        x: a tensor.
        axes: a permutation of range(ndim) (negative axes allowed).

    Returns:
        The permuted tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.permute_dims(gf.numpy.zeros((2, 3)), (1, 0)).shape
    (3, 2)
    """
    x = tensor(x, "permute_dims")
    axes = _ints("permute_dims", "axes", axes)
    if len(axes) != x.ndim:
        raise ArgumentError(f"permute_dims: axes {axes} must list all {x.ndim} axes of x")
    axes = tuple(normalize_axis(a, x.ndim, "permute_dims") for a in axes)
    if axes == tuple(range(x.ndim)):
        return x
    return shape_ops.permute_dims(x, axes=axes)


def moveaxis(x, source, destination, /) -> Tensor:
    """`x` with axes `source` moved to positions `destination`; the rest keep their order.

    Args:
        x: a tensor.
        source: an int or a tuple of ints.
        destination: as many ints, the new positions.

    Returns:
        The permuted tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.moveaxis(gf.numpy.zeros((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    x = tensor(x, "moveaxis")
    src = _ints("moveaxis", "source", source)
    dst = _ints("moveaxis", "destination", destination)
    if len(src) != len(dst):
        raise ArgumentError(f"moveaxis: source {src} and destination {dst} differ in length")
    src = tuple(normalize_axis(a, x.ndim, "moveaxis") for a in src)
    dst = tuple(normalize_axis(a, x.ndim, "moveaxis") for a in dst)
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise ArgumentError(f"moveaxis: repeated axis in source {src} or destination {dst}")
    order = [a for a in range(x.ndim) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute_dims(x, tuple(order))


def flip(x, /, *, axis=None) -> Tensor:
    """`x` with the order of elements reversed along `axis` (all axes when None).

    Args:
        x: a tensor.
        axis: an int, a tuple of ints, or None.

    Returns:
        The flipped tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.flip(gf.constant([1, 2, 3])).tolist()
    [3, 2, 1]
    """
    x = tensor(x, "flip")
    axes = normalize_axes(axis, x.ndim, "flip")
    if not axes:
        return x
    reverse = ("s", None, None, -1)
    key = tuple(reverse if i in axes else index_ops.FULL for i in range(axes[-1] + 1))
    return index_ops.getitem(x, key=key)


def roll(x, /, shift, *, axis=None) -> Tensor:
    """`x` with elements shifted along `axis`; those pushed off one end come back at the
    other (the flattened tensor is rolled when `axis` is None).

    Args:
        x: a tensor.
        shift: an int, or a tuple of ints (one per axis).
        axis: an int, a tuple of ints, or None.

    Returns:
        The rolled tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.roll(gf.constant([1, 2, 3]), 1).tolist()
    [3, 1, 2]
    """
    x = tensor(x, "roll")
    shifts = _ints("roll", "shift", shift)
    if axis is None:
        if len(shifts) != 1:
            raise ArgumentError(f"roll: with axis=None, shift must be one int, got {shift!r}")
        flat = shape_ops.roll(_reshaped(x, (x.size,)), shift=shifts, axis=(0,))
        return _reshaped(flat, x.shape)
    axes = tuple(normalize_axis(a, x.ndim, "roll") for a in _ints("roll", "axis", axis))
    if len(shifts) == 1 and len(axes) > 1:
        shifts = shifts * len(axes)
    if len(shifts) != len(axes):
        raise ArgumentError(f"roll: shift {shifts} and axis {axes} must have the same length")
    return shape_ops.roll(x, shift=shifts, axis=axes)


def stack(arrays, /, *, axis: int = 0) -> Tensor:
    """The arrays joined along a new axis.

    Args:
        arrays: a sequence of tensors of one shape (promoted to one dtype).
        axis: where the new axis goes in the result.

    Returns:
        A tensor with one more dimension, of size len(arrays) at `axis`.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.stack([gf.constant([1, 2]), gf.constant([3, 4])], axis=1).tolist()
    [[1, 3], [2, 4]]
    """
    xs = promote("stack", *arrays) if len(arrays) else []
    if not xs:
        raise ArgumentError("stack: needs at least one array")
    shapes = {x.shape for x in xs}
    if len(shapes) != 1:
        raise ShapeError(f"stack: all arrays must have one shape, got {sorted(shapes)}")
    axis = normalize_axis(axis, xs[0].ndim + 1, "stack")
    lifted = [expand_dims(x, axis=axis) for x in xs]
    return lifted[0] if len(lifted) == 1 else shape_ops.concat(*lifted, axis=axis)


def unstack(x, /, *, axis: int = 0) -> tuple[Tensor, ...]:
    """`x` split along `axis` into a tuple of tensors without that axis.

    Args:
        x: a tensor of rank >= 1.
        axis: the axis to split along.

    Returns:
        A tuple of x.shape[axis] tensors.

    Example:
    >>> import gradflow as gf
    >>> [t.tolist() for t in gf.numpy.unstack(gf.constant([[1, 2], [3, 4]]), axis=1)]
    [[1, 3], [2, 4]]
    """
    x = tensor(x, "unstack")
    if x.ndim == 0:
        raise ShapeError("unstack: needs a tensor of rank >= 1, got a 0-d tensor")
    axis = normalize_axis(axis, x.ndim, "unstack")
    n = x.shape[axis]
    if n == 0:
        return ()
    pieces = (x,) if n == 1 else shape_ops.split(x, axis=axis, sizes=(1,) * n)
    out_shape = x.shape[:axis] + x.shape[axis + 1 :]
    return tuple(_reshaped(p, out_shape) for p in pieces)


def tile(x, repetitions, /) -> Tensor:
    """`x` repeated `repetitions[i]` times along each axis i.

    Args:
        x: a tensor.
        repetitions: a tuple of non-negative ints; the shorter of it and x.shape is
            padded with leading 1s.

    Returns:
        The tiled tensor.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.tile(gf.constant([1, 2]), (2,)).tolist()
    [1, 2, 1, 2]
    """
    x = tensor(x, "tile")
    reps = _ints("tile", "repetitions", repetitions)
    if any(r < 0 for r in reps):
        raise ArgumentError(f"tile: repetitions must be non-negative, got {reps}")
    ndim = max(x.ndim, len(reps))
    reps = (1,) * (ndim - len(reps)) + reps
    shape = (1,) * (ndim - x.ndim) + x.shape
    # interleave a repeat axis before each axis: (r0, d0, r1, d1, ...), then merge pairs
    lifted = _reshaped(x, tuple(v for d in shape for v in (1, d)))
    spread = tuple(v for r, d in zip(reps, shape) for v in (r, d))
    tiled = lifted if spread == lifted.shape else shape_ops.broadcast_to(lifted, shape=spread)
    return _reshaped(tiled, tuple(r * d for r, d in zip(reps, shape)))


def repeat(x, repeats, /, *, axis: int | None = None) -> Tensor:
    """Each element of `x` repeated along `axis` (of the flattened x when None).

    Args:
        x: a tensor.
        repeats: an int (every element the same number of times) or a 1-d integer
            tensor with one count per element along `axis` (or one count for all).
        axis: the axis, or None to repeat the flattened tensor.

    Returns:
        The tensor with repeated elements.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.repeat(gf.constant([1, 2]), 2).tolist()
    [1, 1, 2, 2]
    """
    x = tensor(x, "repeat")
    if axis is None:
        x, axis = _reshaped(x, (x.size,)), 0
    axis = normalize_axis(axis, x.ndim, "repeat")
    counts = _repeat_counts(x, repeats, axis)
    if isinstance(counts, int):
        n = x.shape[axis]
        lifted = _reshaped(x, x.shape[: axis + 1] + (1,) + x.shape[axis + 1 :])
        spread = x.shape[: axis + 1] + (counts,) + x.shape[axis + 1 :]
        if lifted.shape != spread:
            lifted = shape_ops.broadcast_to(lifted, shape=spread)
        return _reshaped(lifted, x.shape[:axis] + (n * counts,) + x.shape[axis + 1 :])
    positions = np.repeat(np.arange(x.shape[axis]), counts)
    return index_ops.gather(x, Tensor(positions), axes=(axis,))


def _repeat_counts(x: Tensor, repeats, axis: int):
    """An int count, or a NumPy array of one count per element along `axis`."""
    if isinstance(repeats, (int, np.integer)) and not isinstance(repeats, bool):
        counts = np.asarray(int(repeats))
    else:
        counts = np.asarray(repeats)
        if counts.dtype.kind not in "iu":
            raise DTypeError(f"repeat: repeats must be integers, got {counts.dtype.name}")
    if counts.ndim > 1:
        raise ShapeError(f"repeat: repeats must be an int or 1-d, got shape {counts.shape}")
    if (counts < 0).any():
        raise ArgumentError("repeat: repeats must be non-negative")
    if counts.size == 1:
        return int(counts.reshape(()))
    if counts.shape[0] != x.shape[axis]:
        raise ShapeError(
            f"repeat: {counts.shape[0]} repeats for axis {axis} of size {x.shape[axis]} "
            f"(x: {x.dtype.name}{list(x.shape)}); give one count per element or a single count"
        )
    return counts.astype(dtypes.int64)
