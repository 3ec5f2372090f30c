"""Side-by-side timing of a 3x3 'same' convolution on the NumPy backend.

Workload: inputs (128, 28, 28, 32) float32 channels-last, kernel (3, 3, 32, 32).

Contenders (forward):
  gradflow     gf.nn.conv: im2col (strided view, one copy) and one BLAS matmul per
               block of images (one BLAS thread: graph/interpret.py says why)
  scipy        scipy.signal.correlate over the whole (N, H, W, C) block, once per
               output channel (32 calls; method='auto' picks direct or FFT); timed
               once, it takes seconds
  tap loop     the plain form: one matmul per kernel tap (9 taps), `shifted view of
               the padded input @ w[i, j]`, accumulated (the fastest naive form
               measured: np.einsum per tap was 3-6x slower)
  torch        torch.nn.functional.conv2d on CPU (NCHW), if torch is importable

Forward + backward: gradflow through GradientTape (conv, conv_input_grad: one matmul
per kernel tap, conv_kernel_grad), the tap loop with its hand-written backward (9 matmuls
for the input gradient, 9 tensordots for the kernel gradient), and torch autograd if
available. benchmarks/convnet_step.py times the kernels on the MNIST convnet's shapes.

Each figure is the median of several repeats after one warm-up; ratios are to
gradflow (>1 means gradflow is faster). Run: python benchmarks/conv_numpy.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import gradflow as gf
from gradflow.nn.convolution import conv

SHAPE, KERNEL = (128, 28, 28, 32), (3, 3, 32, 32)


def median_seconds(fn, repeats: int, warmup: bool = True) -> float:
    if warmup:
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tap_loop_forward(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    n, h, wd, _ = x.shape
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros((n, h, wd, w.shape[-1]), x.dtype)
    for i in range(3):
        for j in range(3):
            out += xp[:, i : i + h, j : j + wd] @ w[i, j]
    return out


def tap_loop_backward(x: np.ndarray, w: np.ndarray, g: np.ndarray):
    n, h, wd, _ = x.shape
    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for i in range(3):
        for j in range(3):
            dxp[:, i : i + h, j : j + wd] += g @ w[i, j].T
            dw[i, j] = np.tensordot(xp[:, i : i + h, j : j + wd], g, axes=([0, 1, 2], [0, 1, 2]))
    return dxp[:, 1:-1, 1:-1], dw


def scipy_forward(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    from scipy import signal

    xp = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    maps = [signal.correlate(xp, w[None, :, :, :, f], mode="valid") for f in range(w.shape[-1])]
    return np.concatenate(maps, axis=-1)


def gradflow_forward_backward(x, w, g):
    with gf.GradientTape() as tape:
        tape.watch([x, w])
        y = conv(x, w, padding="same")
    return tape.gradient(y, [x, w], output_gradients=g)


def torch_contenders(x: np.ndarray, w: np.ndarray, g: np.ndarray):
    try:
        import torch
    except ImportError:
        return None
    tx = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    tw = torch.from_numpy(np.ascontiguousarray(w.transpose(3, 2, 0, 1)))
    tg = torch.from_numpy(np.ascontiguousarray(g.transpose(0, 3, 1, 2)))

    def forward():
        with torch.no_grad():
            return torch.nn.functional.conv2d(tx, tw, padding=1)

    def forward_backward():
        ax, aw = tx.clone().requires_grad_(), tw.clone().requires_grad_()
        torch.nn.functional.conv2d(ax, aw, padding=1).backward(tg)
        return ax.grad, aw.grad

    return (
        forward,
        forward_backward,
        f"torch {torch.__version__} ({torch.get_num_threads()} threads)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    x = rng.standard_normal(SHAPE, dtype=np.float32)
    w = rng.standard_normal(KERNEL, dtype=np.float32) * np.float32(0.1)
    tx, tw = gf.constant(x), gf.constant(w)
    y = conv(tx, tw, padding="same").numpy()
    g = rng.standard_normal(y.shape, dtype=np.float32)
    tg = gf.constant(g)

    # The contenders agree before they are timed.
    np.testing.assert_allclose(tap_loop_forward(x, w), y, rtol=1e-3, atol=1e-3)
    np.testing.assert_allclose(scipy_forward(x, w), y, rtol=1e-3, atol=1e-3)
    dx, dw = gradflow_forward_backward(tx, tw, tg)
    ref_dx, ref_dw = tap_loop_backward(x, w, g)
    np.testing.assert_allclose(dx.numpy(), ref_dx, rtol=1e-3, atol=1e-2)
    np.testing.assert_allclose(dw.numpy(), ref_dw, rtol=1e-3, atol=1e-1)

    r = args.repeats
    forward = {
        "gradflow gf.nn.conv": median_seconds(lambda: conv(tx, tw, padding="same"), r),
        "scipy.signal.correlate": median_seconds(lambda: scipy_forward(x, w), 1, warmup=False),
        "tap loop (9 x matmul)": median_seconds(lambda: tap_loop_forward(x, w), r),
    }
    both = {
        "gradflow (tape)": median_seconds(lambda: gradflow_forward_backward(tx, tw, tg), r),
        "tap loop (9 x matmul)": median_seconds(
            lambda: (tap_loop_forward(x, w), tap_loop_backward(x, w, g)), r
        ),
    }
    torch_fns = torch_contenders(x, w, g)
    if torch_fns is not None:
        fwd, fwd_bwd, label = torch_fns
        forward[label] = median_seconds(fwd, r)
        both[label] = median_seconds(fwd_bwd, r)

    print(f"conv 3x3 'same' 32->32 on {SHAPE} float32, median of {r} repeats")
    for title, table, base in (
        ("forward", forward, "gradflow gf.nn.conv"),
        ("forward + backward", both, "gradflow (tape)"),
    ):
        print(f"\n{title}:")
        for name, seconds in table.items():
            ratio = seconds / table[base]
            print(f"  {name:<34} {seconds * 1e3:9.1f} ms   {ratio:6.2f}x gradflow's time")


if __name__ == "__main__":
    main()
