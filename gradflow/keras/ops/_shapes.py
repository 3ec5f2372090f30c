"""keras.ops.numpy, shape manipulation and indexing: reshape, transpose, joining and
splitting, padding, gathers, where and select."""

from __future__ import annotations

import builtins

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op

gnp = gf.numpy
_tensor, _promote = _dtypes.tensor, _dtypes.promote


def _shape_arg(shape) -> tuple:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(-1 if d is None else int(d) for d in shape)


@keras_op
def reshape(x, newshape):
    """`x` with a new shape of the same size (-1 or None infers one dimension).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.reshape([1, 2, 3, 4], (2, -1)).shape
    (2, 2)
    """
    return gnp.reshape(_tensor(x), _shape_arg(newshape))


@keras_op
def transpose(x, axes=None):
    """`x` with its axes permuted (reversed when `axes` is None).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.transpose(gf.numpy.ones((2, 3, 4))).shape
    (4, 3, 2)
    """
    x = _tensor(x)
    axes = tuple(reversed(range(x.ndim))) if axes is None else tuple(int(a) for a in axes)
    return gnp.permute_dims(x, axes)


@keras_op
def swapaxes(x, axis1, axis2):
    """`x` with axes `axis1` and `axis2` swapped."""
    x = _tensor(x)
    axes = list(range(x.ndim))
    a, b = axis1 % x.ndim, axis2 % x.ndim
    axes[a], axes[b] = axes[b], axes[a]
    return gnp.permute_dims(x, tuple(axes))


@keras_op
def moveaxis(x, source, destination):
    """`x` with axes moved from `source` to `destination` (ints or sequences)."""
    return gnp.moveaxis(_tensor(x), source, destination)


@keras_op
def expand_dims(x, axis):
    """`x` with new length-1 axes at `axis` (an int or a tuple).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.expand_dims([1, 2], 0).shape
    (1, 2)
    """
    x = _tensor(x)
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    ndim = x.ndim + len(axes)
    axes = sorted(a % ndim for a in axes)
    shape = list(x.shape)
    for a in axes:
        shape.insert(a, 1)
    return gnp.reshape(x, tuple(-1 if d is None else d for d in shape))


@keras_op
def squeeze(x, axis=None):
    """`x` without length-1 axes (only those at `axis` when given)."""
    x = _tensor(x)
    if axis is None:
        axis = tuple(i for i, d in enumerate(x.shape) if d == 1)
    return gnp.squeeze(x, axis=axis)


@keras_op
def ravel(x):
    """`x` flattened to 1-d.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.ravel([[1, 2], [3, 4]]).tolist()
    [1, 2, 3, 4]
    """
    return gnp.reshape(_tensor(x), (-1,))


@keras_op
def broadcast_to(x, shape):
    """`x` broadcast to `shape`."""
    return gnp.broadcast_to(_tensor(x), tuple(shape))


def _joinable(xs):
    parts = [_tensor(x) for x in xs]
    dtype = _dtypes.result_type(*[p.dtype.name for p in parts])
    return [_tensor(p, dtype) for p in parts]


@keras_op
def concatenate(xs, axis=0):
    """The tensors `xs` joined along `axis` (flattened first when None).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.concatenate([[1, 2], [3]]).tolist()
    [1, 2, 3]
    """
    return gnp.concat(_joinable(xs), axis=axis)


@keras_op
def stack(x, axis=0):
    """The same-shape tensors `x` stacked along a new axis `axis`."""
    return gnp.stack(_joinable(x), axis=axis)


@keras_op
def append(x1, x2, axis=None):
    """`x2` appended to `x1` along `axis` (both flattened when None)."""
    a, b = _promote(x1, x2)
    if axis is None:
        return gnp.concat([gnp.reshape(a, (-1,)), gnp.reshape(b, (-1,))])
    return gnp.concat([a, b], axis=axis)


def _at_least(x, ndim):
    x = _tensor(x)
    if x.ndim >= ndim:
        return x
    if ndim == 2:
        return gnp.reshape(x, (1, -1))
    return gnp.reshape(x, (1, -1, 1)) if x.ndim <= 1 else gnp.expand_dims(x, axis=-1)


@keras_op
def hstack(xs):
    """`xs` joined column-wise (along axis 1; axis 0 for 1-d)."""
    parts = _joinable(xs)
    return gnp.concat(parts, axis=0 if parts[0].ndim == 1 else 1)


