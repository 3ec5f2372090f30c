"""Control flow on tensors: `cond`, `while_loop` and `scan` (as TensorFlow and JAX).

Inside gf.function each body is traced once into a sub-graph and the whole loop or
branch is one node of the graph (a 200-step scan is one `scan` node, not 200 copies).
Eagerly, `cond` and `scan` run the same primitives (so both branches are checked
alike in every mode), while `while_loop` runs as a Python loop that tapes record.
"""

from __future__ import annotations

from gradflow.core import context, tree
from gradflow.core.convert import as_tensor
from gradflow.core.spec import format_spec, spec_of
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, DTypeError, GraphError, ShapeError
from gradflow.graph.ir import SymbolicTensor
from gradflow.ops import control_flow as _cf

__all__ = ["cond", "scan", "while_loop"]


# -- structures ---------------------------------------------------------------------------
def _paths(structure, prefix: str = "") -> list[str]:
    """A readable path per leaf of `structure`, in flatten order: `[1]['w']`."""
    if isinstance(structure, dict):
        return [p for k in sorted(structure) for p in _paths(structure[k], f"{prefix}[{k!r}]")]
    if isinstance(structure, (list, tuple)):
        return [p for i, s in enumerate(structure) for p in _paths(s, f"{prefix}[{i}]")]
    return [prefix]


def _skeleton(structure) -> str:
    """The nesting of `structure` as text, leaves as `*` (lists and tuples alike)."""
    if isinstance(structure, dict):
        return "{" + ", ".join(f"{k!r}: {_skeleton(structure[k])}" for k in sorted(structure)) + "}"
    if isinstance(structure, (list, tuple)):
        return "(" + ", ".join(_skeleton(s) for s in structure) + ")"
    return "None" if structure is None else "*"


def _tensor_leaves(structure) -> list[Tensor | None]:
    return [None if leaf is None else as_tensor(leaf) for leaf in tree.flatten(structure)]


def _check_same(op: str, rule: str, names: tuple, first, second, paths: list[str]) -> None:
    """Raise unless two lists of tensors/specs agree in dtype and shape, leaf by leaf."""
    for path, a, b in zip(paths, first, second):
        if a.dtype != b.dtype or a.shape != b.shape:
            error = DTypeError if a.dtype != b.dtype else ShapeError
            raise error(
                f"{op}: {rule}, but {names[0]} gives {format_spec(a.spec)} and {names[1]} "
                f"gives {format_spec(b.spec)} for output{path or ' (the only leaf)'}"
            )


def _unflatten(structure, values: list):
    it = iter(values)
    return tree.unflatten_as(
        structure, [None if leaf is None else next(it) for leaf in tree.flatten(structure)]
    )


# -- cond -----------------------------------------------------------------------------------
def _trace_branch(fn, name: str):
    outcome = {}

    def body(_symbols):
        outcome["result"] = result = fn()
        return [leaf for leaf in tree.flatten(result) if leaf is not None]

    graph, captured = _cf.trace_subgraph(body, [], name, "cond")
    return graph, captured, outcome["result"]


def _align_inputs(graph, captured: list, operands: list) -> None:
    """Make `graph` take all `operands` in order (the ones it does not use as unused inputs)."""
    by_id = {id(x): v for x, v in zip(captured, graph.inputs)}
    inputs = [by_id.get(id(x)) for x in operands]
    for i, x in enumerate(operands):
        if inputs[i] is None:
            inputs[i] = graph.add_input(x.spec)
    graph.inputs = inputs


def cond(pred, true_fn, false_fn, name: str | None = None):
    """`true_fn()` if `pred` else `false_fn()`, chosen at run time inside gf.function.

    Both branches are traced, so they must return the same structure of tensors with
    the same shapes and dtypes. A Python bool `pred` just calls one branch.

    Args:
        pred: a boolean scalar tensor (or a Python bool).
        true_fn: a callable with no arguments, run when `pred` is True; it may close over
            tensors and read variables (but not assign them).
        false_fn: the same, run when `pred` is False.
        name: unused; kept for TensorFlow compatibility.

    Returns:
        What the chosen branch returns (the same nested structure).

    Example:
    >>> import gradflow as gf
    >>> from gradflow.control_flow import cond
    >>> x = gf.constant(3.0)
    >>> float(cond(x > 0.0, lambda: x * 2.0, lambda: -x))
    6.0
    >>> f = gf.function(lambda x: cond(x > 0.0, lambda: x * 2.0, lambda: -x))
    >>> float(f(gf.constant(-4.0))), float(f(gf.constant(1.0))), f.trace_count
    (4.0, 2.0, 1)
    """
    if isinstance(pred, bool) or (not isinstance(pred, Tensor) and not hasattr(pred, "_read")):
        return true_fn() if bool(pred) else false_fn()
    pred = as_tensor(pred)
    if pred.dtype.name != "bool" or pred.shape != ():
        error = DTypeError if pred.dtype.name != "bool" else ShapeError
        raise error(
            f"cond: pred must be a boolean scalar, got {format_spec(pred.spec)}; compare "
            "first (x > 0) and reduce to one value (gf.numpy.all) if needed"
        )
    t_graph, t_captured, t_result = _trace_branch(true_fn, "true_fn")
    f_graph, f_captured, f_result = _trace_branch(false_fn, "false_fn")
    if _skeleton(t_result) != _skeleton(f_result):
        raise ArgumentError(
            "cond: true_fn and false_fn must return the same structure, but true_fn gives "
            f"{_skeleton(t_result)} and false_fn gives {_skeleton(f_result)}"
        )
    paths = [p for p, leaf in zip(_paths(t_result), tree.flatten(t_result)) if leaf is not None]
    _check_same(
        "cond",
        "true_fn and false_fn must return the same shapes and dtypes",
        ("true_fn", "false_fn"),
        t_graph.outputs,
        f_graph.outputs,
        paths,
    )
    operands = []
    for x in t_captured + f_captured:
        if not any(x is y for y in operands):
            operands.append(x)
    _align_inputs(t_graph, t_captured, operands)
    _align_inputs(f_graph, f_captured, operands)
    outs = _cf.cond(pred, *operands, branches=(f_graph, t_graph))
    return _unflatten(t_result, list(outs))


