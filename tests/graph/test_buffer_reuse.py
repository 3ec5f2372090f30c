"""The buffer-reuse pass: golden plans, the executor's in-place runs, and equal results with
and without it over many random graphs (views, control flow, variables) and an MLP
training step with Adam."""

import re

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.control_flow import cond
from gradflow.core.primitive import REGISTRY
from gradflow.errors import GraphError
from gradflow.graph import function
from gradflow.graph.interpret import Program
from gradflow.graph.passes import optimize
from gradflow.graph.passes.buffer_reuse import FRESH_OPS, plan_buffer_reuse, summarize
from gradflow.graph.passes.dce import eliminate_dead_code
from gradflow.graph.printer import format_graph
from gradflow.ops import shape as shape_ops


def traced(fn, *args):
    return function(fn).get_concrete_function(*args).traced_graph


def body(graph):
    return [line.strip() for line in str(graph).splitlines()[1:-1]]


def programs(graph):
    """(with the pass, without it), both after the rest of the pipeline."""
    return Program(optimize(graph)), Program(optimize(graph, skip=("buffer_reuse",)))


# -- golden plans --------------------------------------------------------------------------
def test_a_chain_of_elementwise_ops_reuses_one_buffer():
    def f(x):
        return gnp.tanh(gnp.exp(x) * 2.0 + x)

    graph = optimize(traced(f, gf.constant(np.ones(3, np.float32))))
    assert body(graph) == [
        "const %2: float32[3] = [2., 2., 2.]",
        "%1 = exp(%0)",
        "%3 = multiply(%1, %2)  # reuses %1",
        "%4 = add(%3, %0)  # reuses %3",
        "%5 = tanh(%4)  # reuses %4",
        "return (%5)",
    ]


def test_inputs_state_constants_and_outputs_are_never_reused():
    v = gf.Variable(np.ones(3, np.float32), name="v")
    c = gf.constant(np.arange(3.0, dtype=np.float32))

    def f(x):
        y = gnp.sin(x)  # x: a graph input the caller holds
        z = v * 1.5  # v: the variable's storage
        w = c + 1.0  # c: a constant
        v.assign(y + z)  # y + z: the variable's next storage; y, z die here
        return w, gnp.exp(w)  # w is returned, so exp(w) may not write into it

    graph = optimize(traced(f, gf.constant(np.ones(3, np.float32))))
    reused = {line.split(" = ")[0] for line in body(graph) if "reuses" in line}
    assert len(graph.buffer_plan) == 1 and len(reused) == 1  # only y + z, into y
    donor = graph.buffer_plan[graph.updates[0].index]
    assert donor == next(n for n in graph.nodes if n.prim.name == "sin").outputs[0].index


def test_views_keep_their_base_alive():
    def f(x):
        y = gnp.exp(x)
        t = gnp.permute_dims(y, (1, 0))  # a view of y's buffer
        z = y * 2.0  # y's last direct use, but t still reads the buffer
        return z + gnp.permute_dims(t, (1, 0)) * 1.0 + gnp.sum(t)

    x = np.arange(6.0, dtype=np.float32).reshape(2, 3) / 10
    graph = optimize(traced(f, gf.constant(x)))
    exp_out = next(n for n in graph.nodes if n.prim.name == "exp").outputs[0].index
    assert exp_out not in graph.buffer_plan.values()
    with_pass, without = programs(traced(f, gf.constant(x)))
    np.testing.assert_array_equal(with_pass.run([x], [])[0][0], without.run([x], [])[0][0])


def test_a_value_passed_through_cond_is_an_alias():
    def f(x):
        y = gnp.exp(x)
        same = cond(gnp.sum(x) > 0.0, lambda: y, lambda: y * 2.0)  # may return y itself
        return gnp.sin(y) + same

    x = np.ones(3, np.float32)
    graph = optimize(traced(f, gf.constant(x)))
    sin = next(n for n in graph.nodes if n.prim.name == "sin")
    assert sin.outputs[0].index not in graph.buffer_plan
    with_pass, without = programs(traced(f, gf.constant(x)))
    np.testing.assert_array_equal(with_pass.run([x], [])[0][0], without.run([x], [])[0][0])


def test_no_reuse_for_scalars_or_other_dtypes():
    def f(x, s):
        a = gnp.exp(s) * 2.0  # 0-d: ufuncs return NumPy scalars, not buffers
        b = gnp.astype(gnp.exp(x), gf.float64) * 3.0  # float64 into the float64 astype only
        return a, b, gnp.exp(x) > 1.0  # a bool result never goes into a float buffer

    graph = optimize(traced(f, gf.constant(np.ones(3, np.float32)), gf.constant(1.0)))
    reused = [line for line in body(graph) if "reuses" in line]
    assert len(reused) == 1 and "multiply" in reused[0]
    astype = next(n for n in graph.nodes if n.prim.name == "astype")
    assert reused[0].endswith(f"# reuses {astype.outputs[0].name}")


