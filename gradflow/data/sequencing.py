"""Stages that change which elements come and how often: repeat, take, skip, enumerate."""

from __future__ import annotations

import itertools

import numpy as np

from gradflow.core.spec import TensorSpec
from gradflow.data.dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from gradflow.errors import ArgumentError


def _count(count, stage: str, name: str = "count") -> int:
    if count is None:
        return -1
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)):
        raise ArgumentError(f"{stage}: `{name}` must be an int, got {count!r}")
    if count < -1:
        raise ArgumentError(f"{stage}: `{name}` must be -1 (all) or at least 0, got {count}")
    return int(count)


class Repeat(Dataset):
    """`Dataset.repeat`: the input, `count` times in a row (-1: forever)."""

    _stage = "Dataset.repeat"

    def __init__(self, upstream: Dataset, count):
        self._upstream = upstream
        self._count = _count(count, self._stage)

    def _iterate(self):
        passes = itertools.count() if self._count == -1 else range(self._count)
        for _ in passes:
            produced = False
            for element in self._upstream._iterate():
                produced = True
                yield element
            if not produced:
                return  # an empty input repeated forever is still empty

    def _cardinality(self) -> int:
        n = self._upstream.cardinality()
        if self._count == 0 or n == 0:
            return 0
        if n == INFINITE_CARDINALITY or self._count == -1:
            return INFINITE_CARDINALITY if n != UNKNOWN_CARDINALITY else UNKNOWN_CARDINALITY
        if n == UNKNOWN_CARDINALITY:
            return UNKNOWN_CARDINALITY
        return n * self._count

    def _element_spec(self):
        return self._upstream.element_spec


class Take(Dataset):
    """`Dataset.take`: the first `count` elements (-1: all)."""

    _stage = "Dataset.take"

    def __init__(self, upstream: Dataset, count):
        self._upstream = upstream
        self._count = _count(count, self._stage)

    def _iterate(self):
        if self._count == -1:
            yield from self._upstream._iterate()
            return
        if self._count == 0:
            return
        upstream = self._upstream._iterate()
        try:
            for i, element in enumerate(upstream, 1):
                yield element
                if i == self._count:
                    return
        finally:
            upstream.close()  # stop upstream threads (prefetch, parallel map) at once

    def _cardinality(self) -> int:
        n = self._upstream.cardinality()
        if self._count == -1:
            return n
        if n == INFINITE_CARDINALITY:
            return self._count
        if n == UNKNOWN_CARDINALITY:
            return UNKNOWN_CARDINALITY
        return min(n, self._count)

    def _element_spec(self):
        return self._upstream.element_spec


class Skip(Dataset):
    """`Dataset.skip`: all but the first `count` elements (-1: none)."""

    _stage = "Dataset.skip"

    def __init__(self, upstream: Dataset, count):
        self._upstream = upstream
        self._count = _count(count, self._stage)

    def _iterate(self):
        if self._count == -1:
            return
        yield from itertools.islice(self._upstream._iterate(), self._count, None)

    def _cardinality(self) -> int:
        n = self._upstream.cardinality()
        if n < 0:
            return n
        return 0 if self._count == -1 else max(0, n - self._count)

    def _element_spec(self):
        return self._upstream.element_spec


class Enumerate(Dataset):
    """`Dataset.enumerate`: `(index, element)` pairs, the index an int64 from `start`."""

    _stage = "Dataset.enumerate"

    def __init__(self, upstream: Dataset, start):
        self._upstream = upstream
        if isinstance(start, bool) or not isinstance(start, (int, np.integer)):
            raise ArgumentError(f"{self._stage}: `start` must be an int, got {start!r}")
        self._start = int(start)

    def _iterate(self):
        for i, element in enumerate(self._upstream._iterate(), self._start):
            yield (np.asarray(np.int64(i)), element)

    def _cardinality(self) -> int:
        return self._upstream.cardinality()

    def _element_spec(self):
        return (TensorSpec((), "int64"), self._upstream.element_spec)
