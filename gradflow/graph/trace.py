"""Tracing: run a Python function on symbolic tensors and record every primitive call.

`bind` hands each call to the active Tracer (see gradflow/core/primitive.py), so tracing
goes through the same door, and runs the same shape/dtype rules, as eager execution.
"""

from __future__ import annotations

import contextlib
import os
import sys

from gradflow.core import context
from gradflow.core.spec import TensorSpec
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError, GradientError, GraphError, ShapeError
from gradflow.graph.ir import Graph, SymbolicTensor

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def user_source_line() -> str:
    """`file.py:42` of the innermost caller outside gradflow (for messages and debugging)."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not os.path.abspath(filename).startswith(_PACKAGE_DIR):
            return f"{os.path.basename(filename)}:{frame.f_lineno}"
        frame = frame.f_back
    return ""


def _user_line(traceback) -> str:
    """`file.py:42` of the innermost traceback frame outside gradflow."""
    found = ""
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if not os.path.abspath(code.co_filename).startswith(_PACKAGE_DIR):
            found = f"{os.path.basename(code.co_filename)}:{traceback.tb_lineno}"
        traceback = traceback.tb_next
    return found


class Tracer:
    """Builds a Graph from the primitive calls made while it is active."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self._constants: dict[int, SymbolicTensor] = {}  # id(eager tensor) -> constant
        self._kept: list[Tensor] = []  # keeps captured tensors alive, so ids stay unique
        self._state: dict[int, int] = {}  # id(variable) -> position in graph.state
        self._current: dict[int, SymbolicTensor] = {}  # id(variable) -> value now

    def value_of(self, x: Tensor) -> SymbolicTensor:
        """`x` as a value of this graph: eager tensors become constants."""
        if isinstance(x, SymbolicTensor):
            if x.graph is not self.graph:
                raise GraphError(
                    f"{x.name} belongs to another traced function ({x.graph.name}); pass it "
                    "as an argument instead of closing over it"
                )
            return x
        found = self._constants.get(id(x))
        if found is None:
            found = self.graph.add_constant(x._value)
            self._constants[id(x)] = found
            self._kept.append(x)
        return found

    def bind(self, prim, args: tuple, attrs: dict, out_spec):
        inputs = tuple(self.value_of(a) for a in args)
        return self.graph.add_node(prim, inputs, attrs, out_spec, user_source_line())

    # -- variables: state inputs, ordered updates -------------------------------------
    def read_variable(self, variable) -> SymbolicTensor:
        key = id(variable)
        if key not in self._current:
            self._state[key] = len(self.graph.state)
            self._current[key] = self.graph.add_state(variable)
        return self._current[key]

    def assign_variable(self, variable, value: Tensor) -> None:
        self.read_variable(variable)  # the variable becomes state even if never read
        value = self.value_of(value)
        self._current[id(variable)] = value
        self.graph.updates[self._state[id(variable)]] = value


@contextlib.contextmanager
def tracing(graph: Graph):
    """Within this context every primitive call is recorded into `graph`."""
    state = context.state()
    saved_tracer, saved_tapes = state.tracer, state.tapes
    tracer = Tracer(graph)
    state.tracer, state.tapes = tracer, []
    try:
        yield tracer
    finally:
        state.tracer, state.tapes = saved_tracer, saved_tapes


def trace(fn, args_specs: list[TensorSpec], build_args, name: str) -> Graph:
    """Trace `fn` into a Graph.

    Args:
        fn: the Python function.
        args_specs: one TensorSpec per tensor argument (graph input).
        build_args: `(symbolic inputs) -> (args, kwargs)` rebuilding the call.
        name: the graph's name.

    Returns:
        The Graph, with `outputs` and `output_structure` set.
    """
    from gradflow.core import tree

    graph = Graph(name)
    with tracing(graph) as tracer:
        symbols = [graph.add_input(spec) for spec in args_specs]
        args, kwargs = build_args(symbols)
        try:
            result = fn(*args, **kwargs)
        except (ShapeError, DTypeError, ArgumentError, GradientError) as e:
            line = _user_line(e.__traceback__)
            if not line:
                raise
            # while tracing, say where in the user's code the bad op was called
            raise type(e)(f"{e} — in {line}").with_traceback(e.__traceback__) from None
        leaves = tree.flatten(result)
        outputs = []
        for leaf in leaves:
            if isinstance(leaf, Tensor) or hasattr(leaf, "_read"):
                tensor = leaf._read() if hasattr(leaf, "_read") else leaf
                outputs.append(tracer.value_of(tensor))
            elif leaf is None:
                outputs.append(None)
            else:
                from gradflow.core.convert import as_tensor

                outputs.append(tracer.value_of(as_tensor(leaf)))
    graph.outputs = [o for o in outputs if o is not None]
    graph.output_structure = (result, [o is None for o in outputs])
    return graph
