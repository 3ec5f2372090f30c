"""Control-flow primitives: cond, scan and while_loop, whose bodies are sub-Graphs.

A body is a Python function traced once into its own Graph (`trace_subgraph`); values it
closes over from the enclosing graph, and variables it reads, become extra inputs of the
sub-graph ("captures"), so the primitive's operands are explicit and tapes see them.
The sub-graphs ride on the node as attributes (a Graph hashes by identity); the NumPy
kernels run them with the graph interpreter, and the XLA rules call
`lax.lower_graph(graph)`, which the XLA backend provides: it returns a function
`(*arrays) -> list of arrays` evaluating the graph's outputs from its inputs, in order.

Gradients are control flow too: the VJP of `cond` is a `cond` over the branches' VJPs,
the VJP of `scan` is a reverse `scan` over the body's VJP (each traced as a sub-graph by
running the body under a GradientTape), so second derivatives come for free. A scan that
a tape records saves the values its reverse step reads ("residuals", see
graph/passes/scan_residuals.py), so that step runs no forward node again; the loop
kernels run a body's loop-invariant nodes once per loop (graph/passes/loop_invariants.py).
`while_loop` has no reverse-mode gradient in graph mode (as in JAX); eagerly the public
`gf.while_loop` runs as a Python loop, which tapes differentiate.
"""

from __future__ import annotations

import sys
import weakref

import numpy as np

from gradflow import config, dtypes
from gradflow.core import context
from gradflow.core.convert import as_tensor
from gradflow.core.primitive import bind, primitive
from gradflow.core.spec import TensorSpec, format_spec, spec_of
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError, GradientError, ShapeError
from gradflow.graph.ir import Graph, SymbolicTensor
from gradflow.graph.trace import Tracer

_REAL_FLOATING = frozenset(dtypes.REAL_FLOATING)


def _is_float(x) -> bool:
    return x is not None and x.dtype in _REAL_FLOATING


# -- sub-graphs: tracing with captures, inlining, running ------------------------------
class _SubTracer(Tracer):
    """A tracer for a body: outer symbolic tensors, variable reads and tensors that outer
    tapes watch become inputs of the body graph (captures) instead of errors/constants."""

    def __init__(self, graph: Graph, what: str, outer_tracer, outer_tapes: list):
        super().__init__(graph)
        self.what = what
        self.outer_tracer = outer_tracer
        self.outer_tapes = outer_tapes
        self.captured: list[Tensor] = []  # outer tensors, in the order of their inputs
        self._captures: dict[int, SymbolicTensor] = {}

    def _capture(self, x: Tensor) -> SymbolicTensor:
        found = self._captures.get(id(x))
        if found is None:
            found = self.graph.add_input(x.spec)
            self._captures[id(x)] = found
            self.captured.append(x)
        return found

    def value_of(self, x: Tensor) -> SymbolicTensor:
        if isinstance(x, SymbolicTensor):
            return x if x.graph is self.graph else self._capture(x)
        if self._watched_outside(x):
            return self._capture(x)  # an outer tape differentiates it: keep it an operand
        return super().value_of(x)

    def _watched_outside(self, x: Tensor) -> bool:
        """Whether a tape of any enclosing context (bodies nest) watches `x`."""
        if any(id(x) in tape._watched for tape in self.outer_tapes):
            return True
        outer = self.outer_tracer
        return isinstance(outer, _SubTracer) and outer._watched_outside(x)

    def read_variable(self, variable) -> SymbolicTensor:
        # read in the enclosing context, so outer tapes note the read and outer graphs
        # order it among their assignments; the body sees the value as an input
        state = context.state()
        saved = state.tracer, state.tapes
        state.tracer, state.tapes = self.outer_tracer, self.outer_tapes
        try:
            value = variable._read()
        finally:
            state.tracer, state.tapes = saved
        return self._capture(value)

    def assign_variable(self, variable, value: Tensor) -> None:
        raise ArgumentError(
            f"{self.what}: cannot assign to variable '{variable.name}' inside the body; "
            "return the new value from the body and assign it after the control-flow op"
        )


