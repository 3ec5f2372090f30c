"""`Dataset.map` (optionally on a thread pool) and `Dataset.filter`: user functions of
gf.Tensors applied element by element."""

from __future__ import annotations

import collections
import concurrent.futures as futures
import itertools

import numpy as np

from gradflow.core import tree
from gradflow.core.spec import TensorSpec
from gradflow.data import structure
from gradflow.data.dataset import Dataset, autotuned_workers
from gradflow.errors import ArgumentError

_CHUNK = 16  # elements per task handed to a worker thread


def apply_function(fn, element, stage: str):
    """`fn` called on the element as gf.Tensors; its result as nested NumPy arrays.
    A failure is a StageError naming `stage` and the element's structure."""
    try:
        out = structure.call_with_element(fn, structure.to_tensors(element))
    except Exception as e:
        raise structure.stage_error(stage, element, e) from e
    try:
        return structure.normalize(out)
    except Exception as e:
        raise structure.stage_error(f"{stage} (converting its result)", element, e) from e


def output_spec(fn, upstream: Dataset, stage: str):
    """The spec of `fn`'s result: traced with symbolic tensors when `fn` is made of gf ops
    (unknown sizes stay unknown); otherwise found by running `fn` on the first element."""
    in_spec = upstream.element_spec
    traced = _traced_spec(fn, in_spec)
    if traced is not None:
        return traced
    iterator = upstream._iterate()
    try:
        first = next(iterator)
    except StopIteration:
        raise ArgumentError(
            f"{stage}: cannot tell the element_spec: the function does not trace with "
            "symbolic tensors and the input dataset is empty"
        ) from None
    finally:
        iterator.close()
    return structure.element_spec(apply_function(fn, first, stage))


def _traced_spec(fn, in_spec):
    from gradflow.graph.ir import Graph
    from gradflow.graph.trace import tracing

    specs = tree.flatten(in_spec)
    if any(spec.dtype == structure.STRING for spec in specs):
        return None
    graph = Graph("dataset_map")
    try:
        with tracing(graph):
            symbols = [graph.add_input(spec) for spec in specs]
            args = (
                tree.unflatten_as(in_spec, symbols)
                if isinstance(in_spec, (tuple, dict))
                else symbols[0]
            )
            out = structure.call_with_element(fn, args)
            out = _symbolic_leaves(out)
    except Exception:  # Python control flow on values, NumPy calls …: run it instead
        return None
    return tree.map_structure(lambda t: TensorSpec(t.shape, t.dtype), out)


def _symbolic_leaves(out):
    """A traced result with lists as tuples and Python values as arrays (for their spec)."""
    if isinstance(out, dict):
        return type(out)((k, _symbolic_leaves(v)) for k, v in out.items())
    if isinstance(out, (tuple, list)) and not hasattr(out, "_fields"):
        return tuple(_symbolic_leaves(v) for v in out)
    if hasattr(out, "shape") and hasattr(out, "dtype") and not isinstance(out, np.ndarray):
        return out
    return structure.to_array(out)


class Map(Dataset):
    """`Dataset.map`: `fn` on every element, in order, optionally on worker threads."""

    def __init__(self, upstream: Dataset, fn, num_parallel_calls, deterministic):
        if not callable(fn):
            raise TypeError(f"Dataset.map: `map_func` must be callable, got {type(fn).__name__}")
        if num_parallel_calls is not None and num_parallel_calls != -1 and num_parallel_calls < 1:
            raise ArgumentError(
                "Dataset.map: `num_parallel_calls` must be a positive int, gf.data.AUTOTUNE "
                f"or None, got {num_parallel_calls}"
            )
        self._upstream = upstream
        self._fn = fn
        self._workers = (
            None if num_parallel_calls is None else autotuned_workers(num_parallel_calls)
        )
        self._deterministic = deterministic is not False
        self._stage = f"Dataset.map({structure.function_name(fn)})"

    def _iterate(self):
        if not self._workers or self._workers == 1:
            for element in self._upstream._iterate():
                yield apply_function(self._fn, element, self._stage)
            return
        yield from self._iterate_parallel()

    def _iterate_parallel(self):
        # Work goes out in chunks of consecutive elements (one future per chunk keeps the
        # hand-off cost small next to cheap functions), twice as many chunks as threads in
        # flight so that no thread waits on the reader.
        window = 2 * self._workers
        pool = futures.ThreadPoolExecutor(self._workers, thread_name_prefix="gf.data.map")
        pending = collections.deque()
        upstream = self._upstream._iterate()
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < window:
                    chunk = list(itertools.islice(upstream, _CHUNK))
                    exhausted = len(chunk) < _CHUNK
                    if chunk:
                        pending.append(pool.submit(self._apply_chunk, chunk))
                if not pending:
                    return
                done = pending.popleft() if self._deterministic else _first_done(pending)
                yield from done.result()
        finally:
            upstream.close()
            for future in pending:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)

    def _apply_chunk(self, chunk: list) -> list:
        return [apply_function(self._fn, element, self._stage) for element in chunk]

    def _cardinality(self) -> int:
        return self._upstream.cardinality()

    def _element_spec(self):
        return output_spec(self._fn, self._upstream, self._stage)


def _first_done(pending: collections.deque):
    """Remove and return the earliest-submitted finished future (waiting for one)."""
    futures.wait(pending, return_when=futures.FIRST_COMPLETED)
    for i, future in enumerate(pending):
        if future.done():
            del pending[i]
            return future
    return pending.popleft()


class Filter(Dataset):
    """`Dataset.filter`: keeps the elements for which the predicate is True."""

    def __init__(self, upstream: Dataset, predicate):
        if not callable(predicate):
            raise TypeError(
                f"Dataset.filter: `predicate` must be callable, got {type(predicate).__name__}"
            )
        self._upstream = upstream
        self._predicate = predicate
        self._stage = f"Dataset.filter({structure.function_name(predicate)})"

    def _iterate(self):
        for element in self._upstream._iterate():
            keep = apply_function(self._predicate, element, self._stage)
            if np.shape(keep) != () or np.asarray(keep).dtype != bool:
                raise TypeError(
                    f"{self._stage}: the predicate must return a scalar bool, got "
                    f"{structure.describe(keep)} for element {structure.describe(element)}"
                )
            if keep:
                yield element

    def _cardinality(self) -> int:
        from gradflow.data.dataset import INFINITE_CARDINALITY, UNKNOWN_CARDINALITY

        n = self._upstream.cardinality()
        return INFINITE_CARDINALITY if n == INFINITE_CARDINALITY else UNKNOWN_CARDINALITY

    def _element_spec(self):
        return self._upstream.element_spec
