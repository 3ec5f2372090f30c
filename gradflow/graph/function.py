"""gf.function: trace a Python function once per input signature, optimize the graph,
and run it with the graph executor.

As in TensorFlow, Python code (prints, list appends, Python control flow on Python
values) runs while tracing only; tensor arguments become graph inputs, Python values
become part of the cache key, and Variables the function touches become graph state
whose final values are written back after each call.
"""

from __future__ import annotations

import functools
import warnings
from typing import Callable, Sequence

import numpy as np

from gradflow import config
from gradflow.core import context, tree
from gradflow.core.spec import TensorSpec, format_spec
from gradflow.core.tensor import Tensor
from gradflow.core.variable import Variable
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.graph import replay
from gradflow.graph.interpret import Program
from gradflow.graph.trace import trace

RETRACE_WARNING_THRESHOLD = 5


class ConcreteFunction:
    """One traced signature of a gf.function: its graph and the compiled program.

    On the xla backend, or with `jit_compile`, the optimized graph compiles into one
    XLA program (forward, backward and variable updates, variable buffers donated);
    otherwise the NumPy executor runs it.
    """

    def __init__(self, graph, key: tuple, jit_compile: bool = False):
        from gradflow.graph.passes import optimize

        self.traced_graph = graph
        self.graph = optimize(graph)
        self.key = key
        backend = config.backend_name()
        if backend == "xla" or jit_compile:
            from gradflow.backends.xla.program import XlaProgram

            self._program = XlaProgram(self.graph, to_numpy=backend == "numpy")
        else:
            self._program = Program(self.graph, backend)

    def run(self, tensors: list[Tensor]):
        graph = self.graph
        program = self._program
        if hasattr(program, "donatable_state"):
            state = program.donatable_state(graph.variables)
        else:
            state = [v._tensor._value for v in graph.variables]
        outputs, updates = program.run([t._value for t in tensors], state)
        del state  # donated buffers are gone; drop the references before anything reads
        for position, array in updates:
            graph.variables[position]._tensor = Tensor(array)
        result, none_mask = graph.output_structure
        it = iter(Tensor(a) for a in outputs)
        leaves = [None if is_none else next(it) for is_none in none_mask]
        return tree.unflatten_as(result, leaves)


def _leaf_key(leaf):
    """How one argument leaf enters the cache key, and whether it is a graph input."""
    if isinstance(leaf, (Tensor, np.ndarray)):
        return ("tensor", tuple(leaf.shape), np.dtype(leaf.dtype).name), True
    if isinstance(leaf, Variable):
        return ("variable", id(leaf)), False
    try:
        hash(leaf)
    except TypeError:
        return ("object", id(leaf)), False
    return ("python", type(leaf).__name__, leaf), False


