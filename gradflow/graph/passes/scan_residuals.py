"""Residuals for scan gradients: split one step's gradient into a forward and a reverse half.

The VJP of a scan is a reverse scan over the body's VJP. Traced naively, that reverse
step recomputes the whole forward body before the gradient (about a third of an LSTM's
training step). Instead, when a tape records a scan, `split_scan_gradient` traces one
step's joint graph `(*inputs, *cotangents) -> (*outputs, *gradients)` and partitions it:

- the forward body runs the nodes that read no cotangent and also returns, stacked over
  time as extra ys ("residuals"), the step-dependent values the gradient reads that it
  computes anyway (an LSTM's gate activations);
- the reverse step runs the nodes that read a cotangent, the loop-invariant ones they need
  (which the scan kernels hoist out of the loop, see loop_invariants.py), views, and
  the values only the gradient needs (`1 - tanh(x)**2`).

A constant's gradient that sums one matrix product per step, `sum_t v_t.T @ d_t` (a
Dense kernel inside the loop), or `sum_t sum(d_t, axis=0)` (its bias), is not accumulated
in the loop: the reverse step returns `d_t` as a y and the gradient rule contracts the
stacked `v` and `d` once after the loop, one large product instead of one small one per
step. The plan says which constant's gradient is done so: one entry per float constant,
`("acc",)`, `("sum", d)` or `("matmul", d, source, i)`, `d` indexing the deferred ys
and `source` one of "carry" (the saved carries), "x" (xs) or "res" (residuals).
"""

from __future__ import annotations

from gradflow.core.tensor import Tensor
from gradflow.graph.ir import Graph

# zeros_like(x)/ones_like(x) depend on x's shape only: with a static shape they are a
# `full`, the same at every step, so they need not be saved per step
_SHAPE_ONLY = {"zeros_like": 0, "ones_like": 1}
# views cost nothing: the reverse step takes them from the values they view
_VIEWS = frozenset({"permute_dims", "reshape", "broadcast_to", "getitem", "expand_dims", "squeeze"})


def split_scan_gradient(body: Graph, n_carry: int, n_xs: int, floats: tuple, defer: bool = True):
    """The forward body with residuals, and the reverse step that reads them.

    Args:
        body: a scan body `(*carry, *x_t, *consts) -> (*carry, *y_t)`.
        n_carry: the number of carries.
        n_xs: the number of scanned inputs.
        floats: `(fc, fx, fk, fy)`, the positions of the float carries, xs, consts and
            ys (those that take gradients).
        defer: contract sums of per-step products after the loop (see above).

    Returns:
        `(fwd, vjp, plan, n_res)`, or None when nothing is differentiable. `fwd` returns
        the body's outputs followed by `n_res` residuals. `vjp` takes carries (the
        cotangents of the float carries, the accumulators of the float consts whose plan
        entry is "acc"), xs (x_t, the carry entering the step, the residuals, the
        cotangents of the float ys and of the saved carries) and the consts; it returns
        the new carries, the gradients of the float xs and the deferred `d_t`.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow.graph.trace import trace
    >>> spec = gf.TensorSpec((2, 3), np.float32)
    >>> body = trace(lambda h, w: (gf.numpy.tanh(h @ w),), [spec, gf.TensorSpec((3, 3),
    ...     np.float32)], lambda s: (s, {}), "body")
    >>> fwd, vjp, plan, n_res = split_scan_gradient(body, 1, 0, ([0], [], [0], []))
    >>> [node.prim.name for node in fwd.nodes], n_res, plan
    (['matmul', 'tanh'], 1, (('matmul', 0, 'carry', 0),))
    """
    fc, fx, fk, fy = floats
    if not (fc or fx or fk):
        return None
    from gradflow.ops.control_flow import trace_subgraph

    n_in, n_out = len(body.inputs), n_carry + len(body.outputs[n_carry:])
    joint = _joint_graph(body, n_carry, n_xs, floats)
    kinds = _value_kinds(joint, n_carry + n_xs, n_in)
    grads = joint.outputs[n_out:]
    n_c, n_x = len(fc), len(fx)
    if defer:
        plan, deferred, forced = _plan_deferrals(joint, kinds, grads[n_c + n_x :], n_carry, n_xs)
    else:
        plan, deferred, forced = [("acc",)] * len(fk), [], []
    targets = grads[: n_c + n_x] + [g for g, e in zip(grads[n_c + n_x :], plan) if e[0] == "acc"]

    def forward_side(node) -> bool:
        return kinds[node.outputs[0].index] != "cotangent"

    primal = {id(node) for node in _needed_nodes(joint, joint.outputs[:n_out], forward_side)[0]}

    def backward_side(node) -> bool:
        # the reverse step runs every node that reads a cotangent, the invariant ones,
        # views, and what only the gradient needs: the forward saves what it computes
        kind = kinds[node.outputs[0].index]
        return kind != "step" or id(node) not in primal or node.prim.name in _VIEWS

    back_nodes, needed = _needed_nodes(joint, targets + deferred, backward_side)
    recomputed = {out.index for node in back_nodes for out in node.outputs}
    residuals = [
        out
        for node in joint.nodes
        for out in node.outputs
        if out.index in needed and kinds[out.index] == "step" and out.index not in recomputed
    ]
    for v in forced:  # the v of a deferred product, if not a carry or an x
        _position(residuals, v)
    plan = tuple(
        e if e[0] != "matmul" or e[2] != "res" else (*e[:3], _position(residuals, e[3]))
        for e in plan
    )
    fwd_nodes, _ = _needed_nodes(joint, joint.outputs[:n_out] + residuals, forward_side)

    def forward(symbols):
        env = _joint_env(joint, symbols)
        _bind_static(fwd_nodes, env)
        return [env[v.index] for v in joint.outputs[:n_out] + residuals]

    fwd = trace_subgraph(forward, [v.spec for v in body.inputs], body.name, "scan")[0]
    step = _ReverseStep(joint, body, back_nodes, residuals, (n_carry, n_xs, floats))
    vjp = step.trace(targets, deferred, plan)
    return fwd, vjp, plan, len(residuals)


