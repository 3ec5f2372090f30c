"""keras.ops behaviour beyond the value table: dtype rules, control flow, graph mode."""

import numpy as np

import gradflow as gf
from gradflow.keras import backend, ops


def test_python_scalars_follow_keras_promotion():
    assert ops.add(1, 2).dtype.name == "int32"
    assert ops.add(1.0, 2).dtype.name == "float32"
    assert ops.add(ops.ones((2,), dtype="int8"), 1).dtype.name == "int8"
    assert (
        ops.add(ops.ones((2,), dtype="uint8"), ops.ones((2,), dtype="int8")).dtype.name == "int16"
    )
    assert ops.sqrt(4).dtype.name == backend.floatx()


def test_ops_trace_inside_gf_function():
    @gf.function
    def f(x):
        return ops.logsumexp(ops.einsum("ij,j->i", x, ops.ones((3,))), axis=0)

    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_allclose(float(f(gf.constant(x))), np.log(np.exp(x.sum(1)).sum()), rtol=1e-6)


def test_control_flow_ops():
    assert ops.fori_loop(0, 5, lambda i, v: v + i, 0).tolist() == 10
    carry, ys = ops.scan(lambda c, x: (c + x, c * 2), 0.0, ops.convert_to_tensor([1.0, 2.0, 3.0]))
    assert (carry.tolist(), ys.tolist()) == (6.0, [0.0, 2.0, 6.0])
    assert ops.switch(-3, [lambda: 1.0, lambda: 2.0]).tolist() == 1.0
    out = ops.associative_scan(lambda a, b: a + b, ops.convert_to_tensor([1, 2, 3, 4, 5]))
    assert out.tolist() == [1, 3, 6, 10, 15]
    assert ops.vectorized_map(lambda x: ops.sum(x), ops.ones((3, 2))).tolist() == [2.0, 2.0, 2.0]


def test_custom_gradient_uses_the_given_rule():
    @ops.custom_gradient
    def f(x):
        return x * 1.0, lambda dy: dy * 5.0

    x = gf.constant(1.0)
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    assert float(tape.gradient(y, x)) == 5.0


def test_jvp_matches_the_derivative():
    out, tangent = ops.linalg.jvp(ops.sin, (gf.constant([0.0, 1.0]),), (gf.constant([1.0, 2.0]),))
    np.testing.assert_allclose(tangent.numpy(), [1.0, 2.0 * np.cos(1.0)], rtol=1e-6)


def test_gaussian_blur_is_a_zero_padded_gaussian_convolution():
    x = np.random.default_rng(0).uniform(size=(1, 5, 5, 1)).astype("float32")
    t = np.arange(3) - 1.0
    k = np.exp(-0.5 * t**2)
    k2 = np.outer(k / k.sum(), k / k.sum())
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    expected = sum(k2[i, j] * padded[:, i : i + 5, j : j + 5] for i in range(3) for j in range(3))
    np.testing.assert_allclose(ops.image.gaussian_blur(x).numpy(), expected, rtol=1e-5)
