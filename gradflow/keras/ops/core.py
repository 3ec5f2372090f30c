"""keras.ops core: casting and conversion, control flow (cond, switch, loops, scans, map),
scatter and slice updates, and gradient control."""

from __future__ import annotations

import builtins

import numpy as np

import gradflow as gf
from gradflow.core import tree
from gradflow.keras import backend
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op, register, symbolic_aware
from gradflow.ops import indexing as _indexing

gnp = gf.numpy
_tensor = _dtypes.tensor


@keras_op
def cast(x, dtype):
    """`x` converted to `dtype`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.cast([1.7, -1.7], "int32").tolist()
    [1, -1]
    """
    return _tensor(x, _dtypes.dtype_name(dtype))


@keras_op
def saturate_cast(x, dtype):
    """`x` clipped to the range of `dtype`, then converted (no wrap-around).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.saturate_cast([-1.0, 300.0], "uint8").tolist()
    [0, 255]
    """
    x = _tensor(x)
    target = np.dtype(_dtypes.dtype_name(dtype))
    if target.kind in "iu" or (target.kind == "f" and x.dtype.itemsize > target.itemsize):
        info = np.iinfo(target) if target.kind in "iu" else np.finfo(target)
        low, high = info.min, info.max
        if x.dtype.kind in "iu":
            own = np.iinfo(x.dtype)
            low, high = builtins.max(low, own.min), builtins.min(high, own.max)
        x = gnp.clip(x, _tensor(low, x.dtype), _tensor(high, x.dtype))
    return _tensor(x, target.name)


@keras_op
def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """`x` as a gradflow tensor (Python ints become int32, Python floats `floatx()`).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.convert_to_tensor([1, 2]).dtype.name
    'int32'
    """
    if sparse or ragged:
        raise ValueError(f"gradflow tensors are dense. Received: sparse={sparse}, ragged={ragged}")
    return _tensor(x, dtype)


def convert_to_numpy(x):
    """`x` as a NumPy array.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.convert_to_numpy(ops.ones((2,))).tolist()
    [1.0, 1.0]
    """
    return backend.convert_to_numpy(x)


def is_tensor(x):
    """Whether `x` is a gradflow tensor (or variable)."""
    return backend.is_tensor(x)


def shape(x):
    """The shape of `x` as a tuple (None for unknown dimensions).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.shape(ops.ones((2, 3)))
    (2, 3)
    """
    if hasattr(x, "shape") and isinstance(x.shape, tuple):
        return x.shape
    return _tensor(x).shape


def dtype(x):
    """The dtype of `x` as Keras's string.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.dtype(ops.ones((2,)))
    'float32'
    """
    found = getattr(x, "dtype", None)
    return backend.standardize_dtype(found if found is not None else _tensor(x).dtype)


for _fn in (convert_to_numpy, is_tensor, shape, dtype):  # host-side: never symbolic
    register(_fn.__name__, __name__)


@keras_op
def stop_gradient(variable):
    """`variable` as a tensor through which no gradient flows."""
    return gf.stop_gradient(_tensor(variable))


@keras_op
def unstack(x, num=None, axis=0):
    """`x` split into a list of tensors along `axis`."""
    x = _tensor(x)
    if num is not None and x.shape[axis] is not None and num != x.shape[axis]:
        raise ValueError(f"`num` must equal x.shape[axis]. Received: num={num}, x.shape={x.shape}")
    return list(gnp.unstack(x, axis=axis))


# -- control flow ----------------------------------------------------------------------------
@keras_op
def cond(pred, true_fn, false_fn):
    """`true_fn()` if `pred` else `false_fn()` (both traced in graph mode).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.cond(ops.convert_to_tensor(True), lambda: 1, lambda: 2).tolist()
    1
    """
    if isinstance(pred, (gf.Tensor, gf.Variable)) or not isinstance(pred, (bool, np.bool_)):
        pred = _tensor(pred, "bool")
    return gf.cond(pred, true_fn, false_fn)


@keras_op
def switch(index, branches, *operands):
    """`branches[index](*operands)`, with `index` clamped to the valid range.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.switch(1, [lambda x: x + 1, lambda x: x * 10], 2.0).tolist()
    20.0
    """
    index = gnp.clip(_tensor(index, "int32"), 0, len(branches) - 1)

    def pick(i):
        if i == len(branches) - 1:
            return branches[i](*operands)
        return gf.cond(gnp.equal(index, i), lambda: branches[i](*operands), lambda: pick(i + 1))

    return pick(0)