def _joint_graph(body: Graph, n_carry: int, n_xs: int, floats: tuple) -> Graph:
    """`(*inputs, *cotangents of float carries and ys) -> (*outputs, *gradients of the
    float carries, xs and consts)` for one step of the scan."""
    from gradflow.core.tape import GradientTape
    from gradflow.ops.control_flow import inline_graph, trace_subgraph

    fc, fx, fk, fy = floats
    n_in = len(body.inputs)
    specs = (
        [v.spec for v in body.inputs]
        + [body.outputs[i].spec for i in fc]
        + [body.outputs[n_carry + j].spec for j in fy]
    )

    def joint(symbols):
        ins, cots = symbols[:n_in], symbols[n_in:]
        sources = (
            [ins[i] for i in fc]
            + [ins[n_carry + i] for i in fx]
            + [ins[n_carry + n_xs + k] for k in fk]
        )
        with GradientTape() as tape:
            tape.watch(sources)
            outs = inline_graph(body, ins)
        grads = tape.gradient(
            [outs[i] for i in fc] + [outs[n_carry + j] for j in fy],
            sources,
            output_gradients=list(cots),
            unconnected_gradients="zero",
        )
        return outs + list(grads)

    return trace_subgraph(joint, specs, f"{body.name}_joint", "scan")[0]


def _shape_only(node) -> bool:
    return node.prim.name in _SHAPE_ONLY and None not in node.inputs[0].shape


def _value_kinds(joint: Graph, n_step: int, n_in: int) -> dict[int, str]:
    """Each value's kind: "cotangent" (reads a cotangent), "step" (reads the carry or
    x_t) or "invariant" (reads only constants)."""
    kinds = {v.index: "step" for v in joint.inputs[:n_step]}
    kinds.update((v.index, "invariant") for v in joint.inputs[n_step:n_in])
    kinds.update((v.index, "cotangent") for v in joint.inputs[n_in:])
    kinds.update((v.index, "invariant") for v, _ in joint.constants)
    for node in joint.nodes:
        found = {kinds[v.index] for v in node.inputs}
        kind = next((k for k in ("cotangent", "step") if k in found), "invariant")
        if kind == "step" and _shape_only(node):
            kind = "invariant"
        kinds.update((out.index, kind) for out in node.outputs)
    return kinds