def test_the_plan_prints_with_sources():
    def f(x):
        return gnp.exp(x) * 3.0

    graph = optimize(traced(f, gf.constant(np.ones(2, np.float32))))
    assert "%3 = multiply(%1, %2)  # reuses %1" in str(graph)
    line = next(s for s in format_graph(graph, sources=True).splitlines() if "reuses" in s)
    assert re.search(r"# reuses %1, test_buffer_reuse.py:\d+$", line)


def test_summary_and_report():
    def f(x):
        return gnp.exp(x) * 3.0 + 1.0

    report = []
    graph = optimize(traced(f, gf.constant(np.ones((256, 256), np.float32))), report)
    assert report[-1] == ("buffer_reuse", 3, 3)
    assert summarize(graph) == (
        "buffer reuse: 2 of 3 nodes run in place, 0.50 MiB fewer allocations per run"
    )


def test_unknown_pass_names_are_refused():
    with pytest.raises(ValueError, match="unknown pass 'buffer'.*buffer_reuse"):
        optimize(traced(lambda x: x * 2.0, gf.constant([1.0])), skip=("buffer",))


def test_a_stale_plan_is_refused_by_the_executor():
    def f(x):
        y = gnp.exp(x)
        return y * 2.0

    graph = plan_buffer_reuse(traced(f, gf.constant(np.ones(2, np.float32))))
    graph.outputs = graph.outputs + [graph.nodes[0].outputs[0]]  # now y outlives the node
    with pytest.raises(GraphError, match="still read later"):
        Program(graph)


@pytest.mark.parametrize("name", sorted(FRESH_OPS))
def test_fresh_ops_return_new_writeable_arrays(name):
    x = np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(3, 4)
    calls = {
        "astype": ((x,), {"dtype": np.dtype(np.float32)}),
        "log_softmax": ((x,), {"axes": (1,)}),
        "matmul": ((x, x.T.copy()), {}),
        "one_hot": ((np.arange(3, dtype=np.int32),), {"depth": 4, "axis": -1, "dtype": x.dtype}),
        "ones_like": ((x,), {}),
        "relu": ((x,), {}),
        "softmax": ((x,), {"axes": (1,)}),
        "sum": ((x,), {"axes": (), "keepdims": False}),
        "where": ((x > 0, x, x), {}),
        "zeros_like": ((x,), {}),
    }
    args, attrs = calls[name]
    out = REGISTRY[name].impls["numpy"](*args, **attrs)
    assert type(out) is np.ndarray and out.flags.writeable
    assert not any(np.shares_memory(out, a) for a in args)


# -- equal results with and without the pass ------------------------------------------------
SHAPES = ((4, 6), (6, 4), (24,), (3, 6), (4, 4))


def _random_function(seed: int, variable):
    """A random program over a small pool of values: elementwise ops, views of every kind,
    matmul, reductions, cond, stop_gradient, a variable assignment and random outputs."""
    rng = np.random.default_rng(seed)

    def f(x):
        pool = [x, variable * 1.0 if rng.random() < 0.5 else variable.value()]
        pool.append(gf.constant(rng.standard_normal((4, 6)).astype(np.float32)))
        for _ in range(int(rng.integers(8, 30))):
            a = pool[int(rng.integers(len(pool)))]
            pool.append(_random_op(rng, a, pool))
        outs = [pool[int(i)] for i in rng.integers(0, len(pool), 3)] + [pool[-1]]
        candidates = [p for p in pool if p.shape == (4, 6)]
        variable.assign(candidates[int(rng.integers(len(candidates)))])
        return outs

    return f


def _random_op(rng, a, pool):
    same = [p for p in pool if p.shape == a.shape]
    b = same[int(rng.integers(len(same)))]
    kind = int(rng.integers(14))
    if kind == 0:
        return gnp.tanh(a)
    if kind == 1:
        return gnp.negative(a) * 0.5
    if kind in (2, 3):
        return [gnp.add, gnp.subtract, gnp.multiply, gnp.maximum][int(rng.integers(4))](a, b)
    if kind == 4:
        return gnp.reshape(a, SHAPES[0] if a.size == 24 and a.shape != (4, 6) else (a.size,))
    if kind == 5 and a.ndim == 2:
        return gnp.permute_dims(a, (1, 0))
    if kind == 6 and a.ndim == 2:
        return a[1:] if a.shape[0] == 4 else a[:, :]
    if kind == 7 and a.ndim == 2:
        return gnp.broadcast_to(a[0], a.shape)
    if kind == 8 and a.ndim == 2:
        return shape_ops.split(a, axis=0, sizes=(1, a.shape[0] - 1))[1]
    if kind == 9 and a.ndim == 2 and a.shape[1] in (4, 6):
        return a @ gf.constant(np.eye(a.shape[1], 4, dtype=np.float32))
    if kind == 10:
        return gf.stop_gradient(a)
    if kind == 11:
        return cond(gnp.sum(a) > 0.0, lambda: a, lambda: b * 2.0)
    if kind == 12:
        return gnp.flip(a, axis=0)
    return gnp.sin(a) + gnp.sum(a)


