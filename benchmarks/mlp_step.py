"""One training step of a 784-512-512-10 MLP (batch 128, Adam written in gf ops), side
by side in one run:

- gradflow eager (numpy backend) and gradflow graph (gf.function, NumPy executor);
- gradflow XLA-compiled (gf.function on the xla backend: the whole step, forward,
  backward and Adam, one XLA program with the variables' buffers donated);
- plain JAX: `jax.jit` of a hand-written step with the same math, buffers donated;
- PyTorch eager (torch.optim.Adam).

The XLA, JAX and PyTorch rows appear when jax / torch are installed.

    python benchmarks/mlp_step.py [--steps 20] [--repeats 5]

Prints the median milliseconds per step and the ratios.
"""

from __future__ import annotations

import argparse
import functools
import gc
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


def jax_step_fn(rng, lr=1e-3, b1=0.9, b2=0.999, eps=1e-7):
    """Plain JAX: the same model, loss and Adam, written by hand and jitted."""
    import jax
    import jax.numpy as jnp

    params = []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        scale = np.sqrt(2.0 / n_in)
        params.append(jnp.asarray((rng.standard_normal((n_in, n_out)) * scale).astype(np.float32)))
        params.append(jnp.zeros(n_out, jnp.float32))
    state = (params, [jnp.zeros_like(p) for p in params], [jnp.zeros_like(p) for p in params])
    t = jnp.zeros((), jnp.float32)
    x = jnp.asarray(rng.standard_normal((BATCH, 784)).astype(np.float32))
    y = jnp.asarray(rng.integers(0, 10, BATCH).astype(np.int32))

    def loss_fn(params, x, y):
        h = x
        for i in range(0, len(params) - 2, 2):
            h = jax.nn.relu(h @ params[i] + params[i + 1])
        logits = h @ params[-2] + params[-1]
        logp = jax.nn.log_softmax(logits)
        return -jnp.mean(jnp.take_along_axis(logp, y[:, None], axis=1))

    @functools.partial(jax.jit, donate_argnums=(0, 1))
    def step(state, t, x, y):
        params, m, v = state
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        t = t + 1.0
        correction = jnp.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        m = [b1 * mi + (1.0 - b1) * g for mi, g in zip(m, grads)]
        v = [b2 * vi + (1.0 - b2) * g * g for vi, g in zip(v, grads)]
        params = [
            p - lr * correction * mi / (jnp.sqrt(vi) + eps) for p, mi, vi in zip(params, m, v)
        ]
        return (params, m, v), t, loss

    holder = [state, t]

    def run():
        holder[0], holder[1], loss = step(holder[0], holder[1], x, y)
        return loss

    return run


def xla_step_fn(rng):
    """gradflow's step as a gf.function on the xla backend: one compiled XLA program."""
    gf.config.set_backend("xla")
    try:
        x = gf.constant(rng.standard_normal((BATCH, 784)).astype(np.float32))
        y = gf.constant(rng.integers(0, 10, BATCH).astype(np.int32))
        step = gf.function(make_step(make_params(rng)))
    finally:
        gf.config.set_backend("numpy")

    def run():
        gf.config.set_backend("xla")
        try:
            return step(x, y)
        finally:
            gf.config.set_backend("numpy")

    return run


def _block(fn):
    """`fn` made synchronous: jax dispatches asynchronously, so wait for the result."""

    def run():
        out = fn()
        value = getattr(out, "_value", out)
        if hasattr(value, "block_until_ready"):
            value.block_until_ready()

    return run


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


def per_step_ms(fns: dict, steps: int, repeats: int) -> dict:
    """Median ms per step of each function. The repeats take turns (one repeat of each
    in every round), so a busy machine slows every contender alike; before each timed
    repeat the previous contender's garbage is collected and its BLAS threads (which spin
    for a while after their last call) are given time to go idle."""
    for fn in fns.values():
        fn()  # warm up (and trace, compile)
    times = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            gc.collect()
            time.sleep(0.05)
            start = time.perf_counter()
            for _ in range(steps):
                fn()
            times[name].append((time.perf_counter() - start) / steps)
    return {name: statistics.median(t) * 1e3 for name, t in times.items()}


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
    fns = {
        "gradflow eager": lambda: eager(x, y),
        "gradflow graph (numpy)": lambda: graph(x, y),
    }
    try:
        fns["gradflow XLA-compiled"] = _block(xla_step_fn(rng))
        fns["plain JAX (jax.jit)"] = _block(jax_step_fn(rng))
    except gf.BackendError as e:  # jax is not installed
        print(f"(no XLA rows: {e})")
    try:
        fns["pytorch eager"] = torch_step_fn(rng)
    except ImportError:
        pass
    results = per_step_ms(fns, args.steps, args.repeats)
    report: list = []
    optimize(graph.get_concrete_function(x, y).traced_graph, report)
    passes = ", ".join(f"{name} {before}->{after}" for name, before, after in report)
    print(f"graph passes on the traced step (nodes): {passes}")
    base = results["gradflow graph (numpy)"]
    runs = f"{args.repeats} x {args.steps}"
    print(f"MLP 784-512-512-10, batch {BATCH}, Adam; median ms/step over {runs}")
    jax_ms = results.get("plain JAX (jax.jit)")
    for name, ms in results.items():
        line = f"  {name:<24} {ms:8.2f} ms   {ms / base:5.2f}x gradflow graph"
        if jax_ms:
            line += f"   {ms / jax_ms:6.2f}x plain JAX"
        print(line)


if __name__ == "__main__":
    main()