def trace_subgraph(fn, specs: list[TensorSpec], name: str, what: str):
    """Trace `fn(list of symbolic inputs) -> list of output leaves` into a Graph.

    Args:
        fn: the body; its leaves may be Tensors, Variables or Python numbers.
        specs: one spec per explicit input.
        name: the graph's name.
        what: the op name for error messages.

    Returns:
        `(graph, captured)`: the graph's inputs are the explicit inputs followed by one
        input per captured outer tensor, listed in `captured`.
    """
    graph = Graph(name)
    state = context.state()
    tracer = _SubTracer(graph, what, state.tracer, state.tapes)
    saved = state.tracer, state.tapes
    state.tracer, state.tapes = tracer, []
    try:
        symbols = [graph.add_input(s) for s in specs]
        leaves = fn(symbols)
        graph.outputs = [tracer.value_of(as_tensor(leaf)) for leaf in leaves]
    finally:
        state.tracer, state.tapes = saved
    return graph, tracer.captured


def inline_graph(graph: Graph, args) -> list[Tensor]:
    """Evaluate `graph` on `args` by binding its primitives (eagerly, or into the graph
    being traced, with active tapes recording): the graph's outputs, in order."""
    env = {v.index: a for v, a in zip(graph.inputs, args)}
    for v, array in graph.constants:
        env[v.index] = Tensor(array)
    bind_nodes(graph.nodes, env)
    return [env[v.index] for v in graph.outputs]


def bind_nodes(nodes, env: dict) -> None:
    """Bind each node's primitive on the values `env` maps its inputs' indices to, and
    map its outputs' indices to the results (in place)."""
    for node in nodes:
        result = bind(node.prim, *[env[v.index] for v in node.inputs], **node.attrs)
        results = result if node.prim.multiple_results else (result,)
        for out, value in zip(node.outputs, results):
            env[out.index] = value


_PROGRAMS: "weakref.WeakKeyDictionary[Graph, object]" = weakref.WeakKeyDictionary()


def _program(graph: Graph):
    """The compiled (optimized) program of a body graph, built once per graph."""
    program = _PROGRAMS.get(graph)
    if program is None:
        from gradflow.graph.interpret import Program
        from gradflow.graph.passes import optimize

        program = _PROGRAMS[graph] = Program(optimize(_detached(graph)), "numpy")
    return program


def _detached(graph: Graph) -> Graph:
    """`graph` traced again into a graph of its own. The caches here map a body weakly
    to what is made from it; made from `graph` itself, that would share its values, which
    refer to `graph`, and keep it (and its programs and buffers) alive for ever."""
    specs = [v.spec for v in graph.inputs]
    return trace_subgraph(lambda symbols: inline_graph(graph, symbols), specs, graph.name, "")[0]


# -- BLAS threads in loops -------------------------------------------------------------
# A loop runs in one `blas_threads_for` region (graph/interpret.py), so its body's runs
# do not switch BLAS threads once per step.
_LARGEST: "weakref.WeakKeyDictionary[Graph, float]" = weakref.WeakKeyDictionary()


def _loop_blas_threads(*graphs: Graph):
    from gradflow.graph.interpret import blas_size, blas_threads_for

    sizes = []
    for graph in graphs:
        if graph not in _LARGEST:
            _LARGEST[graph] = max((blas_size(node) for node in graph.nodes), default=0.0)
        sizes.append(_LARGEST[graph])
    return blas_threads_for(max(sizes))


def _run(graph: Graph, arrays: list) -> list:
    return _program(graph).call(*arrays)


_SPLITS: "weakref.WeakKeyDictionary[Graph, tuple]" = weakref.WeakKeyDictionary()


def _split(body: Graph, n_variant: int) -> tuple[Graph | None, Graph]:
    """`(pre, step)`: the body's loop-invariant part (None if it has none), run once
    before the loop, and the rest, run at each step on the inputs followed by the
    invariant values (graph/passes/loop_invariants.py); made once per body."""
    key = body
    found = _SPLITS.get(key)
    if found is None or found[0] != n_variant:
        from gradflow.graph.passes.loop_invariants import split_loop_invariants

        body = _detached(body)
        found = (n_variant, split_loop_invariants(body, n_variant) or (None, body))
        _SPLITS[key] = found
    return found[1]