@keras_op
def vstack(xs):
    """`xs` joined row-wise (1-d tensors become rows)."""
    return gnp.concat([_at_least(p, 2) for p in _joinable(xs)], axis=0)


@keras_op
def dstack(xs):
    """`xs` joined along the third axis (lower ranks are lifted to 3-d)."""
    return gnp.concat([_at_least(p, 3) for p in _joinable(xs)], axis=2)


def _split_points(length, indices_or_sections, even: bool):
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if even and length % sections:
            raise ValueError(
                "array split does not result in an equal division. "
                f"Received: length={length}, indices_or_sections={sections}"
            )
        base, extra = divmod(length, sections)
        sizes = [base + 1] * extra + [base] * (sections - extra)
        return list(np.cumsum(sizes)[:-1])
    return [int(i) for i in indices_or_sections]


def _split(x, indices_or_sections, axis, even):
    x = _tensor(x)
    axis = axis % x.ndim
    length = x.shape[axis]
    points = [0] + _split_points(length, indices_or_sections, even) + [length]
    out = []
    for start, stop in zip(points[:-1], points[1:]):
        key = [slice(None)] * x.ndim
        key[axis] = slice(builtins.min(start, length), builtins.min(stop, length))
        out.append(x[tuple(key)])
    return out


@keras_op
def split(x, indices_or_sections, axis=0):
    """`x` split along `axis` into equal sections (an int) or at indices (a list).

    Example:
    >>> from gradflow.keras import ops
    >>> [p.tolist() for p in ops.split([1, 2, 3, 4], 2)]
    [[1, 2], [3, 4]]
    """
    return _split(x, indices_or_sections, axis, even=True)


@keras_op
def array_split(x, indices_or_sections, axis=0):
    """Like `split`, but an int need not divide the length (earlier parts get one more)."""
    return _split(x, indices_or_sections, axis, even=False)


@keras_op
def hsplit(x, indices_or_sections):
    """`x` split column-wise (axis 1; axis 0 for 1-d)."""
    x = _tensor(x)
    return _split(x, indices_or_sections, 0 if x.ndim == 1 else 1, even=True)


@keras_op
def vsplit(x, indices_or_sections):
    """`x` split row-wise (axis 0)."""
    return _split(x, indices_or_sections, 0, even=True)


@keras_op
def dsplit(x, indices_or_sections):
    """`x` split along the third axis."""
    return _split(x, indices_or_sections, 2, even=True)


@keras_op
def flip(x, axis=None):
    """`x` reversed along `axis` (all axes when None)."""
    return gnp.flip(_tensor(x), axis=axis)


@keras_op
def fliplr(x):
    """`x` reversed along axis 1."""
    return gnp.flip(_tensor(x), axis=1)


@keras_op
def flipud(x):
    """`x` reversed along axis 0."""
    return gnp.flip(_tensor(x), axis=0)


@keras_op
def rot90(array, k=1, axes=(0, 1)):
    """`array` rotated by 90 degrees `k` times in the plane of `axes`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.rot90([[1, 2], [3, 4]]).tolist()
    [[2, 4], [1, 3]]
    """
    x = _tensor(array)
    a, b = axes
    k = k % 4
    if k == 0:
        return x
    if k == 2:
        return gnp.flip(gnp.flip(x, axis=a), axis=b)
    if k == 1:
        return swapaxes(gnp.flip(x, axis=b), a, b)
    return gnp.flip(swapaxes(x, a, b), axis=b)


@keras_op
def roll(x, shift, axis=None):
    """`x` with elements shifted by `shift` along `axis` (of the flattened `x` when None)."""
    return gnp.roll(_tensor(x), shift, axis=axis)


@keras_op
def repeat(x, repeats, axis=None):
    """Each element of `x` repeated `repeats` times along `axis` (flattened when None)."""
    x = _tensor(x)
    if not isinstance(repeats, (int, np.integer)):
        repeats = _tensor(repeats)
        if repeats.ndim == 0:
            repeats = int(repeats.numpy())
    return gnp.repeat(x, repeats, axis=axis)


@keras_op
def tile(x, repeats):
    """`x` repeated `repeats` times along each axis."""
    x = _tensor(x)
    reps = (int(repeats),) if isinstance(repeats, (int, np.integer)) else tuple(repeats)
    if len(reps) < x.ndim:
        reps = (1,) * (x.ndim - len(reps)) + reps
    return gnp.tile(x, reps)