@keras_op
def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Repeat `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.while_loop(lambda i: i < 5, lambda i: (i + 1,), (0,))
    (5,)
    """
    single = not isinstance(loop_vars, (tuple, list))
    state = (loop_vars,) if single else tuple(loop_vars)
    state = tree.map_structure(_tensor, state)

    def step(*vars_):
        out = body(*vars_)
        out = (out,) if not isinstance(out, (tuple, list)) else tuple(out)
        return tuple(_tensor(o, v.dtype) for o, v in zip(out, vars_))

    out = gf.while_loop(lambda *v: _tensor(cond(*v), "bool"), step, state,
                        maximum_iterations=maximum_iterations)  # fmt: skip
    out = tuple(out)
    if single:
        return out[0]
    return _python_like(out, loop_vars)


def _python_like(out, like):
    """Scalars from Python loop variables back as Python numbers, as Keras returns them
    eagerly."""
    result = []
    for o, v in zip(out, like):
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not _tracing(o):
            result.append(type(v)(o.numpy()))
        else:
            result.append(o)
    return type(like)(result) if isinstance(like, tuple) else list(result)


def _tracing(t) -> bool:
    try:
        t.numpy()
    except Exception:
        return True
    return False


@keras_op
def fori_loop(lower, upper, body_fun, init_val):
    """`val = body_fun(i, val)` for i in [lower, upper).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.fori_loop(0, 4, lambda i, v: v + i, 0).tolist()
    6
    """
    i0 = _tensor(lower, "int32")
    state = tree.map_structure(_tensor, init_val)
    _, out = gf.while_loop(
        lambda i, v: gnp.less(i, _tensor(upper, "int32")),
        lambda i, v: (i + 1, body_fun(i, v)),
        (i0, state),
    )
    return out


@keras_op
def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`carry, y = f(carry, x)` over the leading axis of `xs`; returns (carry, stacked ys).

    Example:
    >>> from gradflow.keras import ops
    >>> carry, ys = ops.scan(lambda c, x: (c + x, c), 0.0, ops.convert_to_tensor([1.0, 2.0]))
    >>> carry.tolist(), ys.tolist()
    (3.0, [0.0, 1.0])
    """
    init = tree.map_structure(_tensor, init)
    if xs is not None:
        xs = tree.map_structure(_tensor, xs)
    return gf.scan(f, init, xs, length=length, reverse=reverse)


@keras_op
def map(f, xs):
    """`f` applied to each slice of `xs` along its leading axis, results stacked.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.map(lambda x: x * 2, ops.convert_to_tensor([1, 2])).tolist()
    [2, 4]
    """
    xs = tree.map_structure(_tensor, xs)
    _, ys = gf.scan(lambda c, x: (c, f(x)), gf.constant(np.int32(0)), xs)
    return ys


@keras_op
def vectorized_map(function, elements):
    """`function` mapped over the leading axis of `elements` (a tensor or a structure of
    them), results stacked (run as a `scan`)."""
    return map(function, elements)


@keras_op
def associative_scan(f, elems, reverse=False, axis=0):
    """The inclusive prefix combination of `elems` along `axis` under the associative
    binary `f` (in log2(n) parallel steps).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.associative_scan(lambda a, b: a + b, ops.convert_to_tensor([1, 2, 3, 4])).tolist()
    [1, 3, 6, 10]
    """
    leaves = [_tensor(x) for x in tree.flatten(elems)]
    n = leaves[0].shape[axis]
    if reverse:
        leaves = [gnp.flip(x, axis=axis) for x in leaves]

    def cut(x, start, stop):
        key = [builtins.slice(None)] * x.ndim
        key[axis % x.ndim] = builtins.slice(start, stop)
        return x[tuple(key)]

    offset = 1
    while offset < n:
        left = tree.unflatten_as(elems, [cut(x, 0, n - offset) for x in leaves])
        right = tree.unflatten_as(elems, [cut(x, offset, n) for x in leaves])
        combined = tree.flatten(f(left, right))
        leaves = [gnp.concat([cut(x, 0, offset), c], axis=axis) for x, c in zip(leaves, combined)]
        offset *= 2
    if reverse:
        leaves = [gnp.flip(x, axis=axis) for x in leaves]
    return tree.unflatten_as(elems, leaves)


# -- scatter and slices ------------------------------------------------------------------------
def _index_columns(indices, depth):
    indices = _tensor(indices)
    if not _dtypes.is_int(indices.dtype):
        indices = _tensor(indices, "int32")
    return [indices[..., i] for i in range(depth)]


@keras_op
def scatter(indices, values, shape):
    """A zero tensor of `shape` with `values` added at `indices` (an (..., k) int tensor of
    k-d positions; duplicates add up).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.scatter([[0], [2]], [1.0, 2.0], (3,)).tolist()
    [1.0, 0.0, 2.0]
    """
    values = _tensor(values)
    shape = tuple(int(d) for d in shape)
    depth = _tensor(indices).shape[-1]
    columns = _index_columns(indices, depth)
    return _indexing.scatter_add(values, *columns, axes=tuple(range(depth)), shape=shape)


@keras_op
def scatter_update(inputs, indices, updates, reduction=None):
    """`inputs` with the entries at `indices` replaced by `updates` (or combined with them
    when `reduction` is 'add').

    Example:
    >>> from gradflow.keras import ops
    >>> ops.scatter_update(ops.zeros((3,)), [[1]], [5.0]).tolist()
    [0.0, 5.0, 0.0]
    """
    x = _tensor(inputs)
    updates = _tensor(updates, x.dtype)
    depth = _tensor(indices).shape[-1]
    columns = _index_columns(indices, depth)
    axes = tuple(range(depth))
    added = _indexing.scatter_add(updates, *columns, axes=axes, shape=x.shape)
    if reduction == "add":
        return x + added
    if reduction is not None:
        raise ValueError(
            f"Unsupported `reduction`: {reduction!r}; gradflow supports None and 'add'."
        )
    hit = _indexing.scatter_add(gnp.ones_like(updates, dtype="float32"), *columns, axes=axes,
                                shape=x.shape)  # fmt: skip
    return gnp.where(hit > 0, added, x)


def _static_starts(start_indices):
    starts = []
    for s in start_indices:
        if isinstance(s, (gf.Tensor, gf.Variable)):
            try:
                s = int(s.numpy())
            except Exception:
                return None
        starts.append(int(s))
    return starts


@keras_op
def slice(inputs, start_indices, shape):
    """The block of `inputs` of `shape` starting at `start_indices` (ints or tensors).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.slice([[1, 2, 3], [4, 5, 6]], (0, 1), (2, 2)).tolist()
    [[2, 3], [5, 6]]
    """
    x = _tensor(inputs)
    shape = [x.shape[i] - 0 if d == -1 else d for i, d in enumerate(shape)]
    starts = _static_starts(start_indices)
    if starts is not None:
        return x[tuple(builtins.slice(s, s + d) for s, d in zip(starts, shape))]
    for axis, (s, d) in enumerate(zip(start_indices, shape)):
        index = _tensor(s, "int32") + gnp.arange(d, dtype="int32")
        x = gnp.take(x, index, axis=axis)
    return x


@keras_op
def slice_update(inputs, start_indices, updates):
    """`inputs` with the block at `start_indices` replaced by `updates`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.slice_update(ops.zeros((4,)), (1,), ops.ones((2,))).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    x = _tensor(inputs)
    updates = _tensor(updates, x.dtype)
    columns = []
    for axis, s in enumerate(start_indices):
        index = _tensor(s, "int32") + gnp.arange(updates.shape[axis], dtype="int32")
        shape = [1] * updates.ndim
        shape[axis] = updates.shape[axis]
        columns.append(gnp.broadcast_to(gnp.reshape(index, tuple(shape)), updates.shape))
    axes = tuple(range(len(columns)))
    placed = _indexing.scatter_add(updates, *columns, axes=axes, shape=x.shape)
    hit = _indexing.scatter_add(gnp.ones_like(updates, dtype="float32"), *columns, axes=axes,
                                shape=x.shape)  # fmt: skip
    return gnp.where(hit > 0, placed, x)


def custom_gradient(f):
    """Decorate `f(*args) -> (output, grad_fn)` so gradients use `grad_fn(upstream)`.

    Example:
    >>> from gradflow.keras import ops
    >>> @ops.custom_gradient
    ... def clipped(x):
    ...     return x * 1.0, lambda dy: ops.clip(dy, -1.0, 1.0)
    >>> x = gf.constant(2.0)
    >>> with gf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = clipped(x) * 10.0
    >>> float(tape.gradient(y, x))
    1.0
    """
    return symbolic_aware(gf.custom_gradient(f))


register("custom_gradient", __name__)

__all__ = exported(__name__)
