"""Forward + backward of an LSTM(64) over (32, 100, 32) float32 inputs, side by side in
one run:

- gradflow graph: gf.function of a Keras-style LSTM written with gf.scan (per step
  `x_t @ kernel + h @ recurrent_kernel + bias`, gates i, f, c, o; sigmoid and tanh), the
  loss the sum of the last hidden state, gradients for the three weights;
- gradflow on the xla backend: the same gf.function, traced and compiled for XLA (when
  jax is importable);
- PyTorch eager: torch.nn.LSTM (batch_first) with the same loss and backward.

Each row runs with one BLAS thread and with the library's default (all cores), set with
threadpoolctl when it is importable (torch with torch.set_num_threads). With `--profile`
it also prints where gradflow's time goes: the scan kernels' bodies by primitive.

    python benchmarks/lstm_step.py [--repeats 15] [--profile]

Prints the median milliseconds per step (forward + backward) and the ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

import numpy as np

import gradflow as gf
from gradflow import numpy as gnp

BATCH, STEPS, FEATURES, UNITS = 32, 100, 32, 64


def median_ms(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def make_weights(rng):
    scale = np.float32(0.1)
    kernel = rng.standard_normal((FEATURES, 4 * UNITS), dtype=np.float32) * scale
    recurrent = rng.standard_normal((UNITS, 4 * UNITS), dtype=np.float32) * scale
    bias = np.zeros(4 * UNITS, np.float32)
    bias[UNITS : 2 * UNITS] = 1.0  # Keras's unit_forget_bias
    return kernel, recurrent, bias


def gradflow_lstm(x, kernel, recurrent, bias):
    """The last hidden state of a Keras-style LSTM over x (batch, time, features)."""

    def step(carry, x_t):
        h, c = carry
        z = gnp.matmul(x_t, kernel) + gnp.matmul(h, recurrent) + bias
        i, f, g, o = (z[:, k * UNITS : (k + 1) * UNITS] for k in range(4))
        c = gf.nn.sigmoid(f) * c + gf.nn.sigmoid(i) * gnp.tanh(g)
        h = gf.nn.sigmoid(o) * gnp.tanh(c)
        return (h, c), None

    zeros = gnp.zeros((x.shape[0], UNITS), dtype=x.dtype)
    (h, _), _ = gf.scan(step, (zeros, zeros), gnp.permute_dims(x, (1, 0, 2)))
    return h


def make_gradflow_step(weights):
    variables = [gf.Variable(w) for w in weights]

    @gf.function
    def step(x):
        with gf.GradientTape() as tape:
            loss = gnp.sum(gradflow_lstm(x, *variables))
        return loss, tape.gradient(loss, variables)

    return step


def make_torch_step(x_np, weights):
    import torch

    lstm = torch.nn.LSTM(FEATURES, UNITS, batch_first=True)
    kernel, recurrent, bias = weights
    with torch.no_grad():  # Keras packs gates i, f, c, o column-wise; torch i, f, g, o row-wise
        lstm.weight_ih_l0.copy_(torch.from_numpy(kernel.T.copy()))
        lstm.weight_hh_l0.copy_(torch.from_numpy(recurrent.T.copy()))
        lstm.bias_ih_l0.copy_(torch.from_numpy(bias))
        lstm.bias_hh_l0.zero_()
    x = torch.from_numpy(x_np)

    def step():
        lstm.zero_grad()
        _, (h, _) = lstm(x)
        loss = h[-1].sum()
        loss.backward()
        return float(loss)

    return step, torch


def make_xla_step(weights, x_np):
    """The gradflow step on the xla backend, returning NumPy arrays (so each call waits
    for XLA); None without jax."""
    try:
        gf.config.set_backend("xla")
    except ImportError:
        return None
    try:
        step = make_gradflow_step(weights)
        x = gf.constant(x_np)

        def run():
            loss, grads = step(x)
            return float(loss), [g.numpy() for g in grads]

        run()  # traced and compiled here, on the xla backend
    finally:
        gf.config.set_backend("numpy")
    return run


@contextlib.contextmanager
def blas_threads(n):
    """Limit BLAS to n threads (None: the default), if threadpoolctl is there."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield False
        return
    if n is None:
        yield True
        return
    with threadpool_limits(n, user_api="blas"):
        yield True


def profile_scan(step, x, repeats: int) -> None:
    """Time each primitive inside the scan bodies (their Programs' steps), per step."""
    from collections import Counter

    from gradflow.ops import control_flow as cf

    totals: Counter = Counter()
    originals = {}
    for graph, program in list(cf._PROGRAMS.items()):
        originals[program] = program.steps
        names = [node.prim.name for node in program.graph.nodes]
        timed = []
        for name, entry in zip(names, program.steps):
            kernel = entry[0]

            def wrapped(*args, _k=kernel, _n=name, **kwargs):
                start = time.perf_counter()
                result = _k(*args, **kwargs)
                totals[_n] += time.perf_counter() - start
                return result

            timed.append((wrapped, *entry[1:]))
        program.steps = timed
        program.compile()  # the run function is generated from the steps
    try:
        start = time.perf_counter()
        for _ in range(repeats):
            step(x)
        total = (time.perf_counter() - start) / repeats
    finally:
        for program, steps in originals.items():
            program.steps = steps
            program.compile()
    kernels = sum(totals.values()) / repeats
    print(f"\nprofile: {total * 1e3:.1f} ms per step, {kernels * 1e3:.1f} ms in body kernels")
    for name, seconds in totals.most_common(12):
        print(f"  {name:<24} {seconds / repeats * 1e3:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    x_np = rng.standard_normal((BATCH, STEPS, FEATURES), dtype=np.float32)
    weights = make_weights(rng)
    x = gf.constant(x_np)
    gf_step = make_gradflow_step(weights)
    loss, _ = gf_step(x)
    rows = {}
    try:
        torch_step, torch = make_torch_step(x_np, weights)
    except ImportError:
        torch_step = None
    else:  # the two agree before they are timed
        np.testing.assert_allclose(float(loss), torch_step(), rtol=1e-4)
    xla_step = make_xla_step(weights, x_np)
    if xla_step is not None:
        np.testing.assert_allclose(xla_step()[0], float(loss), rtol=1e-4)

    for threads in (1, None):
        label = "1 BLAS thread" if threads == 1 else "default threads"
        with blas_threads(threads) as limited:
            if threads == 1 and not limited:
                continue
            rows[f"gradflow gf.function ({label})"] = median_ms(lambda: gf_step(x), args.repeats)
            if xla_step is not None:
                rows[f"gradflow xla backend ({label})"] = median_ms(xla_step, args.repeats)
            if torch_step is not None:
                saved = torch.get_num_threads()
                torch.set_num_threads(threads or saved)
                name = f"torch {torch.__version__} ({torch.get_num_threads()} threads)"
                rows[name] = median_ms(torch_step, args.repeats)
                torch.set_num_threads(saved)

    print(
        f"LSTM({UNITS}) forward + backward on ({BATCH}, {STEPS}, {FEATURES}) float32, "
        f"median of {args.repeats} repeats"
    )
    base = next(iter(rows.values()))
    for name, ms in rows.items():
        print(f"  {name:<44} {ms:8.2f} ms   {ms / base:5.2f}x")
    if args.profile:
        with blas_threads(1):
            profile_scan(gf_step, x, args.repeats)


if __name__ == "__main__":
    main()
