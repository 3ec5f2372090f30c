"""Gradients flow through composite keras.ops (checked against finite differences)."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import ops


def numeric_grad(f, x, eps=1e-3):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


CASES = {
    "logsumexp": lambda x: ops.logsumexp(x, axis=-1),
    "einsum": lambda x: ops.einsum("ij,jk->ik", x, ops.transpose(x)),
    "quantile": lambda x: ops.quantile(x, 0.3, axis=1),
    "sparsemax": lambda x: ops.sparsemax(x * 3.0),
    "layer_normalization": lambda x: ops.layer_normalization(x),
    "cdist": lambda x: ops.cdist(x, x[:2] + 1.0),
    "pad_reflect": lambda x: ops.pad(x, ((1, 1), (2, 2)), mode="reflect"),
    "rfft": lambda x: ops.rfft(x)[0] + ops.rfft(x)[1],
    "erfinv": lambda x: ops.erfinv(ops.tanh(x) * 0.5),
    "unfold": lambda x: ops.unfold(ops.reshape(x, (1, 1, 3, 4)), 2),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    fn = CASES[name]
    x0 = np.random.default_rng(1).normal(size=(3, 4))
    weights = np.random.default_rng(2).normal(size=np.shape(fn(x0.astype("float32")).numpy()))

    def scalar(x):
        return float(np.sum(fn(x.astype("float32")).numpy().astype("float64") * weights))

    x = gf.constant(x0.astype("float32"))
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = ops.sum(fn(x) * gf.constant(weights.astype("float32")))
    got = tape.gradient(y, x).numpy()
    np.testing.assert_allclose(got, numeric_grad(scalar, x0), rtol=2e-2, atol=2e-2)
