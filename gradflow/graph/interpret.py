"""The NumPy graph executor: a Graph compiled to one straight-line Python function.

Compilation happens once per traced signature. Each node becomes one line of generated
Python, `s7 = k3(s2, s5, axes=a3_axes)`: its values live in local variables, its kernel
and attributes are bound by name, so a run does no shape inference, no dispatch, no
tape and no per-node list or dict work: on a chain of 2000 small elementwise nodes a
node costs 0.22 us against 0.65 us for a loop over a list of steps, which matters most
for loop bodies, run once per step. A value's variable is deleted after its last use so
memory follows liveness, and a node in the graph's `buffer_plan` (passes/buffer_reuse.py)
writes its result into its dying input's array (`ufunc(..., out=array)`) instead of
allocating one.
`Program.source` holds the generated code, which tracebacks show.

BLAS threads: a run of a graph with matrix products runs them on one BLAS thread (see
`blas_threads_for` for why); loops and eagerly called convolution kernels do the same.
"""

from __future__ import annotations

import contextlib
import itertools
import keyword
import linecache
import math
import os
import weakref

import numpy as np

from gradflow.errors import BackendError, GraphError
from gradflow.graph.ir import Graph, Node

_PROGRAM_IDS = itertools.count()


class Program:
    """A Graph ready to run on NumPy arrays.

    Args:
        graph: the (optimized) graph.
        backend: the name of the kernel set to use.

    `steps` lists one `(kernel, input slots, attrs, output slots, multiple_results, slots
    dying here, donor slot or None)` per node; `run` executes the function generated from
    them (rebuilt by `compile()` after `steps` is replaced, e.g. by a profiler).
    """

    def __init__(self, graph: Graph, backend: str = "numpy"):
        self.graph = graph
        slot: dict[int, int] = {}

        def slot_of(value) -> int:
            if value.index not in slot:
                slot[value.index] = len(slot)
            return slot[value.index]

        self.input_slots = [slot_of(v) for v in graph.inputs]
        self.state_slots = [slot_of(v) for v in graph.state]
        self.constants = [(slot_of(v), array) for v, array in graph.constants]
        last_use = _last_uses(graph)
        self.steps = []
        for position, node in enumerate(graph.nodes):
            kernel = node.prim.impls.get(backend)
            if kernel is None:
                raise BackendError(f"{node.prim.name}: no kernel for the '{backend}' backend")
            ins = tuple(slot_of(v) for v in node.inputs)
            outs = tuple(slot_of(v) for v in node.outputs)
            dead = tuple(slot[v.index] for v in node.inputs if last_use.get(v.index) == position)
            into = _donor_slot(graph, node, kernel, slot, dead)
            self.steps.append(
                (kernel, ins, node.attrs, outs, node.prim.multiple_results, dead, into)
            )
        self.output_slots = [slot_of(v) for v in graph.outputs]
        self.update_slots = [(pos, slot_of(v), v.dtype) for pos, v in sorted(graph.updates.items())]
        self.n_slots = len(slot)
        self.dtypes = [v.dtype for v in graph.outputs]
        self.compile()

    def compile(self) -> None:
        """Generate the run function from `steps` (see the module docstring)."""
        filename = f"<gradflow program {next(_PROGRAM_IDS)}>"
        self.source, namespace = _generate(self, filename)
        self._function = namespace["program"]
        _LIVE_SOURCES[filename] = self
        _forget_dead_sources()

    def call(self, *arrays) -> list:
        """Run on the input arrays followed by the state arrays; returns the outputs.

        The fast entry for loop bodies: no argument lists to build, no updates."""
        return self._function(*arrays)[0]

    def run(self, inputs: list, state: list) -> tuple[list, list]:
        """Run on input and state arrays; returns (output arrays, [(state position, array)])."""
        if len(inputs) != len(self.input_slots) or len(state) != len(self.state_slots):
            raise GraphError(
                f"graph '{self.graph.name}' takes {len(self.input_slots)} inputs and "
                f"{len(self.state_slots)} state arrays, got {len(inputs)} and {len(state)}"
            )
        return self._function(*inputs, *state)


# Generated sources live in linecache (for tracebacks) while their Program lives. They are
# dropped on the next compile, not from a GC finalizer: a finalizer can fire while
# linecache.checkcache() iterates over the cache (pdb and doctest call it) and make it
# raise KeyError.
_LIVE_SOURCES: "weakref.WeakValueDictionary[str, Program]" = weakref.WeakValueDictionary()
_REGISTERED_SOURCES: set[str] = set()