def _check_operands(specs, graph: Graph, what: str, skip_leading=()) -> None:
    if len(specs) != len(graph.inputs):
        raise ArgumentError(f"{what} takes {len(graph.inputs)} operands, got {len(specs)}")
    for i, (s, v) in enumerate(zip(specs, graph.inputs)):
        shape = s.shape[1:] if i in skip_leading else s.shape
        if s.dtype != v.dtype or len(shape) != len(v.shape):
            raise DTypeError(
                f"operand {i} is {format_spec(s)}, but {what} expects {format_spec(v.spec)}"
            )


def _vjp_of_graph(graph: Graph, f_in: list[int], f_out: list[int], what: str) -> Graph:
    """A graph `(*inputs, *cotangents of outputs f_out) -> gradients of inputs f_in`."""
    n_in = len(graph.inputs)
    specs = [v.spec for v in graph.inputs] + [graph.outputs[k].spec for k in f_out]

    def body(symbols):
        from gradflow.core.tape import GradientTape

        ins, cots = symbols[:n_in], symbols[n_in:]
        with GradientTape() as tape:
            tape.watch([ins[i] for i in f_in])
            outs = inline_graph(graph, ins)
        return tape.gradient(
            [outs[k] for k in f_out],
            [ins[i] for i in f_in],
            output_gradients=list(cots),
            unconnected_gradients="zero",
        )

    return trace_subgraph(body, specs, f"{graph.name}_vjp", what)[0]


# -- cond -------------------------------------------------------------------------------
def _cond_infer(pred: TensorSpec, *operands: TensorSpec, branches: tuple) -> tuple:
    if pred.dtype != dtypes.bool or pred.shape != ():
        raise DTypeError(f"pred must be a boolean scalar, got {format_spec(pred)}")
    for branch in branches:
        _check_operands(operands, branch, "each branch")
    return tuple(v.spec for v in branches[0].outputs)


def _cond_kernel(pred, *operands, branches):
    return tuple(_run(branches[int(bool(pred))], list(operands)))


def _cond_grad(g, pred, *operands, out, branches):
    """The VJP of cond is a cond over the branches' VJPs (pred gets no gradient)."""
    f_in = [i for i, x in enumerate(operands) if _is_float(x)]
    f_out = [k for k, o in enumerate(out) if _is_float(o)]
    result = [None] * (1 + len(operands))
    if not f_in:
        return tuple(result)
    vjps = tuple(_vjp_of_graph(b, f_in, f_out, "cond") for b in branches)
    grads = cond(pred, *operands, *[g[k] for k in f_out], branches=vjps)
    for i, gi in zip(f_in, grads):
        result[1 + i] = gi
    return tuple(result)


def _cond_xla(lax, pred, *operands, branches):
    false_fn, true_fn = (lambda *ops, b=b: tuple(lax.lower_graph(b)(*ops)) for b in branches)
    return tuple(lax.cond(pred, true_fn, false_fn, *operands))


cond = primitive(
    "cond",
    infer=_cond_infer,
    grad=_cond_grad,
    numpy=_cond_kernel,
    xla=_cond_xla,
    multiple_results=True,
)
"""`cond(pred, *operands, branches=(false_graph, true_graph))`: run one branch graph on
the operands, chosen by the boolean scalar `pred`."""


# -- scan -------------------------------------------------------------------------------
def _scan_infer(*specs: TensorSpec, body, length, reverse, n_carry, n_xs, save_carries, vjp, n_res):
    _check_operands(specs, body, "the scan body", range(n_carry, n_carry + n_xs))
    for s in specs[n_carry : n_carry + n_xs]:
        if not s.shape or (s.shape[0] != length and None not in (s.shape[0], length)):
            raise ShapeError(f"xs must have leading dimension {length}, got {format_spec(s)}")
    outs = body.outputs
    ys = [spec_of((length,) + o.shape, o.dtype) for o in outs[n_carry:]]
    saved = [spec_of((length,) + s.shape, s.dtype) for s in specs[:n_carry]]
    return tuple(list(specs[:n_carry]) + ys + (saved if save_carries else []))