@keras_op
def pad(x, pad_width, mode="constant", constant_values=None):
    """`x` padded by `pad_width` ((before, after) per axis).

    Args:
        x: a tensor.
        pad_width: an int, a pair, or one pair per axis.
        mode: 'constant', 'reflect' or 'symmetric' (also 'edge', 'wrap', 'maximum',
            'minimum', 'mean', 'median' for NumPy compatibility: here 'constant',
            'reflect', 'symmetric', 'edge' and 'wrap').
        constant_values: the fill for 'constant' (0 by default).

    Returns:
        The padded tensor.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.pad([1, 2], (1, 2)).tolist()
    [0, 1, 2, 0, 0]
    """
    x = _tensor(x)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (x.ndim, 2))
    if mode != "constant" and constant_values is not None:
        raise ValueError(
            "Argument `constant_values` can only be provided when `mode == 'constant'`. "
            f"Received: mode={mode}"
        )
    if mode not in ("constant", "reflect", "symmetric", "edge", "wrap"):
        raise ValueError(
            "`mode` must be one of 'constant', 'reflect', 'symmetric', 'edge' or 'wrap'. "
            f"Received: mode={mode}"
        )
    for axis, (before, after) in enumerate(widths):
        if before == 0 and after == 0:
            continue
        n = x.shape[axis]
        if mode == "constant":
            fill = 0 if constant_values is None else constant_values
            shape = list(x.shape)
            parts = []
            for width in (before, after):
                shape[axis] = int(width)
                parts.append(gnp.full(tuple(shape), fill, dtype=x.dtype))
            x = gnp.concat([parts[0], x, parts[1]], axis=axis)
            continue
        index = np.arange(-before, n + after)
        if mode == "reflect":
            period = 2 * (n - 1) if n > 1 else 1
            index = np.abs(index) % period
            index = np.where(index >= n, period - index, index)
        elif mode == "symmetric":
            period = 2 * n
            index = index % period
            index = np.where(index >= n, period - 1 - index, index)
        elif mode == "edge":
            index = np.clip(index, 0, n - 1)
        else:
            index = index % n
        x = gnp.take(x, gf.constant(index.astype("int32")), axis=axis)
    return x


@keras_op
def take(x, indices, axis=None):
    """Elements of `x` at `indices` along `axis` (of the flattened `x` when None); negative
    indices count from the end.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.take([[1, 2], [3, 4]], [1, 0], axis=1).tolist()
    [[2, 1], [4, 3]]
    """
    x = _tensor(x)
    if axis is None:
        x, axis = gnp.reshape(x, (-1,)), 0
    axis = axis % x.ndim
    indices = _tensor(indices)
    if not _dtypes.is_int(indices.dtype):
        indices = _tensor(indices, "int32")
    n = x.shape[axis]
    if n is not None:
        indices = gnp.where(indices < 0, indices + n, indices)
    flat = gnp.reshape(indices, (-1,))
    out = gnp.take(x, flat, axis=axis)
    shape = x.shape[:axis] + indices.shape + x.shape[axis + 1 :]
    return gnp.reshape(out, tuple(-1 if d is None else d for d in shape))


@keras_op
def take_along_axis(x, indices, axis=None):
    """Elements of `x` at `indices` matched along `axis` (of the flattened `x` when None).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.take_along_axis([[10, 30, 20]], [[1, 0]], axis=1).tolist()
    [[30, 10]]
    """
    x = _tensor(x)
    indices = _tensor(indices)
    if axis is None:
        x, axis = gnp.reshape(x, (-1,)), 0
        indices = gnp.reshape(indices, (-1,))
    axis = axis % x.ndim
    n = x.shape[axis]
    if n is not None:
        indices = gnp.where(indices < 0, indices + n, indices)
    # broadcast the non-indexed axes of both
    x_shape = list(x.shape)
    i_shape = list(indices.shape)
    x_shape[axis], i_shape[axis] = 1, 1
    common = np.broadcast_shapes(tuple(x_shape), tuple(i_shape))
    x = gnp.broadcast_to(x, tuple(common[:axis]) + (x.shape[axis],) + tuple(common[axis + 1 :]))
    indices = gnp.broadcast_to(
        indices, tuple(common[:axis]) + (indices.shape[axis],) + tuple(common[axis + 1 :])
    )
    return gnp.take_along_axis(x, indices, axis=axis)


