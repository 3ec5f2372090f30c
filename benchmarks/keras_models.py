"""The four Keras benchmark models — an MLP, the MNIST convnet, an Embedding+LSTM
classifier and a one-block transformer classifier — trained with `fit` in gradflow.keras,
side by side with the same model in real Keras 3 (any backend, run in its own Python
given by --keras-python, because Keras must not be importable next to gradflow's tests)
and the same network in plain PyTorch (eager, torch.optim.Adam).

    python benchmarks/keras_models.py [--models mlp,convnet,lstm,transformer]
        [--steps 20] [--repeats 3] [--keras-python /path/to/venv/bin/python]
        [--keras-backend jax]

Prints the median milliseconds per training step and each peer's ratio to gradflow
(ratio > 1: gradflow is faster). The model-building code is written once against the
Keras API and runs unchanged on gradflow.keras and on real Keras.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

SPECS = {
    # name: (batch size, input shape, input kind, classes)
    "mlp": (128, (784,), "float", 10),
    "convnet": (128, (28, 28, 1), "float", 10),
    "lstm": (64, (100,), "tokens", 2),
    "transformer": (64, (64,), "tokens", 2),
}
VOCAB = 5000


def build(keras, name: str):
    """The benchmark model `name`, built with the given keras module."""
    layers = keras.layers
    if name == "mlp":
        return keras.Sequential([
            keras.Input((784,)), layers.Dense(512, activation="relu"),
            layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")])
    if name == "convnet":
        return keras.Sequential([
            keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(2), layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(2), layers.Flatten(), layers.Dropout(0.5),
            layers.Dense(10, activation="softmax")])
    if name == "lstm":
        return keras.Sequential([
            keras.Input((100,), dtype="int32"), layers.Embedding(VOCAB, 64),
            layers.LSTM(64), layers.Dense(2, activation="softmax")])
    if name == "transformer":
        tokens = keras.Input((64,), dtype="int32")
        x = layers.Embedding(VOCAB, 64)(tokens)
        attended = layers.MultiHeadAttention(num_heads=2, key_dim=32)(x, x)
        x = layers.LayerNormalization()(x + attended)
        ff = layers.Dense(64)(layers.Dense(128, activation="relu")(x))
        x = layers.LayerNormalization()(x + ff)
        x = layers.GlobalAveragePooling1D()(x)
        return keras.Model(tokens, layers.Dense(2, activation="softmax")(x))
    raise ValueError(f"unknown model {name!r}")


def data(name: str, steps: int, seed: int = 0):
    batch, shape, kind, classes = SPECS[name]
    rng = np.random.default_rng(seed)
    n = batch * steps
    if kind == "tokens":
        x = rng.integers(1, VOCAB, size=(n,) + shape).astype("int32")
    else:
        x = rng.random((n,) + shape, dtype=np.float32)
    y = rng.integers(0, classes, size=(n,)).astype("int32")
    return x, y, batch


def time_keras_fit(keras, name: str, steps: int, repeats: int) -> dict:
    """Median ms per step of `fit` after a warm-up epoch (tracing/compiling excluded)."""
    keras.utils.set_random_seed(0)
    model = build(keras, name)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x, y, batch = data(name, steps)
    model.fit(x[: 2 * batch], y[: 2 * batch], batch_size=batch, epochs=1, verbose=0)
    times = []
    losses = []
    for _ in range(repeats):
        start = time.perf_counter()
        history = model.fit(x, y, batch_size=batch, epochs=1, verbose=0, shuffle=False)
        times.append((time.perf_counter() - start) / steps * 1000)
        losses.append(history.history["loss"][0])
    return {"ms": statistics.median(times), "loss": losses}


def torch_model(torch, name: str):
    nn = torch.nn

    class LastStep(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(VOCAB, 64)
            self.lstm = nn.LSTM(64, 64, batch_first=True)
            self.head = nn.Linear(64, 2)

        def forward(self, x):
            out, _ = self.lstm(self.embed(x))
            return self.head(out[:, -1])

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(VOCAB, 64)
            self.attention = nn.MultiheadAttention(64, 2, batch_first=True)
            self.norm1, self.norm2 = nn.LayerNorm(64), nn.LayerNorm(64)
            self.ff = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64))
            self.head = nn.Linear(64, 2)

        def forward(self, x):
            x = self.embed(x)
            x = self.norm1(x + self.attention(x, x, x, need_weights=False)[0])
            x = self.norm2(x + self.ff(x))
            return self.head(x.mean(dim=1))

    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                             nn.Linear(512, 10))
    if name == "convnet":
        return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                             nn.Dropout(0.5), nn.Linear(1600, 10))
    return LastStep() if name == "lstm" else Block()


def time_torch(name: str, steps: int, repeats: int) -> dict:
    import torch

    torch.manual_seed(0)
    model = torch_model(torch, name)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y, batch = data(name, steps)
    if name == "convnet":
        x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
    xt = torch.tensor(x if x.dtype != np.int32 else x.astype(np.int64))
    yt = torch.tensor(y.astype(np.int64))

    def epoch(count):
        for i in range(count):
            xb, yb = xt[i * batch:(i + 1) * batch], yt[i * batch:(i + 1) * batch]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()

    epoch(2)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        epoch(steps)
        times.append((time.perf_counter() - start) / steps * 1000)
    return {"ms": statistics.median(times)}


def run_keras_peer(python: str, backend: str, models: list[str], steps: int,
                   repeats: int) -> dict:
    env = dict(os.environ, KERAS_BACKEND=backend)
    command = [python, __file__, "--worker", "--models", ",".join(models),
               "--steps", str(steps), "--repeats", str(repeats)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", default="mlp,convnet,lstm,transformer")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keras-python", default=os.environ.get("KERAS_PYTHON"))
    parser.add_argument("--keras-backend", default="jax")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    models = args.models.split(",")
    if args.worker:  # inside the real-Keras environment
        import keras

        print(json.dumps({m: time_keras_fit(keras, m, args.steps, args.repeats)
                          for m in models}))
        return
    from gradflow import keras

    rows = {m: {"gradflow": time_keras_fit(keras, m, args.steps, args.repeats)["ms"]}
            for m in models}
    try:
        for m in models:
            rows[m]["torch"] = time_torch(m, args.steps, args.repeats)["ms"]
    except ImportError:
        print("PyTorch not installed: skipping it")
    if args.keras_python:
        peer = run_keras_peer(args.keras_python, args.keras_backend, models, args.steps,
                              args.repeats)
        for m in models:
            rows[m][f"keras-{args.keras_backend}"] = peer[m]["ms"]
    peers = sorted({k for row in rows.values() for k in row} - {"gradflow"})
    print(f"ms per training step (median of {args.repeats} x {args.steps} steps); "
          "ratio = peer / gradflow (>1: gradflow faster)")
    header = f"{'model':<12} {'gradflow':>9}" + "".join(f" {p:>14} {'ratio':>6}" for p in peers)
    print(header)
    for m, row in rows.items():
        line = f"{m:<12} {row['gradflow']:>9.2f}"
        for p in peers:
            value = row.get(p)
            line += (f" {value:>14.2f} {value / row['gradflow']:>6.2f}" if value
                     else f" {'-':>14} {'-':>6}")
        print(line)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
