"""One training step of the classic Keras MNIST convnet on the NumPy backend, side by
side with PyTorch in one run, and where gradflow's time goes.

Model (batch 128, 28x28x1 float32 inputs, 10 classes, Adam written in gf ops):
Conv2D(32, 3x3, relu) -> MaxPool(2) -> Conv2D(64, 3x3, relu) -> MaxPool(2) -> Flatten
-> Dropout(0.5) -> Dense(10) -> softmax cross-entropy.

Rows:
  gradflow graph   gf.function of the whole step (forward, backward, Adam) on the NumPy
                   executor
  torch            the same network in eager PyTorch (NCHW, torch.optim.Adam), if torch
                   is importable

Each row runs with one BLAS thread (threadpoolctl; torch.set_num_threads(1)) and with
the default (all cores). `--kernels` adds the time of each convolution and pooling
kernel on the model's shapes (forward, input gradient, kernel gradient, pooling
gradient), the per-kernel view of the step.

    python benchmarks/convnet_step.py [--repeats 15] [--kernels]

Prints the median milliseconds per step and the ratios to gradflow's first row.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

import numpy as np

import gradflow as gf
from gradflow import numpy as gnp

BATCH, CLASSES = 128, 10
SHAPES = {"w1": (3, 3, 1, 32), "b1": (32,), "w2": (3, 3, 32, 64), "b2": (64,)}
SHAPES.update({"w3": (1600, CLASSES), "b3": (CLASSES,)})


def median_ms(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def make_weights(rng) -> dict:
    weights = {}
    for name, shape in SHAPES.items():
        if name.startswith("b"):
            weights[name] = np.zeros(shape, np.float32)
        else:  # glorot uniform, as Keras
            fan_in, fan_out = np.prod(shape[:-1]), shape[-1] * np.prod(shape[:-2])
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            weights[name] = rng.uniform(-limit, limit, shape).astype(np.float32)
    return weights


def gradflow_logits(x, p: dict, seed):
    h = gf.nn.relu(gf.nn.conv(x, p["w1"]) + p["b1"])
    h = gf.nn.max_pool(h, 2)
    h = gf.nn.relu(gf.nn.conv(h, p["w2"]) + p["b2"])
    h = gf.nn.max_pool(h, 2)
    h = gf.nn.dropout(gnp.reshape(h, (h.shape[0], -1)), 0.5, seed=seed)
    return h @ p["w3"] + p["b3"]


def make_gradflow_step(weights: dict, lr=1e-3, b1=0.9, b2=0.999, eps=1e-7):
    params = {name: gf.Variable(w) for name, w in weights.items()}
    m = {name: gf.Variable(np.zeros_like(w), trainable=False) for name, w in weights.items()}
    v = {name: gf.Variable(np.zeros_like(w), trainable=False) for name, w in weights.items()}
    t = gf.Variable(0.0, trainable=False)
    seed = gf.random.SeedGenerator(0)

    @gf.function
    def step(x, y):
        with gf.GradientTape() as tape:
            logits = gradflow_logits(x, params, seed)
            loss = gnp.mean(gf.nn.sparse_categorical_crossentropy(y, logits, from_logits=True))
        grads = dict(zip(params, tape.gradient(loss, list(params.values()))))
        t.assign_add(1.0)
        correction = gnp.sqrt(1.0 - b2**t) / (1.0 - b1**t)
        for name, p in params.items():
            g = grads[name]
            m[name].assign(b1 * m[name] + (1.0 - b1) * g)
            v[name].assign(b2 * v[name] + (1.0 - b2) * g * g)
            p.assign_sub(lr * correction * m[name] / (gnp.sqrt(v[name]) + eps))
        return loss

    return step


def make_torch_step(x_np, y_np, weights: dict):
    import torch

    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Dropout(0.5),
        torch.nn.Linear(1600, CLASSES),
    )
    with torch.no_grad():  # the same initial weights, in torch's layouts
        model[0].weight.copy_(torch.from_numpy(weights["w1"].transpose(3, 2, 0, 1).copy()))
        model[3].weight.copy_(torch.from_numpy(weights["w2"].transpose(3, 2, 0, 1).copy()))
        model[8].weight.copy_(torch.from_numpy(weights["w3"].T.copy()))
        for layer in (model[0], model[3], model[8]):
            layer.bias.zero_()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    x = torch.from_numpy(np.ascontiguousarray(x_np.transpose(0, 3, 1, 2)))
    y = torch.from_numpy(y_np.astype(np.int64))

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    return step, torch


@contextlib.contextmanager
def blas_threads(n):
    """Limit BLAS to n threads (None: the default); yields False without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield n is None
        return
    if n is None:
        yield True
        return
    with threadpool_limits(n, user_api="blas"):
        yield True


