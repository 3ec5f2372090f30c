"""GradientTape semantics, as TensorFlow defines them."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import numpy as gnp


def test_watched_tensor_gets_gradient():
    x = gf.constant([1.0, 2.0, 3.0])
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gnp.sum(x * x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [2.0, 4.0, 6.0])


def test_unwatched_tensor_gets_none():
    x = gf.constant(2.0)
    with gf.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None


def test_unconnected_gradients_zero():
    x, z = gf.constant(2.0), gf.constant([1.0, 2.0])
    with gf.GradientTape() as tape:
        tape.watch([x, z])
        y = x * x
    gx, gz = tape.gradient(y, [x, z], unconnected_gradients="zero")
    assert float(gx) == 4.0
    np.testing.assert_array_equal(gz.numpy(), [0.0, 0.0])
    assert gz.dtype == z.dtype


def test_trainable_variables_are_watched_automatically():
    v = gf.Variable([1.0, 2.0])
    frozen = gf.Variable([3.0, 4.0], trainable=False)
    with gf.GradientTape() as tape:
        y = gnp.sum(v * frozen)
    gv, gf_ = tape.gradient(y, [v, frozen])
    np.testing.assert_allclose(gv.numpy(), [3.0, 4.0])
    assert gf_ is None
    assert tape.watched_variables() == (v,)


def test_watch_accessed_variables_false():
    v = gf.Variable(2.0)
    with gf.GradientTape(watch_accessed_variables=False) as tape:
        y = v * v
    assert tape.gradient(y, v) is None
    with gf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(v)
        y = v * v
    assert float(tape.gradient(y, v)) == 4.0


def test_non_persistent_tape_allows_one_gradient_call():
    x = gf.constant(3.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.gradient(y, x)


def test_persistent_tape_allows_many_gradient_calls():
    x = gf.constant(3.0)
    with gf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * x
    assert float(tape.gradient(y, x)) == 6.0
    assert float(tape.gradient(z, x)) == 27.0


def test_nested_tapes_give_second_derivative():
    x = gf.constant(3.0)
    with gf.GradientTape() as outer:
        outer.watch(x)
        with gf.GradientTape() as inner:
            inner.watch(x)
            y = x * x * x
        dy = inner.gradient(y, x)
    d2y = outer.gradient(dy, x)
    assert float(dy) == 27.0
    assert float(d2y) == 18.0


def test_third_derivative_through_three_tapes():
    x = gf.constant(0.5, dtype=gf.float64)
    with gf.GradientTape() as t3:
        t3.watch(x)
        with gf.GradientTape() as t2:
            t2.watch(x)
            with gf.GradientTape() as t1:
                t1.watch(x)
                y = gnp.exp(x * 2.0)
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    np.testing.assert_allclose(float(d3), 8.0 * np.exp(1.0))


def test_output_gradients_weight_the_targets():
    x = gf.constant([1.0, 2.0])
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    g = tape.gradient(y, x, output_gradients=gf.constant([10.0, 100.0]))
    np.testing.assert_allclose(g.numpy(), [20.0, 400.0])


def test_output_gradients_shape_mismatch_is_an_error():
    x = gf.constant([1.0, 2.0])
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(gf.GradientError, match="does not match"):
        tape.gradient(y, x, output_gradients=gf.constant([1.0, 2.0, 3.0]))


def test_nested_structures_of_sources_and_targets():
    a, b = gf.Variable(2.0), gf.Variable(3.0)
    with gf.GradientTape() as tape:
        out = {"p": a * b, "q": [a * a]}
    grads = tape.gradient(out, {"x": a, "y": [b]})
    assert set(grads) == {"x", "y"}
    assert float(grads["x"]) == 3.0 + 4.0
    assert float(grads["y"][0]) == 2.0


def test_broadcasting_gradient_reduces_to_operand_shape():
    x = gf.constant(np.ones((3, 1), np.float32))
    y = gf.constant(np.ones((4,), np.float32))
    with gf.GradientTape() as tape:
        tape.watch([x, y])
        z = gnp.sum(x * y)
    gx, gy = tape.gradient(z, [x, y])
    assert gx.shape == (3, 1) and gy.shape == (4,)
    np.testing.assert_allclose(gx.numpy(), np.full((3, 1), 4.0))
    np.testing.assert_allclose(gy.numpy(), np.full((4,), 3.0))


def test_integer_sources_get_no_gradient():
    n = gf.constant([1, 2, 3])
    with gf.GradientTape(persistent=True) as tape:
        tape.watch(n)
        y = gnp.sum(n * n)
    assert tape.gradient(y, n) is None
    zero = tape.gradient(y, gf.constant(1.0), unconnected_gradients="zero")
    assert float(zero) == 0.0


def test_stop_recording_hides_operations():
    x = gf.constant(2.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        with tape.stop_recording():
            y = x * x
        z = x * 3.0 + y
    assert float(tape.gradient(z, x)) == 3.0  # y's square is invisible to the tape


def test_stop_gradient_blocks_flow():
    x = gf.constant(2.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = x * gf.stop_gradient(x * x)
    assert float(tape.gradient(y, x)) == 4.0


def test_reset_forgets_recorded_operations():
    x = gf.constant(2.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
        tape.reset()
        tape.watch(x)
        z = x * 5.0
    assert float(tape.gradient(z, x)) == 5.0
    del y


def test_gradient_accumulates_over_variable_reads():
    v = gf.Variable(2.0)
    with gf.GradientTape() as tape:
        y = v * 3.0 + v * v
    assert float(tape.gradient(y, v)) == 7.0


def test_variable_assigned_inside_tape_uses_value_read():
    v = gf.Variable(2.0)
    with gf.GradientTape() as tape:
        y = v * v
        v.assign(10.0)
    assert float(tape.gradient(y, v)) == 4.0


def test_tape_is_thread_local():
    import threading

    x = gf.constant(2.0)
    seen = []
    with gf.GradientTape() as tape:
        tape.watch(x)

        def work():
            seen.append(len(gf.core.context.state().tapes))

        t = threading.Thread(target=work)
        t.start()
        t.join()
        y = x * x
    assert seen == [0]
    assert float(tape.gradient(y, x)) == 4.0
