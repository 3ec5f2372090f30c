"""Shape primitives: reshape, broadcast_to, permute_dims, concat, split, roll."""

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
    """Reduce `g` (of a broadcast shape) back to `shape`: the gradient of broadcasting."""
    from gradflow.ops.reduce import sum as reduce_sum

    if g.shape == shape:
        return g
    lead = g.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, d in enumerate(shape) if d == 1 and g.shape[lead + i] != 1
    )
    summed = reduce_sum(g, axes=axes, keepdims=False) if axes else g
    return reshape(summed, shape=shape) if summed.shape != shape else summed


broadcast_to = primitive(
    "broadcast_to",
    infer=_broadcast_to_infer,
    grad=lambda g, x, *, out, shape: (sum_to_shape(g, x.shape),),
    numpy=lambda x, *, shape: np.broadcast_to(x, shape),
    xla=lambda lax, x, *, shape: lax.broadcast_in_dim(
        x, shape, tuple(range(len(shape) - x.ndim, len(shape)))
    ),
)


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