# -- while_loop -------------------------------------------------------------------------
def _loop_leaves(loop_vars, values, op: str, where: str) -> list[Tensor]:
    if _skeleton(values) != _skeleton(loop_vars):
        raise ArgumentError(
            f"{op}: body must return the structure of loop_vars, {_skeleton(loop_vars)}, "
            f"but it returned {_skeleton(values)} {where}"
        )
    return [as_tensor(leaf) for leaf in tree.flatten(values)]


def _check_invariant(op: str, before: list, after: list, paths: list[str], where: str) -> None:
    for path, a, b in zip(paths, before, after):
        if a.dtype != b.dtype or a.shape != b.shape:
            error = DTypeError if a.dtype != b.dtype else ShapeError
            raise error(
                f"{op}: loop variable{path or ''} is {format_spec(a.spec)} before the loop "
                f"but {format_spec(b.spec)} {where}; loop variables must keep their shapes "
                "and dtypes (pad to a fixed size, or cast, before the loop)"
            )


def while_loop(cond, body, loop_vars, maximum_iterations=None, name: str | None = None):
    """Repeat `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` is True.

    Args:
        cond: a callable taking the loop variables (unpacked) and returning a boolean
            scalar tensor.
        body: a callable taking the loop variables (unpacked) and returning new ones in
            the same structure, shapes and dtypes.
        loop_vars: a tuple or list (possibly nested) of tensors, or a single tensor.
        maximum_iterations: stop after this many iterations at most (a Python int).
        name: unused; kept for TensorFlow compatibility.

    Returns:
        The loop variables after the loop, in the structure of `loop_vars`.

    Eagerly the loop runs in Python (tapes differentiate it); inside gf.function it is
    one `while_loop` node, which is not differentiable (use `gf.scan` for that).

    Example:
    >>> import gradflow as gf
    >>> from gradflow.control_flow import while_loop
    >>> i, total = while_loop(lambda i, t: i < 4, lambda i, t: (i + 1, t + i),
    ...                       (gf.constant(0), gf.constant(0)))
    >>> int(i), int(total)
    (4, 6)
    """
    packed = isinstance(loop_vars, (list, tuple))
    structure = loop_vars if packed else (loop_vars,)
    limit = None if maximum_iterations is None else _static_int(maximum_iterations)
    paths = _paths(structure)
    leaves = [as_tensor(leaf) for leaf in tree.flatten(structure)]

    def call(fn, values):
        return fn(*tree.unflatten_as(structure, values))

    def step(values):
        new = call(body, values)
        if len(structure) == 1 and not isinstance(new, (list, tuple)):
            new = (new,)
        return new

    if context.state().tracer is None:
        values, i = leaves, 0
        while (limit is None or i < limit) and bool(call(cond, values)):
            values = _loop_leaves(structure, step(values), "while_loop", f"in step {i + 1}")
            _check_invariant("while_loop", leaves, values, paths, f"after step {i + 1}")
            i += 1
    else:
        values = _traced_while(cond, step, structure, leaves, paths, limit, call)
    result = tree.unflatten_as(structure, values)
    return result if packed else result[0]


def _static_int(value) -> int:
    if isinstance(value, SymbolicTensor):
        raise GraphError(
            "while_loop: maximum_iterations must be known when tracing (a Python int), "
            f"got the symbolic tensor {value.name}; loop on a counter in loop_vars instead"
        )
    return int(value)