def _check_same_runs(graph, inputs: list, state: list):
    with_pass, without = programs(graph)
    inputs_before, state_before = [i.copy() for i in inputs], [s.copy() for s in state]
    consts = [a.copy() for _, a in graph.constants]
    first = with_pass.run(inputs, state)
    outputs = [o.copy() for o in first[0]]
    second = with_pass.run(inputs, state)  # must not write into the first run's results
    reference = without.run(inputs, state)
    for got in (first, second):
        for a, b in zip(got[0], reference[0]):
            np.testing.assert_array_equal(a, b)
        for (p, a), (q, b) in zip(got[1], reference[1]):
            assert p == q
            np.testing.assert_array_equal(a, b)
    for a, b in zip(first[0], outputs):
        np.testing.assert_array_equal(a, b)
    held = inputs + state + [a for _, a in graph.constants]  # the pass must not touch these
    for a, b in zip(held, inputs_before + state_before + consts):
        np.testing.assert_array_equal(a, b)
    return len(optimize(graph).buffer_plan)


def test_random_graphs_give_the_same_results_with_and_without_the_pass():
    reused = 0
    for seed in range(150):
        variable = gf.Variable(np.linspace(-1, 1, 24, dtype=np.float32).reshape(4, 6))
        x = np.random.default_rng(1000 + seed).standard_normal((4, 6)).astype(np.float32)
        graph = traced(_random_function(seed, variable), gf.constant(x))
        reused += _check_same_runs(graph, [x], [variable.numpy()])
    assert reused > 150  # the pass does act on these graphs


def _mlp_step(params, m, v, t, lr=1e-3, b1=0.9, b2=0.999, eps=1e-7):
    def step(x, y):
        with gf.GradientTape() as tape:
            h = x
            for i in range(0, len(params) - 2, 2):
                h = gf.nn.relu(h @ params[i] + params[i + 1])
            logits = h @ params[-2] + params[-1]
            loss = gnp.mean(gf.nn.sparse_categorical_crossentropy(y, logits, from_logits=True))
        grads = tape.gradient(loss, params)
        t.assign_add(1.0)
        correction = gnp.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        for p, g, mi, vi in zip(params, grads, m, v):
            mi.assign(b1 * mi + (1.0 - b1) * g)
            vi.assign(b2 * vi + (1.0 - b2) * g * g)
            p.assign_sub(lr * correction * mi / (gnp.sqrt(vi) + eps))
        return loss

    return step


def _mlp_graph(sizes, batch, rng):
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params.append(gf.Variable(rng.standard_normal((n_in, n_out)).astype(np.float32) * 0.3))
        params.append(gf.Variable(rng.standard_normal(n_out).astype(np.float32) * 0.1))
    m = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    v = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    t = gf.Variable(0.0, trainable=False)
    x = rng.standard_normal((batch, sizes[0])).astype(np.float32)
    y = rng.integers(0, sizes[-1], batch).astype(np.int32)
    graph = traced(_mlp_step(params, m, v, t), gf.constant(x), gf.constant(y))
    return graph, [x, y]


def _train(program, graph, inputs, steps):
    state = [var.numpy().copy() for var in graph.variables]
    losses = []
    for _ in range(steps):
        outputs, updates = program.run(inputs, state)
        losses.append(outputs[0])
        for position, array in updates:
            state[position] = array
    return losses, state


@pytest.mark.parametrize(
    "sizes, batch, steps",
    [((20, 16, 16, 5), 8, 5), pytest.param((784, 512, 512, 10), 128, 3, marks=pytest.mark.slow)],
)
def test_mlp_adam_training_is_identical_with_and_without_the_pass(sizes, batch, steps):
    graph, inputs = _mlp_graph(sizes, batch, np.random.default_rng(0))
    with_pass, without = programs(graph)
    assert len(with_pass.graph.buffer_plan) > 40
    got, want = _train(with_pass, graph, inputs, steps), _train(without, graph, inputs, steps)
    for a, b in zip(got[0] + got[1], want[0] + want[1]):
        np.testing.assert_array_equal(a, b)
    assert got[0][-1] < got[0][0]  # and it trains


def test_gf_function_runs_with_the_plan():
    v = gf.Variable(np.ones(4, np.float32))

    @function
    def f(x):
        v.assign(gnp.tanh(v * 2.0 + x) * 0.5)
        return gnp.exp(x) * 2.0 + 1.0

    x = gf.constant(np.arange(4.0, dtype=np.float32))
    out = f(x)
    assert f.get_concrete_function(x).graph.buffer_plan
    np.testing.assert_allclose(out.numpy(), np.exp(np.arange(4.0)) * 2 + 1, rtol=1e-6)
    np.testing.assert_allclose(v.numpy(), np.tanh(2.0 + np.arange(4.0)) * 0.5, rtol=1e-6)
    np.testing.assert_array_equal(x.numpy(), np.arange(4.0))  # the input is untouched


def test_dce_after_the_plan_drops_it_when_copied():
    graph = optimize(traced(lambda x: gnp.exp(x) * 2.0, gf.constant(np.ones(2, np.float32))))
    assert graph.buffer_plan
    from gradflow.graph.passes._rewrite import shallow_copy

    assert eliminate_dead_code(shallow_copy(graph)).buffer_plan == {}
