"""Parity with Keras 3 (JAX) for the ops that closed keras.ops's gaps: rearrange, stft,
istft, eig, lu_factor, ctc_loss, ctc_decode and keras.losses.CTC. Fixtures come from
tests/keras/fixtures/generate_ops_gaps.py."""

import json
import pathlib

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import ops

HERE = pathlib.Path(__file__).parents[1] / "fixtures" / "ops_gaps"
DATA = np.load(HERE / "ops_gaps.npz")
CASES = json.loads((HERE / "cases.json").read_text())
BY_OP = {}
for _case in CASES["cases"]:
    BY_OP.setdefault(_case["op"], []).append(_case)


def _close(got, want, rtol=1e-5, atol=1e-5):
    np.testing.assert_allclose(np.asarray(got), want, rtol=rtol, atol=atol)


@pytest.mark.parametrize("case", BY_OP["rearrange"], ids=lambda c: c["pattern"])
def test_rearrange_matches_keras(case):
    out = ops.rearrange(DATA["rearrange/x"], case["pattern"], **case["axes_lengths"])
    np.testing.assert_array_equal(out.numpy(), DATA[f"{case['name']}/out"])


def test_rearrange_rejects_mismatched_axes():
    with pytest.raises(ValueError, match="exactly once"):
        ops.rearrange(np.zeros((2, 3)), "a b -> a c")
    with pytest.raises(ValueError, match="rank"):
        ops.rearrange(np.zeros((2, 3)), "a b c -> a b c")


def _stft_kwargs(case):
    kw = {k: case[k] for k in ("sequence_length", "sequence_stride", "fft_length", "center")}
    kw["window"] = DATA["stft/custom_window"] if case["window"] == "custom" else case["window"]
    return kw


@pytest.mark.parametrize("case", BY_OP["stft"], ids=lambda c: c["name"])
def test_stft_and_istft_match_keras(case):
    kw = _stft_kwargs(case)
    real, imag = ops.stft(DATA["stft/x"], **kw)
    _close(real.numpy(), DATA[f"{case['name']}/real"], atol=2e-5)
    _close(imag.numpy(), DATA[f"{case['name']}/imag"], atol=2e-5)
    spectrum = (DATA[f"{case['name']}/real"], DATA[f"{case['name']}/imag"])
    index = case["name"].split("_")[1]
    for length in (None, 30):
        back = ops.istft(spectrum, length=length, **kw)
        _close(back.numpy(), DATA[f"istft_{index}_{length}/out"], atol=2e-5)


def test_stft_rejects_integer_input_and_short_fft():
    with pytest.raises(TypeError, match="float32"):
        ops.stft(np.arange(16), 8, 4, 8)
    with pytest.raises(ValueError, match="fft_length"):
        ops.stft(np.zeros(16, "float32"), 8, 4, 4)


def test_stft_is_differentiable():
    x = gf.constant(DATA["stft/x"])
    grad = gf.grad(lambda s: gf.numpy.sum(ops.stft(s, 8, 4, 8)[0] ** 2))(x)
    assert grad.shape == x.shape and np.all(np.isfinite(grad.numpy()))


def test_eig_matches_keras():
    x = DATA["eig/x"]
    w, v = ops.eig(x)
    assert w.dtype == np.complex64 and v.dtype == np.complex64
    want_w, want_v = DATA["eig/w"], DATA["eig/v"]
    _close(np.sort_complex(w.numpy()), np.sort_complex(want_w), rtol=1e-4)
    # eigenvectors are unique up to a phase: compare the projectors v v^H, and A v = w v
    vectors = v.numpy()
    order, want_order = np.argsort(w.numpy(), axis=-1), np.argsort(want_w, axis=-1)

    def projectors(vecs, idx):
        vecs = np.take_along_axis(vecs, idx[:, None, :], axis=-1)
        return vecs[..., :, None, :] * np.conj(vecs)[..., None, :, :]

    np.testing.assert_allclose(
        projectors(vectors, order), projectors(want_v, want_order), atol=1e-4
    )
    np.testing.assert_allclose(x @ vectors, vectors * w.numpy()[:, None, :], atol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=-2), 1.0, rtol=1e-5)
    with pytest.raises(ValueError, match="square"):
        ops.eig(np.zeros((2, 3), "float32"))


