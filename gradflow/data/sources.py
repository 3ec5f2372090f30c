"""Where pipelines start: slices of arrays, a Python generator, a range of integers."""

from __future__ import annotations

import numpy as np

from gradflow import dtypes
from gradflow.core import tree
from gradflow.core.spec import TensorSpec
from gradflow.data import structure
from gradflow.data.dataset import UNKNOWN_CARDINALITY, Dataset
from gradflow.errors import ArgumentError, DTypeError, ShapeError


def _slices_structure(tensors, one: bool = False):
    """Tuples, namedtuples and dicts nest; anything else (a list too) is one array
    (given a new first dimension of 1 when `one`: the from_tensors case)."""
    if isinstance(tensors, dict):
        return type(tensors)((k, _slices_structure(v, one)) for k, v in tensors.items())
    if isinstance(tensors, tuple) and hasattr(tensors, "_fields"):
        return type(tensors)(*(_slices_structure(v, one) for v in tensors))
    if isinstance(tensors, tuple):
        return tuple(_slices_structure(v, one) for v in tensors)
    try:
        array = structure.to_array(tensors)
    except (ValueError, TypeError) as e:  # ragged nested lists, unconvertible objects
        raise DTypeError(
            f"Dataset.from_tensor_slices: cannot convert {type(tensors).__name__} to an "
            f"array ({e}); pass equal-length arrays, or tuples/dicts of them"
        ) from None
    if one:
        array = array[np.newaxis]
    if array.flags.writeable:  # own a frozen copy: later writes to the input don't leak in
        array = array.copy()
        array.flags.writeable = False
    return array


class TensorSlices(Dataset):
    """`Dataset.from_tensor_slices`: element i is every component's row i."""

    def __init__(self, tensors, stage: str = "from_tensor_slices"):
        self._stage = f"Dataset.{stage}"
        self._structure = _slices_structure(tensors, one=stage == "from_tensors")
        self._leaves = tree.flatten(self._structure)
        if not self._leaves:
            raise ArgumentError(f"{self._stage}: got an empty structure {tensors!r}")
        for leaf in self._leaves:
            if leaf.ndim == 0:
                raise ShapeError(
                    f"{self._stage}: every component needs a first dimension to slice, "
                    f"got a scalar in {structure.describe(self._structure)}"
                )
        sizes = {leaf.shape[0] for leaf in self._leaves}
        if len(sizes) > 1:
            raise ShapeError(
                f"{self._stage}: all components must have the same size in their first "
                f"dimension, got {structure.describe(self._structure)}"
            )
        self._size = sizes.pop()

    def _row(self, index):
        """Element `index` (an int) or a batch (a slice), as the input's structure."""
        leaves = [leaf[index] for leaf in self._leaves]
        if not isinstance(self._structure, (tuple, dict)):
            return leaves[0]
        return tree.unflatten_as(self._structure, leaves)

    def _iterate(self):
        leaves = self._leaves
        nested = self._structure
        if any(leaf.dtype == structure.STRING for leaf in leaves):
            # `a[i, ...]` keeps a 0-d array where `a[i]` would give a bare bytes object
            for i in range(self._size):
                yield self._row((i, Ellipsis))
        elif not isinstance(nested, (tuple, dict)):
            (leaf,) = leaves
            yield from leaf
        elif type(nested) is tuple and all(isinstance(s, np.ndarray) for s in nested):
            yield from zip(*leaves)
        else:
            for i in range(self._size):
                yield tree.unflatten_as(nested, [leaf[i] for leaf in leaves])

    def _cardinality(self) -> int:
        return self._size

    def _element_spec(self):
        return tree.map_structure(lambda a: structure.spec_of_array(a, 1), self._structure)


class Range(Dataset):
    """`Dataset.range`: integers as in Python's `range`, int64 by default."""

    _stage = "Dataset.range"

    def __init__(self, *args, dtype="int64"):
        if not 1 <= len(args) <= 3:
            raise ArgumentError(
                f"Dataset.range: takes 1 to 3 arguments (stop | start, stop[, step]), "
                f"got {len(args)}"
            )
        try:
            self._range = range(*(int(a) for a in args))
        except ValueError as e:  # step 0
            raise ArgumentError(f"Dataset.range: {e}, got arguments {args}") from None
        self._dtype = dtypes.as_dtype(dtype)

    def _iterate(self):
        make = self._dtype.type
        for i in self._range:
            yield np.asarray(make(i))

    def _cardinality(self) -> int:
        return len(self._range)

    def _element_spec(self):
        return TensorSpec((), self._dtype)


