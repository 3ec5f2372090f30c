"""The dataflow graph: nodes are primitive calls with attributes, edges are symbolic
tensors with a static shape (None for a dimension known only at run time) and dtype.

A Graph has three kinds of values that no node produces: `inputs` (the function's
tensor arguments), `state` (one per captured Variable, read at the start of a run) and
`constants` (eager tensors the traced code closed over). `updates` maps a state index to
the value the variable holds when the run ends (assignments are ordered by the trace:
a read after an assignment sees the assigned value). `buffer_plan` records which nodes the
NumPy executor runs in place (see graph/passes/buffer_reuse.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gradflow.core.spec import TensorSpec, format_spec
from gradflow.core.tensor import Tensor
from gradflow.errors import GraphError


class SymbolicTensor(Tensor):
    """A tensor inside a traced function: it has a spec but no value until the graph runs."""

    __slots__ = ("_spec", "graph", "index")

    def __init__(self, spec: TensorSpec, graph: "Graph"):
        self._value = None
        self._spec = spec
        self.graph = graph
        self.index = graph._next_index()

    @property
    def shape(self) -> tuple:
        return self._spec.shape

    @property
    def dtype(self) -> np.dtype:
        return self._spec.dtype

    @property
    def ndim(self) -> int:
        return len(self._spec.shape)

    @property
    def size(self) -> int | None:
        n = 1
        for d in self._spec.shape:
            if d is None:
                return None
            n *= d
        return n

    @property
    def spec(self) -> TensorSpec:
        return self._spec

    @property
    def name(self) -> str:
        return f"%{self.index}"

    def _no_value(self, what: str):
        raise GraphError(
            f"{what}: {self.name} ({format_spec(self._spec)}) is a symbolic tensor inside a "
            "gf.function and has no value while the function is traced. Use gf.cond / "
            "gf.while_loop / gf.numpy.where instead of Python control flow on tensors, and "
            "return tensors instead of converting them"
        )

    def numpy(self):
        self._no_value("numpy")

    def __array__(self, dtype=None, copy=None):
        self._no_value("__array__")

    def __bool__(self) -> bool:
        self._no_value("bool")

    def __int__(self) -> int:
        self._no_value("int")

    def __float__(self) -> float:
        self._no_value("float")

    def __index__(self) -> int:
        self._no_value("index")

    def item(self):
        self._no_value("item")

    def tolist(self):
        self._no_value("tolist")

    def __len__(self) -> int:
        if not self.ndim or self.shape[0] is None:
            self._no_value("len")
        return self.shape[0]

    def __repr__(self) -> str:
        return f"<gf.Tensor {self.name}: {format_spec(self._spec)} (symbolic)>"

    __str__ = __repr__

    def __reduce__(self):
        self._no_value("pickle")


class Node:
    """One primitive call: `outputs = prim(*inputs, **attrs)`."""

    __slots__ = ("prim", "inputs", "attrs", "outputs", "source")

    def __init__(self, prim, inputs: tuple, attrs: dict, outputs: tuple, source: str = ""):
        self.prim = prim
        self.inputs = inputs
        self.attrs = attrs
        self.outputs = outputs
        self.source = source

    def __repr__(self) -> str:
        return f"Node({self.prim.name}, {[v.name for v in self.inputs]})"


class Graph:
    """A traced function: its inputs, state, constants, nodes and outputs.

    Args:
        name: the traced function's name (for printing and errors).
    """

    def __init__(self, name: str = "graph"):
        self.name = name
        self.inputs: list[SymbolicTensor] = []
        self.state: list[SymbolicTensor] = []
        self.variables: list = []  # the Variable behind each state value
        self.constants: list[tuple[SymbolicTensor, np.ndarray]] = []
        self.nodes: list[Node] = []
        self.outputs: list[SymbolicTensor] = []
        self.output_structure: Any = None  # the nested structure outputs unflatten into
        self.updates: dict[int, SymbolicTensor] = {}  # state position -> final value
        # output index -> index of the input whose buffer the node writes into (set by
        # passes/buffer_reuse.py for the NumPy executor; empty = every node allocates)
        self.buffer_plan: dict[int, int] = {}
        self._count = 0

    def _next_index(self) -> int:
        self._count += 1
        return self._count - 1

    # -- building -------------------------------------------------------------------
    def add_input(self, spec: TensorSpec) -> SymbolicTensor:
        value = SymbolicTensor(spec, self)
        self.inputs.append(value)
        return value

    def add_state(self, variable) -> SymbolicTensor:
        value = SymbolicTensor(variable.spec, self)
        self.state.append(value)
        self.variables.append(variable)
        return value

    def add_constant(self, array: np.ndarray) -> SymbolicTensor:
        value = SymbolicTensor(TensorSpec.__new__(TensorSpec), self)
        value._spec.shape, value._spec.dtype, value._spec.name = array.shape, array.dtype, None
        self.constants.append((value, array))
        return value

    def add_node(self, prim, inputs: tuple, attrs: dict, out_spec, source: str = ""):
        specs = out_spec if prim.multiple_results else (out_spec,)
        outputs = tuple(SymbolicTensor(s, self) for s in specs)
        self.nodes.append(Node(prim, tuple(inputs), dict(attrs), outputs, source))
        return outputs if prim.multiple_results else outputs[0]

    # -- inspection -----------------------------------------------------------------
    def producers(self) -> dict[int, Node]:
        """Map from a value's index to the node that makes it."""
        return {out.index: node for node in self.nodes for out in node.outputs}

    def live_values(self) -> list[SymbolicTensor]:
        """The values a run must produce: outputs and final state."""
        return list(self.outputs) + list(self.updates.values())

    def __str__(self) -> str:
        from gradflow.graph.printer import format_graph

        return format_graph(self)

    def __repr__(self) -> str:
        return f"<Graph {self.name}: {len(self.inputs)} inputs, {len(self.nodes)} nodes>"
