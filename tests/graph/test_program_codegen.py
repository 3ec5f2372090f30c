"""The NumPy executor's generated code and its BLAS thread regions: each node is one line
of Python over local variables, values die after their last use, wrong argument counts
are refused, and graph runs, loops and eager convolutions run their matrix products on
one BLAS thread, restoring the caller's setting afterwards."""

import traceback

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.control_flow import scan, while_loop
from gradflow.errors import GraphError
from gradflow.graph import function, interpret
from gradflow.graph.interpret import Program, blas_threads_for
from gradflow.graph.passes import optimize

# The NumPy executor's code generation and BLAS policy; the xla backend compiles graphs.
pytestmark = pytest.mark.skipif(gf.config.get_backend() != "numpy", reason="NumPy executor only")


def program_of(fn, *args) -> Program:
    return Program(optimize(function(fn).get_concrete_function(*args).traced_graph))


def test_each_node_is_one_line_and_values_die_after_their_last_use():
    def f(x, y):
        z = gnp.exp(x) + y
        return gnp.sum(z, axis=0), z * 2.0

    x = gf.constant(np.ones((3, 2), np.float32))
    program = program_of(f, x, x)
    calls = [line for line in program.source.splitlines() if "= k" in line]
    assert len(calls) == len(program.graph.nodes)
    assert "axes=a" in program.source  # attributes are passed as keywords
    assert "del " in program.source  # exp(x) dies once the add read it
    outputs, updates = program.run([np.ones((3, 2), np.float32), np.zeros((3, 2), np.float32)], [])
    np.testing.assert_allclose(outputs[0], [3 * np.e] * 2, rtol=1e-6)
    assert updates == []


def test_multiple_results_and_state_updates_run():
    v = gf.Variable(np.zeros(2, np.float32))

    def f(x):
        v.assign_add(x)
        total, partial = scan(lambda c, t: (c + t, c * t), gnp.zeros_like(x), gnp.stack([x, x]))
        return total, partial

    program = program_of(f, gf.constant(np.ones(2, np.float32)))
    outputs, updates = program.run([np.array([1.0, 2.0], np.float32)], [v.numpy()])
    np.testing.assert_array_equal(outputs[0], [2.0, 4.0])
    np.testing.assert_array_equal(outputs[1], [[0.0, 0.0], [1.0, 4.0]])
    assert [(pos, array.tolist()) for pos, array in updates] == [(0, [1.0, 2.0])]


def test_a_wrong_number_of_arrays_is_refused():
    program = program_of(lambda x, y: x + y, gf.constant(1.0), gf.constant(2.0))
    with pytest.raises(GraphError, match="takes 2 inputs and 0 state arrays, got 1 and 0"):
        program.run([np.float32(1.0)], [])


def test_a_kernel_error_shows_the_generated_line():
    a, b = gf.constant(np.ones((2, 3))), gf.constant(np.ones((3, 2)))
    program = program_of(lambda x, y: x @ y, a, b)
    with pytest.raises(ValueError) as error:
        program.run([np.ones((2, 3)), np.ones((4, 2))], [])
    text = "".join(traceback.format_exception(error.value))
    assert "<gradflow program" in text and "= k0(s0, s1)" in text


# -- BLAS threads ----------------------------------------------------------------------
@pytest.fixture
def blas(monkeypatch):
    """threadpoolctl's BLAS controllers, at two threads for the test (skips without)."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    for name in interpret._ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setitem(interpret._BLAS, "libs", None)
    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        libs = interpret._blas_libs()
        if not libs or libs[0].get_num_threads() != 2:
            pytest.skip("BLAS here cannot run two threads")
        yield libs[0]


def test_small_products_run_on_one_thread_and_the_setting_comes_back(blas):
    with blas_threads_for(2**20):
        assert blas.get_num_threads() == 1
        with blas_threads_for(2**30):  # nested: the outer region decides
            assert blas.get_num_threads() == 1
    assert blas.get_num_threads() == 2
    with blas_threads_for(64):  # BLAS keeps products this small on one thread itself
        assert blas.get_num_threads() == 2
    with pytest.raises(RuntimeError), blas_threads_for(2**20):
        raise RuntimeError("a failing kernel")
    assert blas.get_num_threads() == 2


def test_the_users_environment_setting_stands(blas, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    monkeypatch.setitem(interpret._BLAS, "libs", None)
    with blas_threads_for(2**20):
        assert blas.get_num_threads() == 2


def test_graph_runs_and_loops_switch_once(blas, monkeypatch):
    seen = []
    original = interpret._one_thread_begin

    def recording(macs):
        seen.append((macs, blas.get_num_threads()))
        return original(macs)

    monkeypatch.setattr(interpret, "_one_thread_begin", recording)
    w = gf.constant(np.full((64, 256), 0.01, np.float32))

    def lstm_like(xs):
        h0 = gnp.zeros((32, 64), dtype=np.float32)
        return scan(lambda h, x: (gnp.tanh((h @ w)[:, :64] + x), None), h0, xs)[0]

    xs = gf.constant(np.ones((5, 32, 64), np.float32))
    assert function(lstm_like)(xs).shape == (32, 64)
    assert (32 * 256 * 64, 2) in seen  # the scan: one region, entered at two threads
    assert blas.get_num_threads() == 2

    def power(h):
        step = lambda i, h: (i + 1, h @ w[:, :64])  # noqa: E731
        return while_loop(lambda i, h: i < 3, step, (0, h))[1]

    seen.clear()
    got = function(power)(gf.constant(np.ones((128, 64), np.float32)))
    np.testing.assert_allclose(got.numpy(), np.full((128, 64), 0.64**3), rtol=1e-5)
    assert (128 * 64 * 64, 2) in seen
    assert blas.get_num_threads() == 2


def test_an_eager_convolution_limits_its_own_products(blas, monkeypatch):
    seen = []
    original = interpret._one_thread_begin

    def recording(macs):
        seen.append(macs)
        return original(macs)

    monkeypatch.setattr(interpret, "_one_thread_begin", recording)
    x = gf.constant(np.ones((8, 12, 12, 16), np.float32))
    k = gf.constant(np.ones((3, 3, 16, 32), np.float32))
    y = gf.nn.conv(x, k)
    assert y.shape == (8, 10, 10, 32)
    assert seen == [8 * 10 * 10 * 3 * 3 * 16 * 32]
    assert blas.get_num_threads() == 2
