"""One training step of a 784-512-512-10 MLP (batch 128, Adam written in gf ops):
gradflow eager vs gradflow graph (gf.function on the NumPy executor), side by side, with
PyTorch eager when it is installed.

    python benchmarks/mlp_step.py [--steps 20] [--repeats 5]

Prints the median milliseconds per step and the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import gradflow as gf
from gradflow import numpy as gnp
from gradflow.graph.passes import optimize

SIZES = (784, 512, 512, 10)
BATCH = 128


def make_params(rng):
    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        scale = np.sqrt(2.0 / n_in)
        params.append(gf.Variable((rng.standard_normal((n_in, n_out)) * scale).astype(np.float32)))
        params.append(gf.Variable(np.zeros(n_out, np.float32)))
    return params


def make_step(params, lr=1e-3, b1=0.9, b2=0.999, eps=1e-7):
    m = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    v = [gf.Variable(np.zeros(p.shape, np.float32), trainable=False) for p in params]
    t = gf.Variable(0.0, trainable=False)

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


def torch_step_fn(rng):
    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    layers = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.from_numpy(rng.standard_normal((BATCH, 784)).astype(np.float32))
    y = torch.from_numpy(rng.integers(0, 10, BATCH))

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    return step


def per_step_ms(fn, steps: int, repeats: int) -> float:
    fn()  # warm up (and trace)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            fn()
        times.append((time.perf_counter() - start) / steps)
    return statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = gf.constant(rng.standard_normal((BATCH, 784)).astype(np.float32))
    y = gf.constant(rng.integers(0, 10, BATCH).astype(np.int32))
    eager = make_step(make_params(rng))
    graph = gf.function(make_step(make_params(rng)))
    results = {
        "gradflow eager": per_step_ms(lambda: eager(x, y), args.steps, args.repeats),
        "gradflow graph (numpy)": per_step_ms(lambda: graph(x, y), args.steps, args.repeats),
    }
    try:
        results["pytorch eager"] = per_step_ms(torch_step_fn(rng), args.steps, args.repeats)
    except ImportError:
        pass
    report: list = []
    optimize(graph.get_concrete_function(x, y).traced_graph, report)
    passes = ", ".join(f"{name} {before}->{after}" for name, before, after in report)
    print(f"graph passes on the traced step (nodes): {passes}")
    base = results["gradflow graph (numpy)"]
    print(f"MLP 784-512-512-10, batch {BATCH}, Adam; median ms/step over {args.repeats} x {args.steps}")
    for name, ms in results.items():
        print(f"  {name:<24} {ms:8.2f} ms   {ms / base:5.2f}x gradflow graph")


if __name__ == "__main__":
    main()
