"""Axis arguments of the normalization layers: validation and normalization."""

from __future__ import annotations


def standardize_axis(axis, layer: str):
    """An int stays an int, a list/tuple becomes a list; anything else is a TypeError."""
    if isinstance(axis, (list, tuple)) and all(_is_int(a) for a in axis):
        return list(axis)
    if _is_int(axis):
        return int(axis)
    raise TypeError(
        f"{layer}: expected an int or a list/tuple of ints for the argument 'axis'. "
        f"Received: axis={axis!r}"
    )


def check_axes_in_bounds(axis, input_shape) -> None:
    """Raise ValueError (Keras's words) when an axis does not index `input_shape`."""
    rank = len(input_shape)
    for a in axis if isinstance(axis, (list, tuple)) else [axis]:
        if a >= rank or a < -rank:
            raise ValueError(
                f"Axis {a} is out of bounds for input shape {tuple(input_shape)}. "
                f"Received: axis={axis}"
            )


def sorted_axes(axis) -> list:
    """`axis` as a sorted list (Keras sorts it at build time; negative axes stay negative)."""
    return sorted(axis) if isinstance(axis, (list, tuple)) else [axis]


def positive_axes(axis, rank: int) -> tuple:
    """`axis` (an int or list) as non-negative ints, sorted."""
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    return tuple(sorted(a % rank for a in axes))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