def _scan_kernel(*arrays, body, length, reverse, n_carry, n_xs, save_carries, vjp, n_res):
    pre, step_graph = _split(body, n_carry + n_xs)
    step = _program(step_graph).call
    carry = list(arrays[:n_carry])
    xs = arrays[n_carry : n_carry + n_xs]
    consts = list(arrays[n_carry + n_xs :])
    if pre is not None:  # the loop-invariant values, computed once
        consts += _program(pre).call(*consts)
    if length is None:
        length = xs[0].shape[0]
    shapes = [((length,) + tuple(d or 0 for d in o.shape), o.dtype) for o in body.outputs[n_carry:]]
    shapes += [((length,) + c.shape, c.dtype) for c in carry] if save_carries else []
    pool = _STACKS.setdefault(body, [])
    stacks = [_stack_buffer(pool, k, shape, dtype) for k, (shape, dtype) in enumerate(shapes)]
    ys, saved = stacks[: len(body.outputs) - n_carry], stacks[len(body.outputs) - n_carry :]
    # the step's argument list is built once and refreshed in place: carries, then the
    # xs' slices (each step's slices made up front, as views), then the constants
    args = carry + [None] * n_xs + list(consts)
    slices = [list(x) for x in xs]
    with _loop_blas_threads(body):
        for t in range(length - 1, -1, -1) if reverse else range(length):
            for s, c in zip(saved, args):
                s[t] = c
            for k, x in enumerate(slices):
                args[n_carry + k] = x[t]
            outs = step(*args)
            args[:n_carry] = outs[:n_carry]
            for k in range(len(ys)):
                y = outs[n_carry + k]
                if ys[k].shape[1:] != y.shape:  # a dimension known only at run time
                    ys[k] = np.empty((length,) + y.shape, y.dtype)
                ys[k][t] = y
    return tuple(args[:n_carry] + ys + saved)


# The arrays a scan stacks its ys (and saved carries) into are large, and fresh large
# arrays are slow to fill: the allocator maps new pages, which the OS faults in and zeroes
# one at a time (an LSTM's forward scan spent a third of its time so). So each body keeps
# the arrays of its last run and writes into them again once nothing else holds them.
_STACKS: "weakref.WeakKeyDictionary[Graph, list]" = weakref.WeakKeyDictionary()


def _stack_buffer(pool: list, k: int, shape: tuple, dtype) -> np.ndarray:
    """An uninitialized array for stacked output `k`: the last run's if no one else holds
    it any more (no tensor, view or graph value: they all count as references)."""
    while len(pool) <= k:
        pool.append(None)
    found = pool[k]
    # 3 references: pool[k], `found` and getrefcount's argument
    if found is not None and found.shape == shape and found.dtype == dtype:
        if sys.getrefcount(found) == 3:
            return found
    pool[k] = found = np.empty(shape, dtype)
    return found


def _scan_vjp_body(body: Graph, n_carry, n_xs, fc, fx, fk, fy) -> Graph:
    """The reverse step: carry (a: cotangents of float carries, acc: of float consts),
    xs (x_t, c_t, cotangents of float y_t and of saved float c_t), consts as forward."""
    ins = body.inputs
    c_specs = [v.spec for v in ins[:n_carry]]
    x_specs = [v.spec for v in ins[n_carry : n_carry + n_xs]]
    k_specs = [v.spec for v in ins[n_carry + n_xs :]]
    y_specs = [body.outputs[n_carry + j].spec for j in fy]
    specs = (
        [c_specs[i] for i in fc]
        + [k_specs[k] for k in fk]
        + x_specs
        + c_specs
        + y_specs
        + [c_specs[i] for i in fc]
        + k_specs
    )

    def step(symbols):
        from gradflow.core.tape import GradientTape
        from gradflow.ops.elementwise import add

        it = iter(symbols)
        a, acc = [next(it) for _ in fc], [next(it) for _ in fk]
        x, c = [next(it) for _ in x_specs], [next(it) for _ in c_specs]
        gy, gs = [next(it) for _ in fy], [next(it) for _ in fc]
        k = list(it)
        sources = [c[i] for i in fc] + [x[i] for i in fx] + [k[j] for j in fk]
        with GradientTape() as tape:
            tape.watch(sources)
            outs = inline_graph(body, c + x + k)
        grads = tape.gradient(
            [outs[i] for i in fc] + [outs[n_carry + j] for j in fy],
            sources,
            output_gradients=a + gy,
            unconnected_gradients="zero",
        )
        dc, dx, dk = (
            grads[: len(fc)],
            grads[len(fc) : len(fc) + len(fx)],
            grads[len(fc) + len(fx) :],
        )
        new_a = [add(d, s) for d, s in zip(dc, gs)]
        new_acc = [add(s, d) for s, d in zip(acc, dk)]
        return new_a + new_acc + dx

    return trace_subgraph(step, specs, f"{body.name}_vjp", "scan")[0]


