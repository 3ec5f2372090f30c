"""Shape primitives: reshape, broadcast_to (and broadcast_like), expand_dims/squeeze,
permute_dims, concat, split, roll."""

from __future__ import annotations

import numpy as np

from gradflow.core.primitive import primitive
from gradflow.core.spec import TensorSpec, broadcast_shapes, normalize_axis, size_of, spec_of
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.ops._rules import check_shape_arg


def _reshape_infer(x: TensorSpec, *, shape: tuple) -> TensorSpec:
    shape = check_shape_arg(shape)
    if size_of(x.shape) is not None and size_of(x.shape) != size_of(shape):
        raise ShapeError(
            f"cannot reshape a tensor of {size_of(x.shape)} elements {x.shape} into shape "
            f"{shape} ({size_of(shape)} elements)"
        )
    return spec_of(shape, x.dtype)


reshape = primitive(
    "reshape",
    infer=_reshape_infer,
    grad=lambda g, x, *, out, shape: (reshape(g, shape=x.shape),),
    numpy=lambda x, *, shape: np.reshape(x, shape),
    xla=lambda lax, x, *, shape: lax.reshape(x, shape),
)


def _broadcast_to_infer(x: TensorSpec, *, shape: tuple) -> TensorSpec:
    shape = check_shape_arg(shape)
    if len(shape) < x.ndim or broadcast_shapes(x.shape, shape, op="broadcast_to") != shape:
        raise ShapeError(f"cannot broadcast shape {x.shape} to {shape}")
    return spec_of(shape, x.dtype)


def sum_to_shape(g, shape: tuple):
    """Reduce `g` (of a broadcast shape) back to `shape`: the gradient of broadcasting.
    Axes where `shape` has size 1 are summed with keepdims and the leading broadcast axes
    without, so no reshape is needed (shapes may hold unknown, None, dimensions)."""
    from gradflow.ops.reduce import sum as reduce_sum

    if g.shape == tuple(shape):
        return g
    lead = g.ndim - len(shape)
    kept = tuple(lead + i for i, d in enumerate(shape) if d == 1 and g.shape[lead + i] != 1)
    if kept:
        g = reduce_sum(g, axes=kept, keepdims=True)
    if lead:
        g = reduce_sum(g, axes=tuple(range(lead)), keepdims=False)
    return g


broadcast_to = primitive(
    "broadcast_to",
    infer=_broadcast_to_infer,
    grad=lambda g, x, *, out, shape: (sum_to_shape(g, x.shape),),
    numpy=lambda x, *, shape: np.broadcast_to(x, shape),
    xla=lambda lax, x, *, shape: lax.broadcast_in_dim(
        x, shape, tuple(range(len(shape) - x.ndim, len(shape)))
    ),
)


def _broadcast_like_infer(x: TensorSpec, *refs: TensorSpec) -> TensorSpec:
    return spec_of(
        broadcast_shapes(x.shape, *[r.shape for r in refs], op="broadcast_like"), x.dtype
    )


def _broadcast_like_grad(g, x, *refs, out):
    """d/dx: sum back over the broadcast axes; the references only lend their shapes."""
    return (sum_to_shape(g, x.shape),) + (None,) * len(refs)


broadcast_like = primitive(
    "broadcast_like",
    infer=_broadcast_like_infer,
    grad=_broadcast_like_grad,
    numpy=lambda x, *refs: np.broadcast_to(
        x, np.broadcast_shapes(x.shape, *[r.shape for r in refs])
    ),
    xla=lambda lax, x, *refs: lax.np.broadcast_to(
        x, lax.np.broadcast_shapes(x.shape, *[r.shape for r in refs])
    ),
)
"""`x` broadcast to its broadcast shape with `refs` — the form of broadcast_to for shapes
with unknown (None) dimensions while tracing: the sizes come from the operands at run
time, not from an attribute."""


def _expand_dims_infer(x: TensorSpec, *, axes: tuple) -> TensorSpec:
    rank = x.ndim + len(axes)
    if sorted(set(axes)) != list(axes) or any(not 0 <= a < rank for a in axes):
        raise ArgumentError(f"axes {axes} must be sorted, distinct axes of the rank-{rank} output")
    dims = iter(x.shape)
    return spec_of(tuple(1 if i in axes else next(dims) for i in range(rank)), x.dtype)


def _squeeze_infer(x: TensorSpec, *, axes: tuple) -> TensorSpec:
    if sorted(set(axes)) != list(axes) or any(not 0 <= a < x.ndim for a in axes):
        raise ArgumentError(f"axes {axes} must be sorted, distinct axes of a rank-{x.ndim} tensor")
    if any(x.shape[a] not in (1, None) for a in axes):
        raise ShapeError(f"cannot squeeze axes {axes} of shape {x.shape}: each must have size 1")
    return spec_of(tuple(d for i, d in enumerate(x.shape) if i not in axes), x.dtype)


