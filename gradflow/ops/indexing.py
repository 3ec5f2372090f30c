"""Indexing primitives: basic indexing (`getitem`), integer-array gathers, and their
transposes (`scatter_slice`, `scatter_add`).

Basic indexing keys are hashable attributes: a tuple of entries

- `("s", start, stop, step)`: a slice (each bound an int or None);
- `("i", index)`: an integer, which removes the axis;
- `("n",)`: a new axis of size 1;
- `("e",)`: an ellipsis (at most one), standing for as many full slices as needed.

Axes the key does not reach are taken whole. Advanced (integer-array) indexing takes the
index arrays as tensor inputs, since their values are data, and the indexed axes as an
attribute; the result follows NumPy's placement rule for the broadcast index dimensions.
"""

from __future__ import annotations

import functools

import numpy as np

from gradflow.core.primitive import primitive
from gradflow.core.spec import TensorSpec, broadcast_shapes, spec_of
from gradflow.errors import ArgumentError, ShapeError
from gradflow.ops._rules import check_shape_arg, require_kind

FULL = ("s", None, None, None)
"""The key entry for a whole axis (`:`)."""


# -- basic indexing ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=1024)
def expand_key(key: tuple, ndim: int) -> tuple:
    """`key` with its ellipsis expanded and trailing full slices added: one entry per
    input axis, plus the ("n",) entries."""
    consumed = sum(1 for e in key if e[0] in ("s", "i"))
    ellipses = sum(1 for e in key if e[0] == "e")
    if ellipses > 1:
        raise IndexError("getitem: an index can only have a single ellipsis ('...')")
    if consumed > ndim:
        raise IndexError(
            f"getitem: too many indices for a tensor of rank {ndim}: {consumed} were indexed"
        )
    out = []
    for e in key:
        tag = e[0]
        if tag == "e":
            out.extend([FULL] * (ndim - consumed))
        elif tag in ("s", "i", "n"):
            out.append(e)
        else:
            raise ArgumentError(f"getitem: unknown key entry {e!r}; entries are 's', 'i', 'n', 'e'")
    if not ellipses:
        out.extend([FULL] * (ndim - consumed))
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def numpy_key(key: tuple) -> tuple:
    """`key` as a NumPy index; a trailing Ellipsis keeps all-integer keys 0-d arrays."""
    out = []
    for e in key:
        tag = e[0]
        if tag == "s":
            out.append(slice(e[1], e[2], e[3]))
        elif tag == "i":
            out.append(e[1])
        elif tag == "n":
            out.append(None)
        else:
            out.append(Ellipsis)
    if Ellipsis not in out:
        out.append(Ellipsis)
    return tuple(out)


def _basic_shape(shape: tuple, key: tuple) -> tuple:
    out, axis = [], 0
    for e in expand_key(key, len(shape)):
        tag = e[0]
        if tag == "n":
            out.append(1)
            continue
        d = shape[axis]
        if tag == "i":
            if d is not None and not -d <= e[1] < d:
                raise IndexError(
                    f"getitem: index {e[1]} is out of bounds for axis {axis} with size {d}"
                )
        else:
            if e[3] == 0:
                raise ArgumentError(f"slice step cannot be zero (axis {axis})")
            out.append(None if d is None else len(range(*slice(e[1], e[2], e[3]).indices(d))))
        axis += 1
    return tuple(out)


def _getitem_infer(x: TensorSpec, *, key: tuple) -> TensorSpec:
    return spec_of(_basic_shape(x.shape, key), x.dtype)


def _getitem_grad(g, x, *, out, key):
    """The transpose of a selection: g placed at `key` in zeros of x's shape."""
    return (scatter_slice(g, key=key, shape=x.shape),)


getitem = primitive(
    "getitem",
    infer=_getitem_infer,
    grad=_getitem_grad,
    numpy=lambda x, *, key: x[numpy_key(key)],
    xla=lambda lax, x, *, key: x[numpy_key(key)],
)


def _scatter_slice_infer(g: TensorSpec, *, key: tuple, shape: tuple) -> TensorSpec:
    shape = check_shape_arg(shape)
    want = _basic_shape(shape, key)
    if len(want) != g.ndim or any(a is not None and a != b for a, b in zip(g.shape, want)):
        raise ShapeError(
            f"the update has shape {g.shape} but key {key} selects shape {want} of {shape}"
        )
    return spec_of(shape, g.dtype)


