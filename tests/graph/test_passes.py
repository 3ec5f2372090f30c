"""Each graph pass: golden before/after text and equal results on random inputs."""

import numpy as np

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.graph import function
from gradflow.graph.interpret import Program
from gradflow.graph.passes import optimize
from gradflow.graph.passes._rewrite import shallow_copy
from gradflow.graph.passes.constant_folding import fold_constants
from gradflow.graph.passes.cse import eliminate_common_subexpressions
from gradflow.graph.passes.dce import eliminate_dead_code
from gradflow.graph.passes.simplify import simplify


def traced(fn, *args):
    return function(fn).get_concrete_function(*args).traced_graph


def run(graph, *inputs):
    return Program(graph).run([np.asarray(i) for i in inputs], [])[0]


def body(graph):
    return [line.strip() for line in str(graph).splitlines()[1:-1]]


def test_dce_removes_unused_nodes():
    def f(x):
        unused = gnp.exp(x)  # noqa: F841
        return x * 2.0

    g = traced(f, gf.constant([1.0]))
    out = eliminate_dead_code(shallow_copy(g))
    assert [n.prim.name for n in out.nodes] == ["broadcast_to", "multiply"] or "exp" not in str(out)
    assert len(out.nodes) == len(g.nodes) - 1


def test_cse_merges_duplicates():
    def f(x):
        return gnp.exp(x) + gnp.exp(x)

    g = traced(f, gf.constant([1.0, 2.0]))
    out = eliminate_common_subexpressions(shallow_copy(g))
    assert body(out) == ["%1 = exp(%0)", "%3 = add(%1, %1)", "return (%3)"]
    x = np.array([0.5, 1.5], np.float32)
    np.testing.assert_allclose(run(out, x)[0], run(g, x)[0])


def test_constant_folding_evaluates_constant_subgraphs():
    c = gf.constant([1.0, 2.0])

    def f(x):
        return x + gnp.exp(c) * 2.0

    g = traced(f, gf.constant([1.0, 2.0]))
    out = eliminate_dead_code(fold_constants(shallow_copy(g)))
    assert [n.prim.name for n in out.nodes] == ["add"]
    x = np.array([0.5, 1.5], np.float32)
    np.testing.assert_allclose(run(out, x)[0], run(g, x)[0])


def test_simplify_removes_identities_and_double_transposes():
    def f(x):
        y = gnp.permute_dims(gnp.permute_dims(x, (1, 0)), (1, 0))
        return gnp.reshape(gnp.reshape(y * 1.0 + 0.0, (6,)), (3, 2))

    x = gf.constant(np.arange(6.0, dtype=np.float32).reshape(2, 3))
    g = traced(f, x)
    out = eliminate_dead_code(simplify(fold_constants(shallow_copy(g))))
    assert body(out)[0].endswith("reshape(%0, shape=(3, 2))") and len(out.nodes) == 1
    np.testing.assert_allclose(run(out, x.numpy())[0], run(g, x.numpy())[0])


def test_optimize_reports_each_pass():
    def f(x):
        return gnp.exp(x) * 1.0 + gnp.exp(x) * 1.0

    g = traced(f, gf.constant([1.0]))
    report = []
    optimize(g, report)
    assert [name for name, _, _ in report] == [
        "constant_folding",
        "simplify",
        "cse",
        "dce",
        "buffer_reuse",
    ]
    assert report[-1][2] < report[0][1]
