"""Loop-invariant code motion for loop bodies.

A scan body reads the loop's variant inputs (the carry and this step's slices of xs)
and its constants (weights, biases, captured tensors). Nodes that read only constants,
graph constants and other such nodes compute the same values at every step, e.g. an
LSTM's `broadcast_to(bias)` or, in its gradient, `permute_dims(recurrent_kernel)`. This
pass splits a body into a "pre" graph that computes those values once, from the
constants, and a "step" graph that takes them as extra inputs (after the body's own).
The loop kernels (ops/control_flow.py) run the pre graph before the loop, the step graph
at each step. Ops are pure (random ops take their key as an input), so moving a node out
of the loop never changes a value.
"""

from __future__ import annotations

from gradflow.graph.ir import Graph
from gradflow.graph.passes._rewrite import shallow_copy


def split_loop_invariants(graph: Graph, n_variant: int) -> tuple[Graph, Graph] | None:
    """Split a loop body into its loop-invariant part and the part run at each step.

    Args:
        graph: the body; its first `n_variant` inputs change from step to step, the
            others (the constants) do not.
        n_variant: how many leading inputs vary.

    Returns:
        `(pre, step)`, or None when no node is invariant. `pre` takes the constant inputs
        and returns the hoisted values; `step` takes the body's inputs followed by the
        hoisted values and returns the body's outputs.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow.graph.trace import trace
    >>> spec = gf.TensorSpec((2, 2), np.float32)
    >>> body = trace(lambda h, w: h @ w.T, [spec, spec], lambda s: (s, {}), "body")
    >>> pre, step = split_loop_invariants(body, 1)
    >>> [node.prim.name for node in pre.nodes], [node.prim.name for node in step.nodes]
    (['permute_dims'], ['matmul'])
    """
    variant = {v.index for v in graph.inputs[:n_variant]}
    invariant_nodes, step_nodes = [], []
    for node in graph.nodes:
        if any(v.index in variant for v in node.inputs):
            step_nodes.append(node)
            variant.update(out.index for out in node.outputs)
        else:
            invariant_nodes.append(node)
    made = {out.index for node in invariant_nodes for out in node.outputs}
    hoisted: dict[int, object] = {}  # in the order the step first reads them
    for v in [v for node in step_nodes for v in node.inputs] + list(graph.outputs):
        if v.index in made:
            hoisted.setdefault(v.index, v)
    if not hoisted:
        return None
    pre = shallow_copy(graph)
    pre.name = f"{graph.name}_invariants"
    pre.inputs = list(graph.inputs[n_variant:])
    pre.nodes = invariant_nodes
    pre.outputs = list(hoisted.values())
    step = shallow_copy(graph)
    step.inputs = list(graph.inputs) + list(hoisted.values())
    step.nodes = step_nodes
    # each keeps every constant; the optimizer's dead-code pass drops the unread ones
    return pre, step