def _scatter_slice_numpy(g, *, key, shape):
    out = np.zeros(shape, g.dtype)
    out[numpy_key(key)] = g
    return out


scatter_slice = primitive(
    "scatter_slice",
    infer=_scatter_slice_infer,
    # linear in g: its transpose is the selection itself
    grad=lambda g, u, *, out, key, shape: (getitem(g, key=key),),
    numpy=_scatter_slice_numpy,
    xla=lambda lax, g, *, key, shape: lax.np.zeros(shape, g.dtype).at[numpy_key(key)].set(g),
)


# -- advanced (integer array) indexing -----------------------------------------------------
def _gather_shape(shape: tuple, index_shapes: list, axes: tuple) -> tuple:
    if len(index_shapes) != len(axes) or not axes:
        raise ArgumentError(f"needs one index tensor per axis in {axes}, got {len(index_shapes)}")
    if any(not 0 <= a < len(shape) for a in axes) or list(axes) != sorted(set(axes)):
        raise ArgumentError(
            f"axes {axes} must be distinct, increasing axes of a rank-{len(shape)} tensor"
        )
    bshape = broadcast_shapes(*index_shapes, op="gather")
    rest_before = shape[: axes[0]]
    if axes[-1] - axes[0] + 1 == len(axes):  # adjacent: the index dims replace them in place
        return rest_before + bshape + shape[axes[-1] + 1 :]
    kept = tuple(d for i, d in enumerate(shape) if i not in axes)
    return bshape + kept  # NumPy: separated index arrays put their dims first


def _check_indices(indices: tuple) -> None:
    for i, s in enumerate(indices):
        require_kind(s, "integer", f"index tensor {i}")


def _gather_infer(x: TensorSpec, *indices: TensorSpec, axes: tuple) -> TensorSpec:
    _check_indices(indices)
    return spec_of(_gather_shape(x.shape, [s.shape for s in indices], axes), x.dtype)


@functools.lru_cache(maxsize=256)
def _slots(ndim: int, axes: tuple) -> tuple:
    return tuple(axes.index(i) if i in axes else None for i in range(ndim))


def advanced_key(ndim: int, axes: tuple, indices) -> tuple:
    """The NumPy key with `indices` at `axes` and full slices elsewhere."""
    full = slice(None)
    return tuple(full if s is None else indices[s] for s in _slots(ndim, axes))


def _gather_grad(g, x, *indices, out, axes):
    """The transpose of a gather is a scatter-add: repeated indices accumulate."""
    return (scatter_add(g, *indices, axes=axes, shape=x.shape),) + (None,) * len(indices)


gather = primitive(
    "gather",
    infer=_gather_infer,
    grad=_gather_grad,
    numpy=lambda x, *indices, axes: x[advanced_key(x.ndim, axes, indices)],
    xla=lambda lax, x, *indices, axes: x[advanced_key(x.ndim, axes, indices)],
)


def _scatter_add_infer(
    g: TensorSpec, *indices: TensorSpec, axes: tuple, shape: tuple
) -> TensorSpec:
    _check_indices(indices)
    shape = check_shape_arg(shape)
    want = _gather_shape(shape, [s.shape for s in indices], axes)
    if len(want) != g.ndim or any(a is not None and a != b for a, b in zip(g.shape, want)):
        raise ShapeError(
            f"the update has shape {g.shape} but indexing axes {axes} of shape {shape} "
            f"selects shape {want}"
        )
    return spec_of(shape, g.dtype)


def _scatter_add_numpy(g, *indices, axes, shape):
    out = np.zeros(shape, g.dtype)
    np.add.at(out, advanced_key(len(shape), axes, indices), g)
    return out


def _scatter_add_xla(lax, g, *indices, axes, shape):
    return lax.np.zeros(shape, g.dtype).at[advanced_key(len(shape), axes, indices)].add(g)


scatter_add = primitive(
    "scatter_add",
    infer=_scatter_add_infer,
    # linear in g: its transpose is the gather at the same indices
    grad=lambda g, u, *indices, out, axes, shape: (
        (gather(g, *indices, axes=axes),) + (None,) * len(indices)
    ),
    numpy=_scatter_add_numpy,
    xla=_scatter_add_xla,
)
