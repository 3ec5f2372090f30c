"""Flatten and rebuild nested structures (lists, tuples, namedtuples, dicts) of leaves."""

from __future__ import annotations

from typing import Any, Callable


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(x, "_fields")


def flatten(tree) -> list:
    """The leaves of `tree` in a fixed order (dicts by sorted key, as Keras and JAX do).

    Example:
    >>> flatten({"b": [1, 2], "a": 3})
    [3, 1, 2]
    """
    leaves: list = []
    _flatten_into(tree, leaves)
    return leaves


def _flatten_into(tree, leaves: list) -> None:
    if isinstance(tree, dict):
        for key in sorted(tree):
            _flatten_into(tree[key], leaves)
    elif isinstance(tree, (list, tuple)):
        for item in tree:
            _flatten_into(item, leaves)
    else:
        leaves.append(tree)


def unflatten_as(structure, leaves: list):
    """Rebuild `structure`'s nesting with `leaves` in flatten order."""
    it = iter(leaves)
    out = _rebuild(structure, it)
    return out


def _rebuild(structure, it):
    if isinstance(structure, dict):
        rebuilt = {key: _rebuild(structure[key], it) for key in sorted(structure)}
        return type(structure)((key, rebuilt[key]) for key in structure)
    if _is_namedtuple(structure):
        return type(structure)(*(_rebuild(s, it) for s in structure))
    if isinstance(structure, (list, tuple)):
        return type(structure)(_rebuild(s, it) for s in structure)
    return next(it)


def map_structure(fn: Callable[[Any], Any], tree):
    """`tree` with `fn` applied to each leaf."""
    return unflatten_as(tree, [fn(leaf) for leaf in flatten(tree)])
