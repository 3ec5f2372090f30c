"""`batch`, `padded_batch` and `unbatch`: grouping consecutive elements along a new first
dimension, and splitting it again."""

from __future__ import annotations

import numpy as np

from gradflow.core import tree
from gradflow.core.spec import TensorSpec, spec_of
from gradflow.data import structure
from gradflow.data.dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from gradflow.errors import ArgumentError, ShapeError


def _check_batch_size(batch_size, stage: str) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise ArgumentError(f"{stage}: `batch_size` must be an int, got {batch_size!r}")
    if batch_size < 1:
        raise ArgumentError(f"{stage}: `batch_size` must be at least 1, got {batch_size}")
    return int(batch_size)


def _batched_cardinality(n: int, batch_size: int, drop_remainder: bool) -> int:
    if n < 0:
        return n  # infinite or unknown stays so
    return n // batch_size if drop_remainder else -(-n // batch_size)


def _batched_spec(spec, batch_size: int, drop_remainder: bool):
    first = batch_size if drop_remainder else None
    return tree.map_structure(lambda s: spec_of((first, *s.shape), s.dtype), spec)


def _groups(upstream: Dataset, batch_size: int, drop_remainder: bool):
    """Lists of `batch_size` consecutive elements (the last may be shorter)."""
    group = []
    for element in upstream._iterate():
        group.append(element)
        if len(group) == batch_size:
            yield group
            group = []
    if group and not drop_remainder:
        yield group


def _components(group: list, stage: str) -> tuple[object, list[list[np.ndarray]]]:
    """The structure of the group's elements and, per component, its arrays."""
    first = group[0]
    key = structure.structure_key(first)
    for i, element in enumerate(group):
        if structure.structure_key(element) != key:
            raise TypeError(
                f"{stage}: elements of one batch must share a structure; element 0 is "
                f"{structure.describe(first)} and element {i} is {structure.describe(element)}"
            )
    flat = [structure.flatten(element) for element in group]
    return first, [list(column) for column in zip(*flat)]


class Batch(Dataset):
    """`Dataset.batch`: consecutive elements stacked along a new first dimension."""

    _stage = "Dataset.batch"

    def __init__(self, upstream: Dataset, batch_size, drop_remainder: bool):
        self._upstream = upstream
        self._batch_size = _check_batch_size(batch_size, self._stage)
        self._drop_remainder = bool(drop_remainder)

    def _iterate(self):
        from gradflow.data.sources import TensorSlices

        if isinstance(self._upstream, TensorSlices):
            yield from self._slices(self._upstream)
            return
        for group in _groups(self._upstream, self._batch_size, self._drop_remainder):
            first, columns = _components(group, self._stage)
            stacked = [self._stack(column, i, group) for i, column in enumerate(columns)]
            yield (
                tree.unflatten_as(first, stacked)
                if isinstance(first, (tuple, dict))
                else stacked[0]
            )

    def _slices(self, source):
        # Rows of arrays in memory: a batch is one slice of each, not a stack of rows.
        size, step = source._size, self._batch_size
        stop = size - size % step if self._drop_remainder else size
        for start in range(0, stop, step):
            yield source._row(slice(start, min(start + step, size)))

    def _stack(self, column: list, index: int, group: list) -> np.ndarray:
        try:
            return np.stack(column)
        except ValueError:
            first = column[0].shape
            j = next(j for j, a in enumerate(column) if a.shape != first)
            raise ShapeError(
                f"{self._stage}: cannot batch tensors with different shapes in component "
                f"{index}: element 0 has shape {list(first)} and element {j} has shape "
                f"{list(column[j].shape)} (elements: {structure.describe(group[0])} and "
                f"{structure.describe(group[j])}); use padded_batch, or map to one shape first"
            ) from None

    def _cardinality(self) -> int:
        n = self._upstream.cardinality()
        return _batched_cardinality(n, self._batch_size, self._drop_remainder)

    def _element_spec(self):
        return _batched_spec(self._upstream.element_spec, self._batch_size, self._drop_remainder)


def _default_padding(dtype: np.dtype):
    return b"" if dtype == structure.STRING else 0