def _plan_deferrals(joint: Graph, kinds: dict, const_grads: list, n_carry: int, n_xs: int):
    """The plan (one entry per float const, "res" entries naming the value until the
    residuals are known), the deferred `d` values, and the `v` values to save."""
    producer = joint.producers()
    step_inputs = {v.index: i for i, v in enumerate(joint.inputs[: n_carry + n_xs])}
    plan, deferred, forced = [], [], []

    for dk in const_grads:
        node = producer.get(dk.index)
        entry = ("acc",)
        if node is not None and _is_batch_sum(node, kinds):
            entry = ("sum", _position(deferred, node.inputs[0]))
        elif node is not None and node.prim.name == "matmul":
            v = _batch_product_factor(node, producer, kinds)
            if v is not None:
                i = step_inputs.get(v.index)
                if i is None:
                    forced.append(v)
                    source = ("res", v)
                else:
                    source = ("carry", i) if i < n_carry else ("x", i - n_carry)
                entry = ("matmul", _position(deferred, node.inputs[1]), *source)
        plan.append(entry)
    return plan, deferred, forced


def _is_batch_sum(node, kinds: dict) -> bool:
    """`sum(d, axes=(0,))` of a per-step cotangent matrix."""
    d = node.inputs[0] if node.inputs else None
    return (
        node.prim.name == "sum"
        and node.attrs.get("axes") == (0,)
        and not node.attrs.get("keepdims")
        and kinds[d.index] == "cotangent"
        and d.ndim == 2
    )


def _batch_product_factor(node, producer: dict, kinds: dict):
    """The `v` of `matmul(permute_dims(v, (1, 0)), d)` with a per-step matrix `v` and a
    cotangent matrix `d` (the gradient of `v @ w` for `w`), or None."""
    p, d = node.inputs
    transpose = producer.get(p.index)
    if transpose is None or transpose.prim.name != "permute_dims":
        return None
    v = transpose.inputs[0]
    if transpose.attrs.get("axes") != (1, 0) or kinds[v.index] != "step":
        return None
    if kinds[d.index] != "cotangent" or d.ndim != 2 or v.ndim != 2:
        return None
    return v


def _needed_nodes(joint: Graph, targets: list, follow) -> tuple[list, set]:
    """The nodes (in order) computing `targets` through nodes `follow` accepts, and the
    indices of every value they (or the targets) read; a shape-only node's input is not
    read."""
    needed = {v.index for v in targets}
    chosen = []
    for node in reversed(joint.nodes):
        if not any(out.index in needed for out in node.outputs) or not follow(node):
            continue
        chosen.append(node)
        if not _shape_only(node):
            needed.update(v.index for v in node.inputs)
    return chosen[::-1], needed


# -- sums of scatter_slices that tile the last axis are one concat -------------------------
# The gradient of `z[:, 0:64]`, `z[:, 64:128]` ... (an LSTM's gates) is one scatter_slice
# into zeros per slice, summed: 4 allocations and 3 additions where a concat does one.
def _tilings(joint: Graph, nodes: list) -> tuple[dict, set]:
    """`{id(root add): [pieces in order]}` for each sum of scatter_slices in `nodes` that
    tiles the last axis exactly, and the ids of the nodes inside those sums."""
    producer = joint.producers()
    uses: dict[int, int] = {}
    for node in joint.nodes:
        for v in node.inputs:
            uses[v.index] = uses.get(v.index, 0) + 1
    for v in joint.outputs:
        uses[v.index] = uses.get(v.index, 0) + 2  # an output is never folded away
    chosen = {id(node) for node in nodes}
    roots, inside = {}, set()
    for node in nodes:
        if node.prim.name != "add":
            continue
        found = _tiles(node, producer, uses, chosen)
        if found is None:
            continue
        tiles, members = found
        tiles.sort(key=lambda tile: tile[0])
        n = node.outputs[0].shape[-1]
        bounds = [0] + [b for start, stop, _ in tiles for b in (start, stop)] + [n]
        if all(bounds[i] == bounds[i + 1] for i in range(0, len(bounds), 2)):
            roots[id(node)] = [piece for _, _, piece in tiles]
            inside.update(members)
    return roots, inside


def _tiles(node, producer: dict, uses: dict, chosen: set):
    """`([(start, stop, piece)], ids of the nodes below node)` if `node` is a sum of
    scatter_slices along the last axis (each summand read only there), else None."""
    if node.prim.name == "scatter_slice":
        key, shape = node.attrs["key"], node.attrs["shape"]
        full = ("s", None, None, None)
        if len(key) != len(shape) or any(k != full for k in key[:-1]) or None in shape:
            return None
        tag, start, stop, step = key[-1]
        start, stop = 0 if start is None else start, shape[-1] if stop is None else stop
        if tag != "s" or step not in (None, 1) or not 0 <= start < stop <= shape[-1]:
            return None
        return [(start, stop, node.inputs[0])], set()
    if node.prim.name != "add":
        return None
    tiles, members = [], set()
    for v in node.inputs:
        below = producer.get(v.index)
        if below is None or id(below) not in chosen or uses.get(v.index) != 1:
            return None
        found = _tiles(below, producer, uses, chosen)
        if found is None:
            return None
        tiles += found[0]
        members |= found[1] | {id(below)}
    return tiles, members