def kernel_rows(rng, repeats: int) -> dict:
    """Milliseconds of each convolution and pooling NumPy kernel on the model's shapes."""
    from gradflow.ops import conv, pooling

    def normal(*shape):
        return rng.standard_normal(shape, dtype=np.float32)

    geometry = dict(strides=(1, 1), padding=((0, 0), (0, 0)), dilation=(1, 1), groups=1)
    pool = dict(window=(2, 2), strides=(2, 2), padding=((0, 0), (0, 0)))
    x1, w1, g1 = normal(BATCH, 28, 28, 1), normal(3, 3, 1, 32), normal(BATCH, 26, 26, 32)
    x2, w2, g2 = normal(BATCH, 13, 13, 32), normal(3, 3, 32, 64), normal(BATCH, 11, 11, 64)
    p1, p2 = normal(BATCH, 13, 13, 32), normal(BATCH, 5, 5, 64)
    calls = {
        "conv 1 forward": lambda: conv._conv_numpy(x1, w1, **geometry),
        "conv 1 kernel grad": lambda: conv._conv_kernel_grad_numpy(
            x1, g1, kernel_spatial=(3, 3), **geometry
        ),
        "max_pool 1 forward": lambda: pooling._max_pool_numpy(g1, **pool),
        "max_pool 1 grad": lambda: pooling._max_pool_grad_numpy(g1, p1, **pool),
        "conv 2 forward": lambda: conv._conv_numpy(x2, w2, **geometry),
        "conv 2 input grad": lambda: conv._conv_input_grad_numpy(
            g2, w2, input_spatial=(13, 13), **geometry
        ),
        "conv 2 kernel grad": lambda: conv._conv_kernel_grad_numpy(
            x2, g2, kernel_spatial=(3, 3), **geometry
        ),
        "max_pool 2 forward": lambda: pooling._max_pool_numpy(g2, **pool),
        "max_pool 2 grad": lambda: pooling._max_pool_grad_numpy(g2, p2, **pool),
    }
    return {name: median_ms(fn, repeats) for name, fn in calls.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--kernels", action="store_true")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    x_np = rng.random((BATCH, 28, 28, 1), dtype=np.float32)
    y_np = rng.integers(0, CLASSES, BATCH).astype(np.int32)
    weights = make_weights(rng)
    x, y = gf.constant(x_np), gf.constant(y_np)
    gf_step = make_gradflow_step(weights)
    gf_step(x, y)
    try:
        torch_step, torch = make_torch_step(x_np, y_np, weights)
    except ImportError:
        torch_step = None

    rows = {}
    for threads in (1, None):
        label = "1 BLAS thread" if threads == 1 else "default threads"
        with blas_threads(threads) as limited:
            if not limited:
                continue
            rows[f"gradflow gf.function ({label})"] = median_ms(lambda: gf_step(x, y), args.repeats)
            if torch_step is not None:
                saved = torch.get_num_threads()
                torch.set_num_threads(threads or saved)
                name = f"torch {torch.__version__} ({torch.get_num_threads()} threads)"
                rows[name] = median_ms(torch_step, args.repeats)
                torch.set_num_threads(saved)

    print(f"MNIST convnet training step, batch {BATCH}, median of {args.repeats} repeats")
    base = next(iter(rows.values()))
    for name, ms in rows.items():
        print(f"  {name:<44} {ms:8.2f} ms   {ms / base:5.2f}x")
    if args.kernels:
        with blas_threads(1):
            table = kernel_rows(rng, args.repeats)
        print("\nNumPy kernels on the model's shapes (1 BLAS thread):")
        for name, ms in table.items():
            print(f"  {name:<44} {ms:8.2f} ms")
        print(f"  {'total':<44} {sum(table.values()):8.2f} ms")


if __name__ == "__main__":
    main()