class PaddedBatch(Dataset):
    """`Dataset.padded_batch`: a batch whose components are padded to a common shape."""

    _stage = "Dataset.padded_batch"

    def __init__(self, upstream, batch_size, padded_shapes, padding_values, drop_remainder):
        self._upstream = upstream
        self._batch_size = _check_batch_size(batch_size, self._stage)
        self._drop_remainder = bool(drop_remainder)
        spec = upstream.element_spec
        flat_specs = tree.flatten(spec)
        self._structure = spec
        self._shapes = self._flat_option(padded_shapes, flat_specs, "padded_shapes", True)
        self._values = self._flat_option(padding_values, flat_specs, "padding_values", False)
        for i, (shape, s) in enumerate(zip(self._shapes, flat_specs)):
            if shape is None:
                self._shapes[i] = (None,) * len(s.shape)
            elif len(shape) != len(s.shape):
                raise ShapeError(
                    f"{self._stage}: padded_shapes component {i} has rank {len(shape)} but "
                    f"the element's component is {structure.describe(s)}"
                )
        for i, (value, s) in enumerate(zip(self._values, flat_specs)):
            self._values[i] = _default_padding(s.dtype) if value is None else value

    def _flat_option(self, option, flat_specs, name: str, shapes: bool) -> list:
        if option is None:
            return [None] * len(flat_specs)
        if not isinstance(self._structure, (tuple, dict)):
            flat = [option.shape if isinstance(option, TensorSpec) else option]
        elif shapes:
            flat = _flatten_shapes(_shape_leaves(option))
        else:
            flat = tree.flatten(option)
        if len(flat) != len(flat_specs):
            raise TypeError(
                f"{self._stage}: `{name}` must match the element structure "
                f"{structure.describe(self._structure)}, got {option!r}"
            )
        if shapes:
            flat = [None if s is None else tuple(None if d in (None, -1) else int(d) for d in s)
                    for s in flat]  # fmt: skip
        return flat

    def _iterate(self):
        for group in _groups(self._upstream, self._batch_size, self._drop_remainder):
            first, columns = _components(group, self._stage)
            padded = [self._pad(i, column) for i, column in enumerate(columns)]
            yield (
                tree.unflatten_as(first, padded) if isinstance(first, (tuple, dict)) else padded[0]
            )

    def _pad(self, index: int, column: list) -> np.ndarray:
        wanted = self._shapes[index]
        ranks = {a.ndim for a in column}
        if ranks != {len(wanted)}:
            raise ShapeError(
                f"{self._stage}: component {index} must have rank {len(wanted)}, got shapes "
                f"{[list(a.shape) for a in column]}"
            )
        longest = np.max([a.shape for a in column], axis=0) if wanted else ()
        target = tuple(int(m) if w is None else w for w, m in zip(wanted, longest))
        for a in column:
            if any(s > t for s, t in zip(a.shape, target)):
                raise ShapeError(
                    f"{self._stage}: component {index} has shape {list(a.shape)}, larger "
                    f"than its padded shape {list(target)}"
                )
        out = np.full((len(column), *target), self._values[index], dtype=column[0].dtype)
        for i, a in enumerate(column):
            out[(i, *(slice(0, s) for s in a.shape))] = a
        return out

    def _cardinality(self) -> int:
        n = self._upstream.cardinality()
        return _batched_cardinality(n, self._batch_size, self._drop_remainder)

    def _element_spec(self):
        first = self._batch_size if self._drop_remainder else None
        specs = [
            spec_of((first, *shape), s.dtype)
            for shape, s in zip(self._shapes, tree.flatten(self._structure))
        ]
        if not isinstance(self._structure, (tuple, dict)):
            return specs[0]
        return tree.unflatten_as(self._structure, specs)


def _is_shape(x) -> bool:
    return isinstance(x, (tuple, list)) and all(
        d is None or isinstance(d, (int, np.integer)) for d in x
    )


def _shape_leaves(option):
    """Mark shapes (tuples of ints) as leaves, so a structure of shapes flattens right."""
    if isinstance(option, dict):
        return {k: _shape_leaves(v) for k, v in option.items()}
    if isinstance(option, TensorSpec) or _is_shape(option):
        return _Shape(option.shape if isinstance(option, TensorSpec) else option)
    if isinstance(option, (tuple, list)):
        return tuple(_shape_leaves(v) for v in option)
    return option


class _Shape:
    __slots__ = ("dims",)

    def __init__(self, dims):
        self.dims = tuple(dims)


def _flatten_shapes(option) -> list:
    return [leaf.dims if isinstance(leaf, _Shape) else leaf for leaf in tree.flatten(option)]


class Unbatch(Dataset):
    """`Dataset.unbatch`: each element split along its first dimension."""

    _stage = "Dataset.unbatch"

    def __init__(self, upstream: Dataset):
        self._upstream = upstream

    def _iterate(self):
        for element in self._upstream._iterate():
            leaves = tree.flatten(element)
            sizes = {leaf.shape[0] if leaf.ndim else None for leaf in leaves}
            if len(sizes) != 1 or None in sizes:
                raise ShapeError(
                    f"{self._stage}: every component needs the same first dimension, got "
                    f"{structure.describe(element)}"
                )
            nested = isinstance(element, (tuple, dict))
            for i in range(sizes.pop()):
                rows = [leaf[i, ...] for leaf in leaves]
                yield tree.unflatten_as(element, rows) if nested else rows[0]

    def _cardinality(self) -> int:
        n = self._upstream.cardinality()
        return INFINITE_CARDINALITY if n == INFINITE_CARDINALITY else UNKNOWN_CARDINALITY

    def _element_spec(self):
        spec = self._upstream.element_spec
        for s in tree.flatten(spec):
            if not s.shape:
                raise ShapeError(
                    f"{self._stage}: every component needs a first dimension to split, got "
                    f"{structure.describe(spec)}"
                )
        return tree.map_structure(lambda s: spec_of(s.shape[1:], s.dtype), spec)