def _joint_env(joint: Graph, symbols: list) -> dict:
    env = {v.index: s for v, s in zip(joint.inputs, symbols)}
    for v, array in joint.constants:
        env[v.index] = Tensor(array)
    return env


def _bind_static(nodes, env: dict, tilings: tuple = ({}, set())) -> None:
    """`bind_nodes`, binding a shape-only node with a static shape as a `full`, and each
    sum in `tilings` (see `_tilings`) as a concat."""
    from gradflow.ops.control_flow import bind_nodes
    from gradflow.ops.elementwise import full
    from gradflow.ops.shape import concat

    roots, inside = tilings
    for node in nodes:
        if id(node) in inside:
            continue
        if id(node) in roots:
            pieces = [env[v.index] for v in roots[id(node)]]
            env[node.outputs[0].index] = concat(*pieces, axis=node.outputs[0].ndim - 1)
        elif _shape_only(node):
            spec = node.outputs[0].spec
            fill = _SHAPE_ONLY[node.prim.name]
            env[node.outputs[0].index] = full(shape=spec.shape, fill_value=fill, dtype=spec.dtype)
        else:
            bind_nodes([node], env)


class _ReverseStep:
    """Traces the reverse step from the joint graph's gradient half."""

    def __init__(self, joint: Graph, body: Graph, nodes: list, residuals: list, layout):
        self.joint, self.body, self.nodes, self.residuals = joint, body, nodes, residuals
        self.n_carry, self.n_xs, self.floats = layout

    def trace(self, targets: list, deferred: list, plan: tuple) -> Graph:
        from gradflow.ops.control_flow import trace_subgraph
        from gradflow.ops.elementwise import add

        fc, fx, fk, fy = self.floats
        ins, n_carry, n_xs = self.body.inputs, self.n_carry, self.n_xs
        c_specs = [v.spec for v in ins[:n_carry]]
        x_specs = [v.spec for v in ins[n_carry : n_carry + n_xs]]
        k_specs = [v.spec for v in ins[n_carry + n_xs :]]
        acc = [k for k, e in zip(fk, plan) if e[0] == "acc"]
        specs = (
            [c_specs[i] for i in fc]
            + [k_specs[k] for k in acc]
            + x_specs
            + c_specs
            + [r.spec for r in self.residuals]
            + [self.body.outputs[n_carry + j].spec for j in fy]
            + [c_specs[i] for i in fc]
            + k_specs
        )
        sizes = (len(fc), len(acc), n_xs, n_carry, len(self.residuals), len(fy), len(fc))
        tilings = _tilings(self.joint, self.nodes)

        def step(symbols):
            a, s, x, c, r, gy, gs, k = _cut(symbols, sizes)
            env = _joint_env(self.joint, c + x + k + a + gy)
            env.update((v.index, value) for v, value in zip(self.residuals, r))
            _bind_static(self.nodes, env, tilings)
            found = [env[v.index] for v in targets]
            n_c, n_x = len(fc), len(fx)
            dc, dx, dk = found[:n_c], found[n_c : n_c + n_x], found[n_c + n_x :]
            new_a = [add(d, g) for d, g in zip(dc, gs)]
            new_acc = [add(total, d) for total, d in zip(s, dk)]
            return new_a + new_acc + dx + [env[v.index] for v in deferred]

        return trace_subgraph(step, specs, f"{self.body.name}_vjp", "scan")[0]


def _position(values: list, value) -> int:
    """The position of `value` in `values` by identity (Tensors compare elementwise),
    appending it if absent."""
    for i, v in enumerate(values):
        if v is value:
            return i
    values.append(value)
    return len(values) - 1


def _cut(items: list, sizes: tuple) -> list:
    """`items` cut into consecutive lists of the given sizes, and the rest."""
    parts, start = [], 0
    for n in sizes:
        parts.append(list(items[start : start + n]))
        start += n
    return parts + [list(items[start:])]