class Function:
    """A Python function compiled to graphs, one per input signature.

    Args:
        fn: the Python function to trace.
        input_signature: a sequence of TensorSpecs, one per positional argument; `None`
            dimensions accept any size, so the function traces once.
        name: the graph's name (defaults to the function's).
        jit_compile: compile each graph with XLA into one program, on any backend
            (graphs always compile with XLA on the xla backend).
    """

    def __init__(
        self,
        fn: Callable,
        input_signature: Sequence[TensorSpec] | None = None,
        name: str | None = None,
        jit_compile: bool = False,
    ):
        functools.update_wrapper(self, fn)
        self._fn = fn
        self.jit_compile = bool(jit_compile)
        if self.jit_compile:
            from gradflow.backends.xla.runtime import jax_module

            jax_module()  # fail now, naming the extra, if jax is missing
        self._name = name or getattr(fn, "__name__", "function")
        self.input_signature = None if input_signature is None else tuple(input_signature)
        self._cache: dict[tuple, ConcreteFunction] = {}
        self._trace_count = 0
        self._last_key: tuple | None = None

    @property
    def trace_count(self) -> int:
        """How many times the function has been traced (one per new signature)."""
        return self._trace_count

    def experimental_get_tracing_count(self) -> int:
        """TensorFlow's name for `trace_count`."""
        return self._trace_count

    def __get__(self, instance, owner):
        if instance is None:
            return self
        bound = functools.partial(self.__call__, instance)
        return bound

    def __call__(self, *args, **kwargs):
        if context.state().tracer is not None:
            return self._fn(*args, **kwargs)  # called from another gf.function: inline
        concrete, tensors = self._concrete_for(args, kwargs)
        if context.state().tapes:
            if replay.tape_needs_replay(concrete.graph, tensors):
                return replay.replay(concrete.graph, tensors)  # so the tape can see in
        return concrete.run(tensors)

    def get_concrete_function(self, *args, **kwargs) -> ConcreteFunction:
        """The traced function for these arguments (or for `input_signature` if given);
        its `.graph` prints as text and serializes with `gf.graph.to_json`."""
        if not args and not kwargs and self.input_signature is not None:
            args = tuple(_zeros_like_spec(s) for s in self.input_signature)
        return self._concrete_for(args, kwargs)[0]

    # -- signatures and the cache -----------------------------------------------------
    def _concrete_for(self, args, kwargs):
        structure = (args, kwargs)
        leaves = tree.flatten(structure)
        keys, tensors, positions = [], [], []
        for i, leaf in enumerate(leaves):
            key, is_input = _leaf_key(leaf)
            keys.append(key)
            if is_input:
                tensors.append(leaf if isinstance(leaf, Tensor) else Tensor(np.asarray(leaf)))
                positions.append(i)
        specs = [t.spec for t in tensors]
        if self.input_signature is not None:
            specs = self._match_signature(tensors)
            keys = [("signature",) if i in positions else k for i, k in enumerate(keys)]
        key = (tuple(keys), _structure_key(structure), config.backend_name())
        concrete = self._cache.get(key)
        if concrete is None:
            concrete = self._trace(structure, leaves, positions, specs, key)
        return concrete, tensors

    def _match_signature(self, tensors: list[Tensor]) -> list[TensorSpec]:
        signature = self.input_signature
        if len(tensors) != len(signature):
            raise ArgumentError(
                f"{self._name}: input_signature has {len(signature)} tensors, the call passed "
                f"{len(tensors)}"
            )
        for i, (t, spec) in enumerate(zip(tensors, signature)):
            if t.dtype != spec.dtype:
                raise DTypeError(
                    f"{self._name}: argument {i} is {format_spec(t.spec)}, the input_signature "
                    f"says {format_spec(spec)}"
                )
            if len(t.shape) != len(spec.shape) or any(
                s is not None and s != d for s, d in zip(spec.shape, t.shape)
            ):
                raise ShapeError(
                    f"{self._name}: argument {i} has shape {t.shape}, which does not match "
                    f"the input_signature's {format_spec(spec)} (None matches any size)"
                )
        return list(signature)

    def _trace(self, structure, leaves, positions, specs, key) -> ConcreteFunction:
        def build_args(symbols):
            rebuilt = list(leaves)
            for pos, sym in zip(positions, symbols):
                rebuilt[pos] = sym
            return tree.unflatten_as(structure, rebuilt)

        graph = trace(self._fn, specs, build_args, self._name)
        concrete = ConcreteFunction(graph, key, self.jit_compile)
        self._trace_count += 1
        self._warn_if_retracing(key)
        self._last_key = key
        self._cache[key] = concrete
        return concrete

    def _warn_if_retracing(self, key: tuple) -> None:
        if self._trace_count < RETRACE_WARNING_THRESHOLD or self._last_key is None:
            return
        changed = _describe_change(self._last_key, key)
        warnings.warn(
            f"gf.function '{self._name}' has been traced {self._trace_count} times; each new "
            f"input signature traces again, which is slow. {changed} Pass tensors instead "
            "of Python numbers for values that change, or give input_signature with None "
            "for dimensions that vary.",
            RetracingWarning,
            stacklevel=4,
        )


class RetracingWarning(UserWarning):
    """A gf.function traced again and again (its inputs' signature keeps changing)."""


def _structure_key(structure) -> str:
    return repr(tree.map_structure(lambda _: 0, structure))


def _describe_change(old: tuple, new: tuple) -> str:
    old_keys, new_keys = old[0], new[0]
    if len(old_keys) != len(new_keys) or old[1] != new[1]:
        return "The structure of the arguments changed."
    for i, (a, b) in enumerate(zip(old_keys, new_keys)):
        if a != b:
            return f"Argument leaf {i} changed from {_show(a)} to {_show(b)}."
    return ""


def _show(key: tuple) -> str:
    if key[0] == "tensor":
        return f"a {key[2]} tensor of shape {key[1]}"
    if key[0] == "python":
        return f"the Python {key[1]} {key[2]!r}"
    return key[0]


def _zeros_like_spec(spec: TensorSpec) -> Tensor:
    shape = tuple(1 if d is None else d for d in spec.shape)
    return Tensor(np.zeros(shape, spec.dtype))


def function(
    fn: Callable | None = None,
    *,
    input_signature=None,
    name: str | None = None,
    jit_compile: bool = False,
):
    """Compile `fn` into a graph (traced once per input signature) and run it as one.

    Args:
        fn: the Python function; usable as `@gf.function` or `@gf.function(...)`.
        input_signature: TensorSpecs for the positional tensor arguments; `None` dims
            accept any size, so the function traces only once.
        name: a name for the graph.
        jit_compile: compile the whole graph (forward, backward, variable updates) into
            one XLA program even on the numpy backend; needs the `xla` extra (jax). On
            the xla backend graphs always compile this way.

    Returns:
        A Function.

    Example:
    >>> import gradflow as gf
    >>> @gf.function
    ... def f(x):
    ...     return x * 2.0 + 1.0
    >>> f(gf.constant([1.0, 2.0])).tolist()
    [3.0, 5.0]
    >>> f.trace_count
    1
    """
    if fn is None:
        return lambda f: Function(f, input_signature, name, jit_compile)
    return Function(fn, input_signature, name, jit_compile)