def scan_with_residuals(body: Graph, n_carry: int, n_xs: int):
    """`(fwd, vjp, n_res)` for a scan whose gradient a tape will take: the body returning
    `n_res` residuals too, and `vjp` = (reverse step, plan) for `_scan_grad` (see
    graph/passes/scan_residuals.py); None when nothing in it is differentiable."""
    from gradflow.graph.passes.scan_residuals import split_scan_gradient

    ins, n_ys = body.inputs, len(body.outputs) - n_carry
    floats = _float_positions(ins, body.outputs, n_carry, n_xs, n_ys)
    # one large product after the loop beats one small one per step on NumPy (1 BLAS
    # call, not T); XLA's compiled loop accumulates them faster than it runs the large one
    defer = config.backend_name() != "xla"
    split = split_scan_gradient(body, n_carry, n_xs, floats, defer)
    if split is None:
        return None
    fwd, vjp_body, plan, n_res = split
    return fwd, (vjp_body, plan), n_res


def _scan_grad(g, *inputs, out, body, length, reverse, n_carry, n_xs, save_carries, vjp, n_res):
    """The VJP of scan is a scan in the other direction over the body's VJP, fed the
    carries the forward pass saved (recomputed when it did not save them) or, when the
    forward body also returned the residuals a reverse step `vjp` reads, those."""
    from gradflow.ops.elementwise import zeros_like

    n_ys = len(body.outputs) - n_carry
    # the residuals' cotangents are zero unless a higher-order gradient differentiates
    # the backward scan; the body's own VJP (residuals as ys) then accounts for them
    res_cots = g[n_carry + n_ys - n_res : n_carry + n_ys]
    if vjp is not None and save_carries and all(_known_zero(t, len(g)) for t in res_cots):
        return _scan_grad_from_residuals(
            g, inputs, out, body, length, reverse, n_carry, n_xs, vjp, n_res
        )
    xs, consts = inputs[n_carry : n_carry + n_xs], inputs[n_carry + n_xs :]
    if save_carries:
        saved, g_saved = out[n_carry + n_ys :], g[n_carry + n_ys :]
    else:
        attrs = dict(body=body, length=length, n_carry=n_carry, n_xs=n_xs, vjp=None, n_res=0)
        saved = scan(*inputs, reverse=reverse, save_carries=True, **attrs)[n_carry + n_ys :]
        g_saved = [None] * n_carry
    fc, fx, fk, fy = _float_positions(inputs, out, n_carry, n_xs, n_ys)
    vjp_body = _scan_vjp_body(body, n_carry, n_xs, fc, fx, fk, fy)
    carry = [g[i] for i in fc] + [zeros_like(consts[k]) for k in fk]
    vjp_xs = (
        list(xs)
        + list(saved)
        + [g[n_carry + j] for j in fy]
        + [zeros_like(saved[i]) if g_saved[i] is None else g_saved[i] for i in fc]
    )
    res = _reverse_scan(carry, vjp_xs, consts, vjp_body, length, reverse)
    grads = [None] * len(inputs)
    for pos, gi in zip(fc, res[: len(fc)]):
        grads[pos] = gi
    for pos, gi in zip(fk, res[len(fc) : len(carry)]):
        grads[n_carry + n_xs + pos] = gi
    for pos, gi in zip(fx, res[len(carry) : len(carry) + len(fx)]):
        grads[n_carry + pos] = gi
    return tuple(grads)


def _float_positions(inputs, out, n_carry: int, n_xs: int, n_ys: int) -> tuple:
    """The positions of the float carries, xs, consts and (first n_ys) ys."""
    fc = [i for i, c in enumerate(inputs[:n_carry]) if _is_float(c)]
    fx = [i for i, x in enumerate(inputs[n_carry : n_carry + n_xs]) if _is_float(x)]
    fk = [i for i, k in enumerate(inputs[n_carry + n_xs :]) if _is_float(k)]
    fy = [j for j in range(n_ys) if _is_float(out[n_carry + j])]
    return fc, fx, fk, fy


