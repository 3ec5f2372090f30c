"""gf.data.Dataset: an input pipeline as a chain of stages, in the model of tf.data.

Each stage is a `Dataset` subclass (one family per file in this folder) that knows its
upstream, how to iterate (`_iterate`, yielding elements as nested NumPy arrays), how many
elements it has (`_cardinality`) and what they look like (`_element_spec`). This class
holds the public methods; each builds the next stage.
"""

from __future__ import annotations

import os

from gradflow.data import structure

AUTOTUNE = -1  # let the pipeline pick: worker threads = CPU count, prefetch depth = 2
INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


def autotuned_workers(num_parallel_calls) -> int:
    """The number of threads for `num_parallel_calls` (AUTOTUNE: one per CPU)."""
    if num_parallel_calls == AUTOTUNE:
        return max(2, os.cpu_count() or 1)
    return int(num_parallel_calls)


class Dataset:
    """A re-iterable sequence of elements, each a nested structure of tensors.

    Make one with a source (`from_tensor_slices`, `from_generator`, `range`,
    `from_tensors`) and chain transformations (`map`, `filter`, `shuffle`, `batch`,
    `prefetch` …); each returns a new Dataset. Iterating in Python gives `gf.Tensor`s;
    `as_numpy_iterator()` gives NumPy arrays. Every `iter()` starts from the beginning.

    Example:
    >>> import gradflow as gf
    >>> ds = gf.data.Dataset.range(6).map(lambda x: x * 2).batch(4)
    >>> [b.tolist() for b in ds.as_numpy_iterator()]
    [[0, 2, 4, 6], [8, 10]]
    >>> ds.element_spec
    TensorSpec(shape=(None,), dtype=int64)
    """

    _stage = "Dataset"

    # -- what a stage implements ----------------------------------------------------
    def _iterate(self):
        """A fresh generator over the elements, as nested NumPy arrays."""
        raise TypeError(f"{type(self).__name__} is an abstract Dataset with no elements")

    def _cardinality(self) -> int:
        return UNKNOWN_CARDINALITY

    def _element_spec(self):
        raise TypeError(f"{type(self).__name__} is an abstract Dataset with no elements")

    # -- iteration ------------------------------------------------------------------
    def __iter__(self):
        """Iterate over the elements as gf.Tensors (strings as NumPy arrays of bytes)."""
        for element in self._iterate():
            yield structure.to_tensors(element)

    def as_numpy_iterator(self):
        """An iterator over the elements as NumPy values: arrays, or NumPy scalars for 0-d
        numbers, and `bytes` for 0-d strings (as tf.data gives them).

        Example:
        >>> import gradflow as gf
        >>> [(x.dtype.name, x.tolist()) for x in gf.data.Dataset.range(2).as_numpy_iterator()]
        [('int64', 0), ('int64', 1)]
        """
        for element in self._iterate():
            yield structure.to_numpy(element)

    def __len__(self) -> int:
        n = self.cardinality()
        if n == INFINITE_CARDINALITY:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN_CARDINALITY:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self) -> bool:
        return True  # never fall back to __len__, which may be unknown

    # -- description ----------------------------------------------------------------
    @property
    def element_spec(self):
        """The structure of `gf.TensorSpec`s of one element (None for unknown sizes,
        such as the batch dimension of `batch(drop_remainder=False)`)."""
        spec = getattr(self, "_spec_cache", None)
        if spec is None:
            spec = self._element_spec()
            self._spec_cache = spec
        return spec

    def cardinality(self) -> int:
        """The number of elements, or INFINITE_CARDINALITY (-1) or UNKNOWN_CARDINALITY (-2).

        Example:
        >>> import gradflow as gf
        >>> gf.data.Dataset.range(10).batch(3).cardinality()
        4
        >>> gf.data.Dataset.range(10).repeat().cardinality()
        -1
        """
        return self._cardinality()

    def __repr__(self) -> str:
        # Only a spec already found: finding one may run a user function (map, interleave).
        spec = getattr(self, "_spec_cache", None)
        if spec is not None:
            return f"<{type(self).__name__} element_spec={structure.describe(spec)}>"
        return f"<{type(self).__name__} cardinality={self.cardinality()}>"

    # -- sources --------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None) -> "Dataset":
        """A dataset of the slices of `tensors` along their first dimension.

        Args:
            tensors: an array, or a tuple/dict nesting of arrays with equal first sizes.
            name: unused; kept for tf.data's signature.

        Example:
        >>> import gradflow as gf
        >>> ds = gf.data.Dataset.from_tensor_slices(({"a": [1, 2]}, [0.5, 1.5]))
        >>> ds.cardinality()
        2
        """
        from gradflow.data.sources import TensorSlices

        return TensorSlices(tensors)

    @staticmethod
    def from_tensors(tensors, name=None) -> "Dataset":
        """A dataset of one element, `tensors`."""
        from gradflow.data.sources import TensorSlices

        return TensorSlices(tensors, stage="from_tensors")

    @staticmethod
    def from_generator(
        generator, output_types=None, output_shapes=None, args=None, output_signature=None
    ) -> "Dataset":
        """A dataset of what `generator()` yields (called again for each iteration).

        Args:
            generator: a callable returning an iterator (called with `*args`).
            output_types: legacy form of the signature: a structure of dtypes.
            output_shapes: with `output_types`, a structure of shapes.
            args: a tuple of arguments for `generator`.
            output_signature: a structure of `gf.TensorSpec`s the elements must match;
                values are cast to the spec's dtype and checked against its shape.

        Example:
        >>> import gradflow as gf
        >>> def gen():
        ...     yield from ([1.0], [2.0, 3.0])
        >>> ds = gf.data.Dataset.from_generator(
        ...     gen, output_signature=gf.TensorSpec((None,), "float32"))
        >>> [x.tolist() for x in ds.as_numpy_iterator()]
        [[1.0], [2.0, 3.0]]
        """
        from gradflow.data.sources import FromGenerator

        return FromGenerator(generator, output_types, output_shapes, args, output_signature)

    @staticmethod
    def range(*args, dtype="int64") -> "Dataset":
        """`range(start, stop, step)` as a dataset of int64 scalars (like Python's range).

        Example:
        >>> import gradflow as gf
        >>> [int(x) for x in gf.data.Dataset.range(2, 8, 3)]
        [2, 5]
        """
        from gradflow.data.sources import Range

        return Range(*args, dtype=dtype)

    @staticmethod
    def zip(*datasets) -> "Dataset":
        """A dataset of tuples (or the given nesting) of the datasets' elements, in step;
        it ends with the shortest.

        Example:
        >>> import gradflow as gf
        >>> a, b = gf.data.Dataset.range(3), gf.data.Dataset.range(10, 12)
        >>> [(int(x), int(y)) for x, y in gf.data.Dataset.zip(a, b)]
        [(0, 10), (1, 11)]
        """
        from gradflow.data.combine import Zip

        if len(datasets) == 1 and not isinstance(datasets[0], Dataset):
            datasets = datasets[0]
        return Zip(datasets)

    # -- transformations ------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Apply `map_func` to each element (tuples are unpacked into arguments).

        Args:
            map_func: a function of gf.Tensors returning a structure of tensors/arrays.
            num_parallel_calls: run on this many threads (`gf.data.AUTOTUNE`: one per
                CPU); None runs in the iterating thread.
            deterministic: keep the input order (the default); False lets a fast
                element overtake a slow one when running in parallel.
            name: unused; kept for tf.data's signature.

        Example:
        >>> import gradflow as gf
        >>> ds = gf.data.Dataset.from_tensor_slices(([1, 2], [10, 20]))
        >>> [int(v) for v in ds.map(lambda x, y: x + y, num_parallel_calls=2)]
        [11, 22]
        """
        from gradflow.data.map import Map

        return Map(self, map_func, num_parallel_calls, deterministic)

    def filter(self, predicate, name=None):
        """Keep the elements for which `predicate` (given gf.Tensors) is True.

        Example:
        >>> import gradflow as gf
        >>> [int(x) for x in gf.data.Dataset.range(6).filter(lambda x: x % 2 == 0)]
        [0, 2, 4]
        """
        from gradflow.data.map import Filter

        return Filter(self, predicate)

    def batch(
        self,
        batch_size,
        drop_remainder=False,
        num_parallel_calls=None,
        deterministic=None,
        name=None,
    ):
        """Stack consecutive elements into batches of `batch_size`.

        Args:
            batch_size: elements per batch.
            drop_remainder: drop a last, smaller batch (then the batch dimension of
                `element_spec` is known).
            num_parallel_calls: accepted for tf.data's signature; stacking is one NumPy
                call per component.
            deterministic: accepted for tf.data's signature.
            name: unused.

        Example:
        >>> import gradflow as gf
        >>> ds = gf.data.Dataset.range(5).batch(2, drop_remainder=True)
        >>> [b.tolist() for b in ds.as_numpy_iterator()], ds.element_spec.shape
        ([[0, 1], [2, 3]], (2,))
        """
        from gradflow.data.batching import Batch

        return Batch(self, batch_size, drop_remainder)

    def padded_batch(
        self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False, name=None
    ):
        """Batch elements of different shapes, padding each component to a common shape.

        Args:
            batch_size: elements per batch.
            padded_shapes: a structure of shapes (None dims: pad to the batch's longest);
                defaults to padding every dimension to the batch's longest.
            padding_values: a structure of scalars to pad with (default 0, or b"").
            drop_remainder: drop a last, smaller batch.
            name: unused.

        Example:
        >>> import gradflow as gf
        >>> ds = gf.data.Dataset.from_generator(
        ...     lambda: iter([[1], [2, 3]]), output_signature=gf.TensorSpec((None,), "int32"))
        >>> next(ds.padded_batch(2).as_numpy_iterator()).tolist()
        [[1, 0], [2, 3]]
        """
        from gradflow.data.batching import PaddedBatch

        return PaddedBatch(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def unbatch(self, name=None):
        """Split each element along its first dimension into separate elements.

        Example:
        >>> import gradflow as gf
        >>> [int(x) for x in gf.data.Dataset.range(4).batch(3).unbatch()]
        [0, 1, 2, 3]
        """
        from gradflow.data.batching import Unbatch

        return Unbatch(self)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """Shuffle with a buffer of `buffer_size` elements (uniform when it holds them all).

        Args:
            buffer_size: how many elements to draw from at a time.
            seed: an int for a reproducible order; None takes one from gradflow's global
                seed stream (`gf.random.set_seed`) when the dataset is made.
            reshuffle_each_iteration: a new order on each `iter()` (still reproducible
                under a seed); False repeats the first order.
            name: unused.

        Example:
        >>> import gradflow as gf
        >>> ds = gf.data.Dataset.range(5).shuffle(5, seed=1)
        >>> sorted(int(x) for x in ds)
        [0, 1, 2, 3, 4]
        """
        from gradflow.data.shuffle import Shuffle

        return Shuffle(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        """Repeat the dataset `count` times (None or -1: forever).

        Example:
        >>> import gradflow as gf
        >>> [int(x) for x in gf.data.Dataset.range(2).repeat(2)]
        [0, 1, 0, 1]
        """
        from gradflow.data.sequencing import Repeat

        return Repeat(self, count)

    def take(self, count, name=None):
        """The first `count` elements (-1: all).

        Example:
        >>> import gradflow as gf
        >>> gf.data.Dataset.range(10).take(3).cardinality()
        3
        """
        from gradflow.data.sequencing import Take

        return Take(self, count)

    def skip(self, count, name=None):
        """All but the first `count` elements (-1: skip everything).

        Example:
        >>> import gradflow as gf
        >>> [int(x) for x in gf.data.Dataset.range(4).skip(2)]
        [2, 3]
        """
        from gradflow.data.sequencing import Skip

        return Skip(self, count)

    def enumerate(self, start=0, name=None):
        """Pair each element with its index: `(i, element)`, i an int64 from `start`.

        Example:
        >>> import gradflow as gf
        >>> [(int(i), int(x)) for i, x in gf.data.Dataset.range(5, 7).enumerate()]
        [(0, 5), (1, 6)]
        """
        from gradflow.data.sequencing import Enumerate

        return Enumerate(self, start)

    def concatenate(self, dataset, name=None):
        """This dataset's elements, then `dataset`'s (their structures must match).

        Example:
        >>> import gradflow as gf
        >>> a = gf.data.Dataset.range(2)
        >>> [int(x) for x in a.concatenate(gf.data.Dataset.range(5, 6))]
        [0, 1, 5]
        """
        from gradflow.data.combine import Concatenate

        return Concatenate(self, dataset)

    def interleave(
        self,
        map_func,
        cycle_length=None,
        block_length=1,
        num_parallel_calls=None,
        deterministic=None,
        name=None,
    ):
        """Map each element to a dataset and interleave their elements.

        Args:
            map_func: a function of the element (gf.Tensors) returning a Dataset.
            cycle_length: how many inner datasets are open at once (default: CPU count).
            block_length: how many consecutive elements to take from each in turn.
            num_parallel_calls: accepted for tf.data's signature; the inner datasets
                are read in the iterating thread (put `prefetch` on them for overlap).
            deterministic: accepted for tf.data's signature; the order is always fixed.
            name: unused.

        Example:
        >>> import gradflow as gf
        >>> ds = gf.data.Dataset.range(1, 3).interleave(
        ...     lambda x: gf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)
        >>> [int(x) for x in ds]
        [1, 2, 1, 2]
        """
        from gradflow.data.combine import Interleave

        return Interleave(self, map_func, cycle_length, block_length)

    def prefetch(self, buffer_size, name=None):
        """Produce up to `buffer_size` elements ahead, in a background thread.

        Args:
            buffer_size: the queue length (`gf.data.AUTOTUNE`: 2).
            name: unused.

        Example:
        >>> import gradflow as gf
        >>> [int(x) for x in gf.data.Dataset.range(3).prefetch(gf.data.AUTOTUNE)]
        [0, 1, 2]
        """
        from gradflow.data.prefetch import Prefetch

        return Prefetch(self, buffer_size)

    def cache(self, filename="", name=None):
        """Keep the elements after the first full pass: in memory (`filename=""`) or in
        a file (`filename` names it; written to a temp name, renamed when complete, and
        read back by later iterations and by other datasets given the same name).

        Example:
        >>> import gradflow as gf
        >>> ds = gf.data.Dataset.range(3).cache()
        >>> [int(x) for x in ds] == [int(x) for x in ds]
        True
        """
        from gradflow.data.cache import Cache

        return Cache(self, filename)