expand_dims = primitive(
    "expand_dims",
    infer=_expand_dims_infer,
    grad=lambda g, x, *, out, axes: (squeeze(g, axes=axes),),
    numpy=lambda x, *, axes: np.expand_dims(x, axes),
    xla=lambda lax, x, *, axes: lax.expand_dims(x, axes),
)
"""Insert size-1 axes at `axes` (sorted output positions); unlike reshape it needs no
sizes, so it works on shapes with unknown dimensions."""

squeeze = primitive(
    "squeeze",
    infer=_squeeze_infer,
    grad=lambda g, x, *, out, axes: (expand_dims(g, axes=axes),),
    numpy=lambda x, *, axes: np.squeeze(x, axes),
    xla=lambda lax, x, *, axes: lax.squeeze(x, axes),
)
"""Remove the size-1 axes `axes` (sorted)."""


def _permute_infer(x: TensorSpec, *, axes: tuple) -> TensorSpec:
    if sorted(axes) != list(range(x.ndim)):
        raise ArgumentError(
            f"axes {axes} is not a permutation of the {x.ndim} axes (0 to {x.ndim - 1})"
        )
    return spec_of(tuple(x.shape[a] for a in axes), x.dtype)


def _permute_grad(g, x, *, out, axes):
    """The gradient of a permutation is the inverse permutation."""
    return (permute_dims(g, axes=tuple(int(i) for i in np.argsort(axes))),)


permute_dims = primitive(
    "permute_dims",
    infer=_permute_infer,
    grad=_permute_grad,
    numpy=lambda x, *, axes: np.transpose(x, axes),
    xla=lambda lax, x, *, axes: lax.transpose(x, axes),
)


def _concat_infer(*xs: TensorSpec, axis: int) -> TensorSpec:
    if not xs:
        raise ArgumentError("needs at least one tensor")
    first = xs[0]
    if first.ndim == 0:
        raise ShapeError("cannot concatenate 0-d tensors; use stack")
    axis = normalize_axis(axis, first.ndim, "concat")
    total = 0
    for i, s in enumerate(xs):
        if s.dtype != first.dtype:
            raise DTypeError(f"all tensors must have one dtype; tensor {i} is {s.dtype.name}")
        if s.ndim != first.ndim or any(
            a != b for k, (a, b) in enumerate(zip(s.shape, first.shape)) if k != axis
        ):
            raise ShapeError(
                f"tensor {i} has shape {s.shape} but tensor 0 has {first.shape}; all "
                f"dimensions except axis {axis} must match"
            )
        total = None if total is None or s.shape[axis] is None else total + s.shape[axis]
    shape = first.shape[:axis] + (total,) + first.shape[axis + 1 :]
    return spec_of(shape, first.dtype)


def _concat_grad(g, *xs, out, axis):
    """Each input gets its slice of g along `axis`."""
    axis = axis % g.ndim
    if len(xs) == 1:
        return (g,)
    return split(g, axis=axis, sizes=tuple(x.shape[axis] for x in xs))


concat = primitive(
    "concat",
    infer=_concat_infer,
    grad=_concat_grad,
    numpy=lambda *xs, axis: np.concatenate(xs, axis=axis),
    xla=lambda lax, *xs, axis: lax.concatenate(xs, axis % xs[0].ndim),
)


def _split_infer(x: TensorSpec, *, axis: int, sizes: tuple) -> tuple:
    if x.ndim == 0:
        raise ShapeError("cannot split a 0-d tensor")
    axis = normalize_axis(axis, x.ndim, "split")
    sizes = check_shape_arg(sizes, "sizes")
    if not sizes:
        raise ArgumentError("sizes must name at least one piece")
    d = x.shape[axis]
    if d is not None and sum(sizes) != d:
        raise ShapeError(f"sizes {sizes} add up to {sum(sizes)}, but axis {axis} has size {d}")
    return tuple(spec_of(x.shape[:axis] + (n,) + x.shape[axis + 1 :], x.dtype) for n in sizes)


def _split_numpy(x, *, axis, sizes):
    return tuple(np.split(x, np.cumsum(sizes[:-1]), axis=axis))


def _split_xla(lax, x, *, axis, sizes):
    starts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return tuple(
        lax.slice_in_dim(x, a, b, axis=axis % x.ndim) for a, b in zip(starts[:-1], starts[1:])
    )


split = primitive(
    "split",
    infer=_split_infer,
    # the pieces laid back side by side (missing pieces arrive as zeros)
    grad=lambda g, x, *, out, axis, sizes: (concat(*g, axis=axis),),
    numpy=_split_numpy,
    xla=_split_xla,
    multiple_results=True,
)


def _roll_infer(x: TensorSpec, *, shift: tuple, axis: tuple) -> TensorSpec:
    if len(shift) != len(axis):
        raise ArgumentError(f"shift {shift} and axis {axis} must have one entry each")
    for a in axis:
        normalize_axis(a, x.ndim, "roll")
    return x


roll = primitive(
    "roll",
    infer=_roll_infer,
    # rolling back by the same amounts
    grad=lambda g, x, *, out, shift, axis: (roll(g, shift=tuple(-s for s in shift), axis=axis),),
    numpy=lambda x, *, shift, axis: np.roll(x, shift, axis),
    xla=lambda lax, x, *, shift, axis: lax.np.roll(x, shift, axis),
)