def _reverse_scan(carry, xs, consts, body: Graph, length, reverse: bool):
    return scan(
        *carry, *xs, *consts,
        body=body, length=length, reverse=not reverse, n_carry=len(carry), n_xs=len(xs),
        save_carries=bool(context.state().tapes), vjp=None, n_res=0,
    )  # fmt: skip


def _scan_grad_from_residuals(g, inputs, out, body, length, reverse, n_carry, n_xs, vjp, n_res):
    """The reverse scan over the residuals (graph/passes/scan_residuals.py); constants'
    gradients that are sums of per-step products are contracted once after it."""
    from gradflow.ops.elementwise import zeros_like

    vjp_body, plan = vjp
    n_ys = len(body.outputs) - n_carry - n_res
    xs, consts = inputs[n_carry : n_carry + n_xs], inputs[n_carry + n_xs :]
    saved, g_saved = out[n_carry + n_ys + n_res :], g[n_carry + n_ys + n_res :]
    residuals = out[n_carry + n_ys : n_carry + n_ys + n_res]
    fc, fx, fk, fy = _float_positions(inputs, out, n_carry, n_xs, n_ys)
    acc = [k for k, e in zip(fk, plan) if e[0] == "acc"]
    carry = [g[i] for i in fc] + [zeros_like(consts[k]) for k in acc]
    vjp_xs = (
        list(xs)
        + list(saved)
        + list(residuals)
        + [g[n_carry + j] for j in fy]
        + [zeros_like(saved[i]) if g_saved[i] is None else g_saved[i] for i in fc]
    )
    res = _reverse_scan(carry, vjp_xs, consts, vjp_body, length, reverse)
    n_a = len(carry)
    deferred = res[n_a + len(fx) : len(res) - (len(carry) if context.state().tapes else 0)]
    grads = [None] * len(inputs)
    for pos, gi in zip(fc, res[: len(fc)]):
        grads[pos] = gi
    for pos, gi in zip(fx, res[n_a : n_a + len(fx)]):
        grads[n_carry + pos] = gi
    totals = iter(res[len(fc) : n_a])
    stacks = {"carry": saved, "x": xs, "res": residuals}
    for pos, entry in zip(fk, plan):
        if entry[0] == "acc":
            gk = next(totals)
        else:
            gk = _contract(entry, deferred, stacks)
        grads[n_carry + n_xs + pos] = gk
    return tuple(grads)


def _contract(entry: tuple, deferred, stacks: dict):
    """A constant's gradient from the stacked per-step factors: `sum(d)` over time and
    batch, or `v.T @ d` with time and batch as one axis."""
    from gradflow import numpy as gnp

    d = deferred[entry[1]]
    if entry[0] == "sum":
        return gnp.sum(d, axis=(0, 1))
    v = stacks[entry[2]][entry[3]]
    if None in v.shape or None in d.shape:  # sizes known only at run time: per-step products
        return gnp.sum(gnp.matmul(gnp.matrix_transpose(v), d), axis=0)
    rows = gnp.reshape(d, (-1, d.shape[-1]))
    return gnp.matmul(gnp.matrix_transpose(gnp.reshape(v, (-1, v.shape[-1]))), rows)


def _known_zero(t, window: int) -> bool:
    """Whether the cotangent `t` is zero: eagerly by its values, in a graph when it is a
    `zeros_like` the tape made for an output without gradient (just before the rule ran,
    so among the last `window` nodes)."""
    if t is None:
        return True
    if isinstance(t, SymbolicTensor):
        for node in reversed(t.graph.nodes[-window:]):
            if any(out is t for out in node.outputs):
                return node.prim.name == "zeros_like"
        return False
    return not np.any(t.numpy())