def _forget_dead_sources() -> None:
    for filename in list(_REGISTERED_SOURCES):
        if filename not in _LIVE_SOURCES:
            linecache.cache.pop(filename, None)
            _REGISTERED_SOURCES.discard(filename)


def _generate(program: Program, filename: str) -> tuple[str, dict]:
    """The source of `program(*inputs, *state) -> (outputs, updates)` and its namespace."""
    namespace = {"_as_array": _as_array, "_begin": _one_thread_begin, "_end": _one_thread_end}
    params = [f"s{s}" for s in program.input_slots + program.state_slots]
    lines = []
    for s, array in program.constants:
        namespace[f"c{s}"] = array
        lines.append(f"    s{s} = c{s}")
    for position, step in enumerate(program.steps):
        lines.extend(_node_lines(position, step, namespace))
    outputs = []
    for i, (s, dtype) in enumerate(zip(program.output_slots, program.dtypes)):
        namespace[f"d{i}"] = dtype
        outputs.append(f"_as_array(s{s}, d{i})")
    updates = []
    for i, (pos, s, dtype) in enumerate(program.update_slots):
        namespace[f"u{i}"] = dtype
        updates.append(f"({pos}, _as_array(s{s}, u{i}))")
    lines.append(f"    return [{', '.join(outputs)}], [{', '.join(updates)}]")
    largest = max((blas_size(node) for node in program.graph.nodes), default=0.0)
    if largest > _FLOOR:  # the whole run in one BLAS region, not one switch per product
        namespace["largest"] = largest
        body = [f"    {line}" for line in lines]
        lines = ["    b = _begin(largest)", "    try:", *body, "    finally:", "        _end(b)"]
    lines.insert(0, f"def program({', '.join(params)}):")
    source = "\n".join(lines) + "\n"
    # so tracebacks through a kernel show the generated line
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    _REGISTERED_SOURCES.add(filename)
    exec(compile(source, filename, "exec"), namespace)
    return source, namespace


def _node_lines(position: int, step: tuple, namespace: dict) -> list[str]:
    kernel, ins, attrs, outs, multiple, dead, into = step
    name = f"k{position}"
    namespace[name] = kernel
    args = [f"s{i}" for i in ins]
    if into is not None:
        args.append(f"out=s{into}")
    elif attrs and all(k.isidentifier() and not keyword.iskeyword(k) for k in attrs):
        for key, value in attrs.items():
            namespace[f"a{position}_{key}"] = value
            args.append(f"{key}=a{position}_{key}")
    elif attrs:
        namespace[f"a{position}"] = attrs
        args.append(f"**a{position}")
    call = f"{name}({', '.join(args)})"
    if not multiple:
        lines = [f"    s{outs[0]} = {call}"]
    elif not outs:
        lines = [f"    {call}"]
    else:  # a kernel may return more results than the graph uses
        lines = [f"    r = {call}"] + [f"    s{s} = r[{k}]" for k, s in enumerate(outs)]
    dying = list(dict.fromkeys(s for s in dead if s not in outs))
    if dying:
        lines.append(f"    del {', '.join(f's{s}' for s in dying)}")
    return lines


def _as_array(value, dtype) -> np.ndarray:
    if type(value) is not np.ndarray or value.dtype != dtype:
        return np.asarray(value, dtype=dtype)
    return value


def _donor_slot(graph: Graph, node: Node, kernel, slot: dict, dead: tuple) -> int | None:
    """The slot whose array the node writes into, if the buffer plan says so; None for the
    other nodes and for kernels that are not ufuncs (another backend's)."""
    donor = graph.buffer_plan.get(node.outputs[0].index) if node.outputs else None
    if donor is None or not isinstance(kernel, np.ufunc):
        return None
    if slot.get(donor) not in dead:
        raise GraphError(
            f"{node.prim.name}: the buffer plan of graph '{graph.name}' lets "
            f"{node.outputs[0].name} reuse %{donor}, which is still read later; run "
            "gradflow.graph.passes.buffer_reuse.plan_buffer_reuse after the last pass that "
            "changes the graph"
        )
    return slot[donor]


def _last_uses(graph: Graph) -> dict[int, int]:
    """For each value a node reads, the position of the last node that reads it; values
    the run returns (outputs, final state) are never dead."""
    last: dict[int, int] = {}
    for position, node in enumerate(graph.nodes):
        for v in node.inputs:
            last[v.index] = position
    for v in graph.live_values():
        last.pop(v.index, None)
    return last


