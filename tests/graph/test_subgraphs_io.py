"""Graphs with sub-graphs (cond, scan, while_loop): printed indented under their node, and
round-tripped through JSON into graphs that compute the same results."""

import json

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.control_flow import cond, scan, while_loop
from gradflow.errors import ArgumentError
from gradflow.graph import from_json, function, to_json
from gradflow.graph.interpret import Program
from gradflow.graph.passes import optimize


def _rnn_with_branches(w, xs):
    def step(h, x_t):
        h = cond(
            gnp.sum(x_t) > 0.0,
            lambda: gnp.tanh(h @ w + x_t),
            lambda: h * 0.5 - x_t,
        )
        return h, gnp.sum(h * h)

    return scan(step, gnp.zeros((2, 3), dtype=xs.dtype), xs)


def _loss_and_grads(w, xs):
    with gf.GradientTape() as tape:
        tape.watch(w)
        h, ys = _rnn_with_branches(w, xs)
        loss = gnp.sum(ys) + gnp.sum(h)
    return loss, tape.gradient(loss, w)


def _data(seed=0):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((3, 3)).astype(np.float32) * 0.5
    xs = rng.standard_normal((5, 2, 3)).astype(np.float32)
    return w, xs


def _graphs(graph):
    """Every graph reachable from `graph` through node attributes, by identity."""
    found, todo = [], [graph]
    while todo:
        g = todo.pop()
        if any(g is f for f in found):
            continue
        found.append(g)
        for node in g.nodes:
            for a in node.attrs.values():
                todo.extend(_held(a))
    return found


def _held(value):
    if isinstance(value, gf.graph.Graph):
        return [value]
    if isinstance(value, tuple):
        return [g for v in value for g in _held(v)]
    return []


def test_cond_inside_scan_round_trips_and_computes_the_same():
    w, xs = _data()
    graph = function(_rnn_with_branches).get_concrete_function(w, xs).graph
    loaded = from_json(to_json(graph))
    assert str(loaded).count("\n") == str(graph).count("\n")
    assert str(loaded).count("graph ") == 4  # f, scan_body, and the two branches
    for seed in range(3):
        w, xs = _data(seed)
        want = Program(graph).run([w, xs], [])[0]
        got = Program(loaded).run([w, xs], [])[0]
        for a, b in zip(got, want):
            np.testing.assert_array_equal(a, b)


def test_gradient_graphs_round_trip_with_shared_bodies():
    w, xs = _data()
    graph = function(_loss_and_grads).get_concrete_function(w, xs).graph
    text = to_json(graph)
    loaded = from_json(text)
    assert len(_graphs(loaded)) == len(_graphs(graph)) == len(json.loads(text)["subgraphs"]) + 1
    want = Program(graph).run([w, xs], [])[0]
    got = Program(loaded).run([w, xs], [])[0]
    for a, b in zip(got, want):
        np.testing.assert_array_equal(a, b)
    # and the loaded graph still optimizes and runs (sub-graphs compile lazily)
    got = Program(optimize(loaded)).run([w, xs], [])[0]
    np.testing.assert_allclose(got[1], want[1], rtol=1e-6)


def test_while_loop_round_trips():
    def f(x):
        return while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s * 1.5 + x), (0, x))[1]

    x = np.array([1.0, -2.0], np.float32)
    graph = function(f).get_concrete_function(x).graph
    loaded = from_json(to_json(graph))
    np.testing.assert_array_equal(
        Program(loaded).run([x], [])[0][0], Program(graph).run([x], [])[0][0]
    )
    assert "cond_graph={while_cond}, body_graph={while_body}" in str(loaded)


def test_sub_graphs_print_indented_under_their_node():
    def f(x):
        return cond(gnp.sum(x) > 0.0, lambda: x * 2.0, lambda: gnp.sin(x))

    graph = function(f).get_concrete_function(np.ones(2, np.float32)).traced_graph
    assert str(graph).splitlines() == [
        "graph f(%0: float32[2]) {",
        "  const %2: float32[] = 0.",
        "  %1 = sum(%0, axes=(0,), keepdims=False)",
        "  %3 = greater(%1, %2)",
        "  %4 = cond(%3, %0, branches=({false_fn}, {true_fn}))",
        "    graph false_fn(%0: float32[2]) {",
        "      %1 = sin(%0)",
        "      return (%1)",
        "    }",
        "    graph true_fn(%0: float32[2]) {",
        "      const %1: float32[2] = [2., 2.]",
        "      %2 = multiply(%0, %1)",
        "      return (%2)",
        "    }",
        "  return (%4)",
        "}",
    ]


def test_nested_sub_graphs_indent_further():
    def f(x):
        def step(h, x_t):
            return cond(gnp.sum(x_t) > 0.0, lambda: h + x_t, lambda: h), None

        return scan(step, x[0], x)[0]

    graph = function(f).get_concrete_function(np.ones((3, 2), np.float32)).graph
    lines = str(graph).splitlines()
    assert any(line.startswith("    graph scan_body(") for line in lines)
    assert any(line.startswith("        graph true_fn(") for line in lines)
    assert sum(line.strip() == "}" for line in lines) == 4


def test_buffer_plan_and_sources_survive_json():
    v = gf.Variable(np.ones(3, np.float32), name="v")

    def f(x):
        v.assign(gnp.exp(v * 2.0) + x)
        return gnp.tanh(gnp.exp(x) * 3.0)

    x = np.array([0.1, 0.2, 0.3], np.float32)
    graph = function(f).get_concrete_function(x).graph
    assert graph.buffer_plan
    loaded = from_json(to_json(graph), variables=[v])
    assert str(loaded).count("# reuses") == len(graph.buffer_plan)
    assert [n.source for n in loaded.nodes] == [n.source for n in graph.nodes]
    outputs, updates = Program(loaded).run([x], [v.numpy()])
    want_out, want_updates = Program(graph).run([x], [v.numpy()])
    np.testing.assert_array_equal(outputs[0], want_out[0])
    np.testing.assert_array_equal(updates[0][1], want_updates[0][1])


def test_a_missing_sub_graph_is_a_clear_error():
    def f(x):
        return cond(gnp.sum(x) > 0.0, lambda: x, lambda: -x)

    data = json.loads(to_json(function(f).get_concrete_function(np.ones(2, np.float32)).graph))
    data["subgraphs"] = data["subgraphs"][:1]
    with pytest.raises(ArgumentError, match="sub-graph 1, but the text holds 1 sub-graphs"):
        from_json(json.dumps(data))