def _key_part(k):
    if isinstance(k, gf.Variable):
        k = k.value()
    if isinstance(k, (list, np.ndarray)):
        return _tensor(k)
    return k


@keras_op
def get_item(x, key):
    """`x[key]`: NumPy indexing with ints, slices, None, Ellipsis, int or bool tensors.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.get_item([[1, 2], [3, 4]], (slice(None), 1)).tolist()
    [2, 4]
    """
    x = _tensor(x)
    if isinstance(key, tuple):
        key = tuple(_key_part(k) for k in key)
    else:
        key = _key_part(key)
    return x[key]


@keras_op
def where(condition, x1=None, x2=None):
    """Elements of `x1` where `condition`, else of `x2`; with only `condition`, the
    indices of its true elements (like `nonzero`).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.where([True, False], 1, 0).tolist()
    [1, 0]
    """
    condition = _tensor(condition, "bool")
    if x1 is None and x2 is None:
        return tuple(gnp.astype(i, "int32") for i in gnp.nonzero(condition))
    if x1 is None or x2 is None:
        raise ValueError(
            "`x1` and `x2` either both should be `None` or both should have non-None value. "
            f"Received: x1={x1}, x2={x2}"
        )
    a, b = _promote(x1, x2)
    return gnp.where(condition, a, b)


@keras_op
def select(condlist, choicelist, default=0):
    """Elements from `choicelist[i]` at the first `condlist[i]` that holds, else `default`.

    Example:
    >>> from gradflow.keras import ops
    >>> x = gf.numpy.asarray([0, 1, 2])
    >>> ops.select([x < 1, x > 1], [x, x * 10], default=-1).tolist()
    [0, -1, 20]
    """
    choices = _joinable(list(choicelist) + [default])
    out = choices[-1]
    for cond, choice in reversed(list(zip(condlist, choices[:-1]))):
        out = gnp.where(_tensor(cond, "bool"), choice, out)
    return out


@keras_op
def meshgrid(*x, indexing="xy"):
    """Coordinate grids from 1-d coordinate vectors ('xy': Cartesian, 'ij': matrix)."""
    return gnp.meshgrid(*[_tensor(v) for v in x], indexing=indexing)


@keras_op
def unravel_index(indices, shape):
    """Flat `indices` as a tuple of coordinate tensors into an array of `shape`.

    Example:
    >>> from gradflow.keras import ops
    >>> [c.tolist() for c in ops.unravel_index([5], (2, 3))]
    [[1], [2]]
    """
    indices = _tensor(indices)
    coords = []
    for dim in reversed(tuple(shape)):
        coords.append(gnp.remainder(indices, dim))
        indices = gnp.floor_divide(indices, dim)
    return tuple(reversed(coords))


@keras_op
def diff(a, n=1, axis=-1):
    """The `n`-th discrete difference of `a` along `axis`."""
    return gnp.diff(_tensor(a), axis=axis, n=n)


@keras_op
def view(x, dtype=None):
    """The bytes of `x` reinterpreted as `dtype` (eager only: bits, not values, carry over).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.view([1.0], "int32").tolist()
    [1065353216]
    """
    x = _tensor(x)
    if dtype is None:
        return x
    return gf.constant(np.ascontiguousarray(x.numpy()).view(_dtypes.dtype_name(dtype)))


@keras_op
def vectorize(pyfunc, *, excluded=None, signature=None):
    """`pyfunc` mapped over the leading axis of its tensor arguments (like np.vectorize
    with a `signature`; without one, `pyfunc` is applied to whole tensors, which suits
    elementwise functions).

    Example:
    >>> from gradflow.keras import ops
    >>> f = ops.vectorize(lambda a, b: a + b)
    >>> f([1, 2], [10, 20]).tolist()
    [11, 22]
    """
    from gradflow.keras.ops import core

    excluded = set(excluded or ())

    def vectorized(*args):
        if signature is None:
            return pyfunc(*[a if i in excluded else _tensor(a) for i, a in enumerate(args)])
        mapped = [i for i in range(len(args)) if i not in excluded]

        def one(elements):
            full = list(args)
            for i, e in zip(mapped, elements):
                full[i] = e
            return pyfunc(*full)

        return core.vectorized_map(one, [_tensor(args[i]) for i in mapped])

    return vectorized


__all__ = exported(__name__)