# -- BLAS threads ----------------------------------------------------------------------
# OpenBLAS splits any product above 2**18 multiply-adds over all cores, and its worker
# threads then spin for a while waiting for more work. On this 2-core machine shared
# with other work, two threads lost: under heavy load products of 0.5M-32M
# multiply-adds ran 1-20x slower than on one thread (285M ones even), and the spinning
# workers slowed the NumPy kernels that followed 2-4x; under light load products above
# ~25M ran up to 2x faster alone, but the MNIST convnet step still took 2.5-3x longer
# than on one thread (with two threads for products above 2**24 only: 90-170 ms against
# 36-55), and an LSTM step 4-10x longer. So gradflow's kernels run their products on
# one BLAS thread, unless the user chose a thread count in the environment
# (OPENBLAS_NUM_THREADS and co), which then stands. Regions nest: the outermost one (a
# graph run, a loop, a convolution kernel called eagerly) switches. The limits are set
# through threadpoolctl; without it, BLAS decides.
_FLOOR = 2**18  # OpenBLAS runs products up to this size on one thread by itself
_ENVIRONMENT = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "GOTO_NUM_THREADS")
_BLAS: dict = {"libs": None, "depth": 0}  # threadpoolctl's BLAS controllers; nesting
_CONVOLUTIONS = ("conv", "conv_input_grad", "conv_kernel_grad")


def _blas_libs() -> list:
    if _BLAS["libs"] is None:
        _BLAS["libs"] = []
        if not any(os.environ.get(name) for name in _ENVIRONMENT):
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:
                pass
            else:
                libs = ThreadpoolController().select(user_api="blas").lib_controllers
                _BLAS["libs"] = libs
    return _BLAS["libs"]


def _one_thread_begin(macs: float) -> list | None:
    """Enter a region of products of up to `macs` multiply-adds: BLAS on one thread.
    Returns the thread counts `_one_thread_end` restores (None: no region entered)."""
    if macs <= _FLOOR or _BLAS["depth"]:
        return None
    libs = _blas_libs()
    previous = [lib.get_num_threads() for lib in libs]
    for lib, n in zip(libs, previous):
        if n is not None and n > 1:
            lib.set_num_threads(1)
    _BLAS["depth"] += 1  # even when nothing changed: nested regions then ask nothing
    return previous


def _one_thread_end(previous: list | None) -> None:
    if previous is None:
        return
    _BLAS["depth"] -= 1
    for lib, n in zip(_blas_libs(), previous):
        if n is not None and n > 1:
            lib.set_num_threads(n)


@contextlib.contextmanager
def blas_threads_for(macs: float):
    """A context for BLAS products of up to `macs` multiply-adds each, which it runs on
    one BLAS thread (see above); products BLAS keeps on one thread anyway switch nothing.

    Args:
        macs: the multiply-adds of the largest single BLAS call made inside.

    Example:
    >>> import numpy as np
    >>> from gradflow.graph.interpret import blas_threads_for
    >>> a = np.ones((256, 64, 64), np.float32)
    >>> with blas_threads_for(64 * 64 * 64):
    ...     float((a @ a)[0, 0, 0])
    64.0
    """
    previous = _one_thread_begin(macs)
    try:
        yield
    finally:
        _one_thread_end(previous)


def blas_size(node: Node) -> float:
    """The multiply-adds of a node's largest BLAS call: exact for matmul, the whole op
    for a convolution (a bound), 0 for other nodes, inf when a shape is unknown."""
    name = node.prim.name
    if name == "matmul":
        a, b = node.inputs[0].shape, node.inputs[1].shape
        rows = a[-2] if len(a) >= 2 else 1
        columns = b[-1] if len(b) >= 2 else 1
        sizes = (rows, columns, a[-1])
    elif name in _CONVOLUTIONS:  # |y| * prod(K) * C/G, with the kernel (*K, C/G, F)
        kernel, y = {
            "conv": (node.inputs[1], node.outputs[0]),
            "conv_input_grad": (node.inputs[1], node.inputs[0]),
            "conv_kernel_grad": (node.outputs[0], node.inputs[1]),
        }[name]
        sizes = (*y.shape, *kernel.shape[:-1])
    else:
        return 0.0
    return math.inf if None in sizes else float(math.prod(sizes))