def _traced_while(cond, step, structure, leaves, paths, limit, call):
    specs = [x.spec for x in leaves]

    def test(symbols):
        keep = as_tensor(call(cond, symbols))
        if keep.dtype.name != "bool" or keep.shape != ():
            raise DTypeError(
                f"while_loop: cond must return a boolean scalar, got {format_spec(keep.spec)}"
            )
        return [keep]

    def advance(symbols):
        values = _loop_leaves(structure, step(symbols), "while_loop", "after the body")
        _check_invariant("while_loop", leaves, values, paths, "after the body")
        return values

    c_graph, c_captured = _cf.trace_subgraph(test, specs, "while_cond", "while_loop")
    b_graph, b_captured = _cf.trace_subgraph(advance, specs, "while_body", "while_loop")
    outs = _cf.while_loop(
        *leaves, *c_captured, *b_captured,
        cond_graph=c_graph, body_graph=b_graph, n_vars=len(leaves),
        n_cond=len(c_captured), maximum_iterations=limit,
    )  # fmt: skip
    return list(outs)


# -- scan -----------------------------------------------------------------------------------
def _scan_length(x_leaves: list[Tensor], x_paths: list[str], length) -> int | None:
    sizes = []
    for path, x in zip(x_paths, x_leaves):
        if x.ndim == 0:
            raise ShapeError(
                f"scan: each leaf of xs needs a leading axis to scan over, but xs{path} is "
                f"{format_spec(x.spec)}"
            )
        sizes.append(x.shape[0])
    known = {s for s in sizes if s is not None} | ({int(length)} if length is not None else set())
    if len(known) > 1:
        shown = ", ".join(f"xs{p}: {format_spec(x.spec)}" for p, x in zip(x_paths, x_leaves))
        raise ShapeError(
            f"scan: every leaf of xs must have the same leading size (and equal length="
            f"{length} if given), got {shown}"
        )
    if not x_leaves and length is None:
        raise ArgumentError("scan: give xs or length, so the number of steps is known")
    return known.pop() if known else None


def scan(f, init, xs=None, length=None, reverse: bool = False):
    """Loop `carry, y = f(carry, x)` over the leading axis of `xs`, as `jax.lax.scan`.

    Inside gf.function the body is traced once: the scan is one graph node whatever the
    number of steps. Gradients flow to `init`, `xs` and tensors or variables `f` uses.

    Args:
        f: `f(carry, x) -> (carry, y)`; the new carry has the structure, shapes and
            dtypes of `init`; `y` is any structure of tensors (or None).
        init: the initial carry (a tensor or nested structure of tensors).
        xs: tensors (nested structure) scanned along their leading axis, or None.
        length: the number of steps; needed when `xs` is None.
        reverse: scan from the last element to the first (ys stay in xs's order).

    Returns:
        `(final carry, ys)` where each leaf of `ys` stacks the per-step `y` leaves.

    Example:
    >>> import gradflow as gf
    >>> from gradflow.control_flow import scan
    >>> total, partial = scan(lambda c, x: (c + x, c + x), gf.constant(0.0),
    ...                       gf.constant([1.0, 2.0, 3.0]))
    >>> float(total), partial.tolist()
    (6.0, [1.0, 3.0, 6.0])
    """
    x_paths = _paths(xs) if xs is not None else []
    x_leaves = [as_tensor(leaf) for leaf in tree.flatten(xs)] if xs is not None else []
    length = _scan_length(x_leaves, x_paths, length)
    c_paths = _paths(init)
    c_leaves = [as_tensor(leaf) for leaf in tree.flatten(init)]
    n_carry = len(c_leaves)
    outcome = {}

    def body(symbols):
        carry = tree.unflatten_as(init, symbols[:n_carry])
        x = tree.unflatten_as(xs, symbols[n_carry:]) if xs is not None else None
        result = f(carry, x)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise ArgumentError("scan: f must return a pair (carry, y)")
        new_carry, y = result
        new = _loop_leaves(init, new_carry, "scan", "after one step of f")
        _check_invariant("scan", c_leaves, new, c_paths, "after one step of f")
        outcome["y"] = y
        return new + [leaf for leaf in tree.flatten(y) if leaf is not None]

    specs = [c.spec for c in c_leaves] + [spec_of(x.shape[1:], x.dtype) for x in x_leaves]
    graph, captured = _cf.trace_subgraph(body, specs, "scan_body", "scan")
    # when a tape records the scan, the forward pass also returns the values its
    # gradient reads (residuals), so the backward scan need not run the body again
    recorded = bool(context.state().tapes)
    split = _cf.scan_with_residuals(graph, n_carry, len(x_leaves)) if recorded else None
    fwd, vjp, n_res = split if split is not None else (graph, None, 0)
    outs = _cf.scan(
        *c_leaves, *x_leaves, *captured,
        body=fwd, length=length, reverse=bool(reverse), n_carry=n_carry,
        n_xs=len(x_leaves), save_carries=recorded, vjp=vjp, n_res=n_res,
    )  # fmt: skip
    n_ys = len(graph.outputs) - n_carry
    carry = tree.unflatten_as(init, list(outs[:n_carry]))
    return carry, _unflatten(outcome["y"], list(outs[n_carry : n_carry + n_ys]))