def _signature(output_types, output_shapes, output_signature):
    if output_signature is not None:
        if output_types is not None or output_shapes is not None:
            raise ArgumentError(
                "Dataset.from_generator: give either `output_signature` or "
                "`output_types`/`output_shapes`, not both"
            )
        for spec in tree.flatten(output_signature):
            if not isinstance(spec, TensorSpec):
                raise DTypeError(
                    "Dataset.from_generator: `output_signature` must be a structure of "
                    f"gf.TensorSpec, got {type(spec).__name__} {spec!r}"
                )
        return _as_tuples(output_signature)
    if output_types is None:
        raise ArgumentError(
            "Dataset.from_generator: the elements need a description; pass "
            "`output_signature=gf.TensorSpec(shape, dtype)` (or a tuple/dict of them)"
        )
    if output_shapes is None:
        raise ArgumentError(
            "Dataset.from_generator: `output_types` needs `output_shapes` (gradflow specs "
            "have a known rank); or pass `output_signature=gf.TensorSpec(shape, dtype)`"
        )
    types = _as_tuples(output_types)
    shapes = _as_tuples(output_shapes, shape_leaves=True)
    flat_shapes = tree.flatten(shapes) if isinstance(types, (tuple, dict)) else [shapes]
    specs = [TensorSpec(s, t) for s, t in zip(flat_shapes, tree.flatten(types))]
    return tree.unflatten_as(types, specs)


def _as_tuples(nested, shape_leaves=False):
    if isinstance(nested, dict):
        return {k: _as_tuples(v, shape_leaves) for k, v in nested.items()}
    if shape_leaves and isinstance(nested, (tuple, list)):
        if all(d is None or isinstance(d, (int, np.integer)) for d in nested):
            return tuple(nested)
    if isinstance(nested, (tuple, list)):
        return tuple(_as_tuples(v, shape_leaves) for v in nested)
    return nested


class FromGenerator(Dataset):
    """`Dataset.from_generator`: elements from a Python generator, checked against a
    signature."""

    _stage = "Dataset.from_generator"

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if not callable(generator):
            raise TypeError(
                "Dataset.from_generator: `generator` must be a callable that returns an "
                f"iterator (e.g. a generator function), got {type(generator).__name__}"
            )
        self._generator = generator
        self._args = tuple(args) if args is not None else ()
        self._signature = _signature(output_types, output_shapes, output_signature)
        self._flat_specs = tree.flatten(self._signature)

    def _iterate(self):
        name = structure.function_name(self._generator)
        try:
            iterator = iter(self._generator(*self._args))
        except Exception as e:
            raise structure.stage_error(f"{self._stage}({name})", None, e) from e
        while True:
            try:
                value = next(iterator)
            except StopIteration:
                return
            except Exception as e:
                raise structure.stage_error(f"{self._stage}({name})", None, e) from e
            yield self._conform(value)

    def _conform(self, value):
        leaves = _flatten_as(self._signature, value)
        if leaves is None:
            raise TypeError(
                f"{self._stage}: `generator` yielded an element that did not match the "
                f"expected structure {structure.describe(self._signature)}; got "
                f"{_describe_value(value)}"
            )
        arrays = [self._leaf(v, spec, value) for v, spec in zip(leaves, self._flat_specs)]
        if not isinstance(self._signature, (tuple, dict)):
            return arrays[0]
        return tree.unflatten_as(self._signature, arrays)

    def _leaf(self, v, spec: TensorSpec, element) -> np.ndarray:
        array = structure.to_array(v)
        if array.dtype != spec.dtype:
            if not _castable(array.dtype, spec.dtype):
                raise DTypeError(
                    f"{self._stage}: `generator` yielded a {structure.describe(array)} "
                    f"where the signature has {structure.describe(spec)}, in element "
                    f"{_describe_value(element)}"
                )
            array = array.astype(spec.dtype)
        if not structure.compatible(spec, array.shape):
            raise ShapeError(
                f"{self._stage}: `generator` yielded a {structure.describe(array)} that "
                f"does not fit the signature's {structure.describe(spec)}, in element "
                f"{_describe_value(element)}"
            )
        return array

    def _cardinality(self) -> int:
        return UNKNOWN_CARDINALITY

    def _element_spec(self):
        return self._signature


def _flatten_as(signature, value) -> list | None:
    """`value`'s leaves in the signature's order (a list is a leaf where the signature has
    one), or None when the nesting differs."""
    if isinstance(signature, dict):
        if not isinstance(value, dict) or sorted(value) != sorted(signature):
            return None
        parts = [_flatten_as(signature[k], value[k]) for k in sorted(signature)]
    elif isinstance(signature, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(signature):
            return None
        parts = [_flatten_as(s, v) for s, v in zip(signature, value)]
    else:
        return None if isinstance(value, dict) else [value]
    if any(p is None for p in parts):
        return None
    return [leaf for part in parts for leaf in part]


def _castable(source: np.dtype, target: np.dtype) -> bool:
    """Values convert to the signature's dtype within a kind (float64 → float32) or from
    integers/bools to floats, as tf.data accepts; never float → int or text → number."""
    if source == structure.STRING or target == structure.STRING:
        return source == target
    if np.can_cast(source, target, casting="same_kind"):
        return True
    return source.kind in "biu" and target.kind in "fc"


def _describe_value(value) -> str:
    try:
        return structure.describe(structure.normalize(value))
    except Exception:  # the value itself is unconvertible: show its type
        return type(value).__name__
