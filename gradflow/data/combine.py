"""Stages that read several datasets: zip, concatenate, interleave."""

from __future__ import annotations

from gradflow.core import tree
from gradflow.core.spec import spec_of
from gradflow.data import structure
from gradflow.data.dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from gradflow.errors import ArgumentError


def _dataset_leaves(datasets, stage: str) -> list:
    leaves = tree.flatten(datasets)
    for leaf in leaves:
        if not isinstance(leaf, Dataset):
            raise TypeError(
                f"{stage}: expects a tuple or dict of gf.data.Dataset, got "
                f"{type(leaf).__name__} {leaf!r:.60}"
            )
    if not leaves:
        raise ArgumentError(f"{stage}: needs at least one dataset")
    return leaves


class Zip(Dataset):
    """`Dataset.zip`: the datasets' elements side by side, ending with the shortest."""

    _stage = "Dataset.zip"

    def __init__(self, datasets):
        if isinstance(datasets, list):
            datasets = tuple(datasets)
        self._datasets = datasets
        self._leaves = _dataset_leaves(datasets, self._stage)

    def _iterate(self):
        iterators = [d._iterate() for d in self._leaves]
        try:
            while True:
                elements = []
                for it in iterators:
                    try:
                        elements.append(next(it))
                    except StopIteration:
                        return
                yield tree.unflatten_as(self._datasets, elements)
        finally:
            for it in iterators:
                it.close()

    def _cardinality(self) -> int:
        counts = [d.cardinality() for d in self._leaves]
        finite = [n for n in counts if n >= 0]
        if finite and (min(finite) == 0 or UNKNOWN_CARDINALITY not in counts):
            return min(finite)
        if UNKNOWN_CARDINALITY in counts:
            return UNKNOWN_CARDINALITY
        return INFINITE_CARDINALITY

    def _element_spec(self):
        return tree.unflatten_as(self._datasets, [d.element_spec for d in self._leaves])


def _merge_specs(a, b, stage: str):
    """The spec covering both (differing sizes become None), or a TypeError."""
    if not structure.same_structure(a, b) or isinstance(a, (tuple, dict)) != isinstance(
        b, (tuple, dict)
    ):
        raise TypeError(
            f"{stage}: the datasets must have the same element structure, got "
            f"{structure.describe(a)} and {structure.describe(b)}"
        )
    merged = []
    for x, y in zip(tree.flatten(a), tree.flatten(b)):
        if x.dtype != y.dtype or len(x.shape) != len(y.shape):
            raise TypeError(
                f"{stage}: the datasets' elements must have the same dtypes and ranks, got "
                f"{structure.describe(a)} and {structure.describe(b)}"
            )
        shape = tuple(d if d == e else None for d, e in zip(x.shape, y.shape))
        merged.append(spec_of(shape, x.dtype))
    return tree.unflatten_as(a, merged) if isinstance(a, (tuple, dict)) else merged[0]


class Concatenate(Dataset):
    """`Dataset.concatenate`: one dataset's elements, then the other's."""

    _stage = "Dataset.concatenate"

    def __init__(self, first: Dataset, second: Dataset):
        if not isinstance(second, Dataset):
            raise TypeError(
                f"{self._stage}: expects a gf.data.Dataset, got {type(second).__name__}"
            )
        self._first, self._second = first, second

    def _iterate(self):
        yield from self._first._iterate()
        yield from self._second._iterate()

    def _cardinality(self) -> int:
        a, b = self._first.cardinality(), self._second.cardinality()
        if INFINITE_CARDINALITY in (a, b):
            return INFINITE_CARDINALITY
        if UNKNOWN_CARDINALITY in (a, b):
            return UNKNOWN_CARDINALITY
        return a + b

    def _element_spec(self):
        return _merge_specs(self._first.element_spec, self._second.element_spec, self._stage)


class Interleave(Dataset):
    """`Dataset.interleave`: up to `cycle_length` inner datasets open at once, taking
    `block_length` elements from each in turn; a finished one is replaced by the inner
    dataset of the next input element."""

    def __init__(self, upstream: Dataset, fn, cycle_length, block_length):
        import os

        if not callable(fn):
            raise TypeError(
                f"Dataset.interleave: `map_func` must be callable, got {type(fn).__name__}"
            )
        if cycle_length is None or cycle_length == -1:
            cycle_length = os.cpu_count() or 1
        if cycle_length < 1 or block_length < 1:
            raise ArgumentError(
                "Dataset.interleave: `cycle_length` and `block_length` must be at least 1, "
                f"got cycle_length={cycle_length}, block_length={block_length}"
            )
        self._upstream = upstream
        self._fn = fn
        self._cycle = int(cycle_length)
        self._block = int(block_length)
        self._stage = f"Dataset.interleave({structure.function_name(fn)})"

    def _open(self, element):
        inner = _call_for_dataset(self._fn, element, self._stage)
        return inner._iterate()

    def _iterate(self):
        slots = [None] * self._cycle
        inputs = self._upstream._iterate()
        inputs_done = False
        i = 0
        try:
            while True:
                if slots[i] is None and not inputs_done:
                    try:
                        slots[i] = self._open(next(inputs))
                    except StopIteration:
                        inputs_done = True
                if slots[i] is not None:
                    for _ in range(self._block):
                        try:
                            element = next(slots[i])
                        except StopIteration:
                            slots[i] = None
                            break
                        yield element
                if inputs_done and all(slot is None for slot in slots):
                    return
                i = (i + 1) % self._cycle
        finally:
            inputs.close()
            for slot in slots:
                if slot is not None:
                    slot.close()

    def _element_spec(self):
        iterator = self._upstream._iterate()
        try:
            first = next(iterator)
        except StopIteration:
            raise ArgumentError(
                f"{self._stage}: cannot tell the element_spec of an interleave over an "
                "empty dataset"
            ) from None
        finally:
            iterator.close()
        return _call_for_dataset(self._fn, first, self._stage).element_spec


def _call_for_dataset(fn, element, stage: str) -> Dataset:
    try:
        inner = structure.call_with_element(fn, structure.to_tensors(element))
    except Exception as e:
        raise structure.stage_error(stage, element, e) from e
    if not isinstance(inner, Dataset):
        raise TypeError(
            f"{stage}: `map_func` must return a gf.data.Dataset, got {type(inner).__name__} "
            f"for element {structure.describe(element)}"
        )
    return inner
