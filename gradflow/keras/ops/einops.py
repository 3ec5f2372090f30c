"""keras.ops.rearrange: einops-style axis rearrangement (Keras 3's subset of the pattern
language: named axes and parenthesized groups, on both sides of `->`)."""

from __future__ import annotations

import math
import re

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op

gnp = gf.numpy
_TOKEN = re.compile(r"\w+|\([^()]*\)")


def _groups(side: str, pattern: str) -> list[list[str]]:
    """'b (h w) c' -> [['b'], ['h', 'w'], ['c']]."""
    tokens = _TOKEN.findall(side)
    if "".join(tokens).replace(" ", "") != re.sub(r"\s", "", side):
        raise ValueError(
            "Invalid `pattern`: only names and parenthesized groups of names are supported. "
            f"Received: pattern={pattern}"
        )
    return [t[1:-1].split() if t.startswith("(") else [t] for t in tokens]


def _axis_sizes(groups, shape, axes_lengths, pattern) -> dict[str, int]:
    """The length of every input axis: given in `axes_lengths`, read from the shape, or
    inferred as the one unknown axis of a group."""
    if len(groups) != len(shape):
        raise ValueError(
            f"The input pattern has {len(groups)} axes but the tensor has rank {len(shape)}. "
            f"Received: pattern={pattern}, tensor.shape={tuple(shape)}"
        )
    sizes = {}
    for group, dim in zip(groups, shape):
        if len(group) == 1:
            sizes[group[0]] = dim
            continue
        unknown = [a for a in group if a not in axes_lengths]
        known = math.prod(axes_lengths[a] for a in group if a in axes_lengths)
        if len(unknown) > 1:
            raise ValueError(
                f"Could not infer the sizes of axes {unknown} of group ({' '.join(group)}); "
                f"pass all but one of them as keyword arguments. Received: pattern={pattern}"
            )
        if unknown:
            sizes[unknown[0]] = dim // known
        elif known != dim:
            raise ValueError(
                f"The axes ({' '.join(group)}) have total size {known}, but the tensor's "
                f"axis has size {dim}. Received: pattern={pattern}, axes_lengths={axes_lengths}"
            )
        sizes.update({a: axes_lengths[a] for a in group if a in axes_lengths})
    return sizes


@keras_op
def rearrange(tensor, pattern, **axes_lengths):
    """Rearrange the axes of `tensor` by an einops pattern: split grouped input axes,
    permute, then merge the output groups.

    Args:
        tensor: the input tensor.
        pattern: e.g. "b h w c -> b (h w) c" or "b (h1 h) w c -> (b h1) h w c".
        **axes_lengths: the sizes of axes split out of a group (all but one per group).

    Returns:
        The rearranged tensor.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.rearrange(ops.ones((2, 3, 4)), "b h w -> b (w h)").shape
    (2, 12)
    >>> ops.rearrange(ops.ones((4, 6)), "(a b) c -> a (b c)", a=2).shape
    (2, 12)
    """
    x = _dtypes.tensor(tensor)
    sides = re.split(r"\s*->\s*", pattern.strip())
    if len(sides) != 2:
        raise ValueError(f"`pattern` must contain exactly one '->'. Received: pattern={pattern}")
    inputs, outputs = _groups(sides[0], pattern), _groups(sides[1], pattern)
    sizes = _axis_sizes(inputs, x.shape, dict(axes_lengths), pattern)
    flat_in = [a for g in inputs for a in g]
    flat_out = [a for g in outputs for a in g]
    if sorted(flat_in) != sorted(flat_out) or len(set(flat_in)) != len(flat_in):
        raise ValueError(
            f"Each axis must appear exactly once on each side of '->'. Received: pattern={pattern}"
        )
    x = gnp.reshape(x, tuple(sizes[a] for a in flat_in))
    x = gnp.permute_dims(x, tuple(flat_in.index(a) for a in flat_out))
    return gnp.reshape(x, tuple(math.prod(sizes[a] for a in g) for g in outputs))


__all__ = exported(__name__)