@pytest.mark.parametrize("name", ["lu_square", "lu_wide"])
def test_lu_factor_matches_keras(name):
    lu, piv = ops.lu_factor(DATA[f"{name}/x"])
    assert piv.dtype == np.int32
    np.testing.assert_array_equal(piv.numpy(), DATA[f"{name}/piv"])
    _close(lu.numpy(), DATA[f"{name}/lu"], rtol=1e-4)


def test_lu_factor_gradient_matches_finite_differences():
    x = np.random.default_rng(0).standard_normal((4, 4))
    weights = gf.constant(np.arange(16.0).reshape(4, 4))

    def f(a):
        return gf.numpy.sum(ops.lu_factor(a)[0] * weights)

    grad = gf.grad(f)(gf.constant(x)).numpy()
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = 1e-6
        numeric[i] = (float(f(gf.constant(x + step))) - float(f(gf.constant(x - step)))) / 2e-6
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("mask_index", [0, 4])
def test_ctc_loss_and_gradient_match_keras(mask_index):
    name = f"ctc_loss_{mask_index}"
    logits = gf.constant(DATA["ctc_loss/logits"])
    args = (DATA[f"{name}/target"], DATA["ctc_loss/target_length"])
    with gf.GradientTape() as tape:
        tape.watch(logits)
        loss = ops.ctc_loss(
            args[0], logits, args[1], DATA["ctc_loss/output_length"], mask_index=mask_index
        )
        total = gf.numpy.sum(loss)
    _close(loss.numpy(), DATA[f"{name}/loss"], rtol=1e-5)
    _close(tape.gradient(total, logits).numpy(), DATA[f"{name}/grad"], rtol=1e-4, atol=1e-6)


def test_ctc_loss_traces_into_a_function():
    fn = gf.function(
        lambda y: ops.ctc_loss(
            DATA["ctc_loss_0/target"], y, DATA["ctc_loss/target_length"],
            DATA["ctc_loss/output_length"],
        )
    )  # fmt: skip
    _close(fn(gf.constant(DATA["ctc_loss/logits"])).numpy(), DATA["ctc_loss_0/loss"])


@pytest.mark.parametrize("case", BY_OP["ctc_decode"], ids=lambda c: c["name"])
def test_ctc_decode_matches_keras(case):
    kw = {k: v for k, v in case.items() if k not in ("op", "name")}
    paths, scores = ops.ctc_decode(DATA["ctc_decode/logits"], DATA["ctc_decode/lengths"], **kw)
    assert paths.dtype == np.int32
    np.testing.assert_array_equal(paths.numpy(), DATA[f"{case['name']}/paths"])
    _close(scores.numpy(), DATA[f"{case['name']}/scores"], rtol=1e-5)


def test_ctc_decode_beam_search_traces_into_a_function():
    fn = gf.function(
        lambda x: ops.ctc_decode(
            x, DATA["ctc_decode/lengths"], strategy="beam_search", beam_width=3, top_paths=2
        )
    )
    paths, scores = fn(gf.constant(DATA["ctc_decode/logits"]))
    np.testing.assert_array_equal(paths.numpy(), DATA["ctc_decode_3/paths"])
    _close(scores.numpy(), DATA["ctc_decode_3/scores"])


def test_ctc_decode_rejects_unknown_strategy():
    with pytest.raises(ValueError, match="Invalid strategy"):
        ops.ctc_decode(DATA["ctc_decode/logits"], DATA["ctc_decode/lengths"], strategy="best")