def _scan_xla(lax, *arrays, body, length, reverse, n_carry, n_xs, save_carries, vjp, n_res):
    pre, step_graph = _split(body, n_carry + n_xs)
    run = lax.lower_graph(step_graph)
    xs, consts = tuple(arrays[n_carry : n_carry + n_xs]), tuple(arrays[n_carry + n_xs :])
    if pre is not None:  # the loop-invariant values, computed once
        consts += tuple(lax.lower_graph(pre)(*consts))

    def step(carry, x):
        outs = tuple(run(*carry, *x, *consts))
        ys = outs[n_carry:] + (carry if save_carries else ())
        return outs[:n_carry], ys

    final, stacked = lax.scan(step, tuple(arrays[:n_carry]), xs, length=length, reverse=reverse)
    return tuple(final) + tuple(stacked)


scan = primitive(
    "scan",
    infer=_scan_infer,
    grad=_scan_grad,
    numpy=_scan_kernel,
    xla=_scan_xla,
    multiple_results=True,
)
"""`scan(*carry, *xs, *consts, body, length, reverse, n_carry, n_xs, save_carries, vjp,
n_res)`: `body(*carry, *x_t, *consts) -> (*carry, *y_t)` over the leading axis of xs;
returns the final carry, the stacked ys and, with `save_carries`, the carry entering each
step (stacked; what the gradient replays). With `vjp` = (reverse step, plan), the body's
last `n_res` ys are residuals that reverse step reads (`scan_with_residuals`); `vjp=None`
and `n_res=0` otherwise."""


# -- while_loop -------------------------------------------------------------------------
def _while_infer(*specs: TensorSpec, cond_graph, body_graph, n_vars, n_cond, maximum_iterations):
    n_body = len(specs) - n_vars - n_cond
    _check_operands(specs[:n_vars] + specs[n_vars + n_cond :], body_graph, "the body")
    _check_operands(specs[: n_vars + n_cond], cond_graph, "the condition")
    if n_body != len(body_graph.inputs) - n_vars:
        raise ArgumentError("the body's captured operands do not match")
    return tuple(specs[:n_vars])


def _while_kernel(*arrays, cond_graph, body_graph, n_vars, n_cond, maximum_iterations):
    test, step = _program(cond_graph).call, _program(body_graph).call
    loop_vars = list(arrays[:n_vars])
    cond_consts = arrays[n_vars : n_vars + n_cond]
    body_consts = arrays[n_vars + n_cond :]
    i = 0
    with _loop_blas_threads(cond_graph, body_graph):
        while maximum_iterations is None or i < maximum_iterations:
            if not bool(test(*loop_vars, *cond_consts)[0]):
                break
            loop_vars = step(*loop_vars, *body_consts)
            i += 1
    return tuple(loop_vars)


def _while_grad(g, *inputs, out, **attrs):
    """Reverse mode needs every iteration's values, whose count is known only at run time."""
    raise GradientError(
        "while_loop: reverse-mode differentiation through a while_loop inside gf.function "
        "is not supported (as in JAX): the number of iterations is known only at run time. "
        "Use gf.scan with a fixed number of steps (mask the steps after the loop would "
        "stop), or differentiate eagerly, where gf.while_loop runs as a Python loop"
    )


def _while_xla(lax, *arrays, cond_graph, body_graph, n_vars, n_cond, maximum_iterations):
    test, step = lax.lower_graph(cond_graph), lax.lower_graph(body_graph)
    cond_consts, body_consts = arrays[n_vars : n_vars + n_cond], arrays[n_vars + n_cond :]

    def keep_going(state):
        i, loop_vars = state
        keep = test(*loop_vars, *cond_consts)[0]
        if maximum_iterations is not None:
            keep = lax.np.logical_and(keep, i < maximum_iterations)
        return keep

    def advance(state):
        i, loop_vars = state
        return i + 1, tuple(step(*loop_vars, *body_consts))

    init = (lax.np.asarray(0, lax.np.int32), tuple(arrays[:n_vars]))
    return tuple(lax.while_loop(keep_going, advance, init)[1])


while_loop = primitive(
    "while_loop",
    infer=_while_infer,
    grad=_while_grad,
    numpy=_while_kernel,
    xla=_while_xla,
    multiple_results=True,
)
"""`while_loop(*vars, *cond_consts, *body_consts, cond_graph, body_graph, n_vars, n_cond,
maximum_iterations)`: run `body_graph` while `cond_graph` gives True (at most
`maximum_iterations` times); returns the final loop variables."""
