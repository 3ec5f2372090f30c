"""One epoch of `fit` fed four ways — NumPy arrays, a gf.data.Dataset (batched, with
prefetch), a keras.utils.PyDataset, and a Python generator — side by side, so any cost
of the input pipeline shows as a ratio to the array-fed epoch.

    python benchmarks/fit_inputs.py [--samples 60000] [--repeats 3]

The model is the W1 workload: a 784-512-512-10 MLP with Adam, batch 128, on synthetic
uint8 images scaled to [0, 1] in the pipeline (as the main job does).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import gradflow as gf
from gradflow import keras

BATCH = 128


def build() -> keras.Model:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


class Batches(keras.utils.PyDataset):
    def __init__(self, images, labels):
        super().__init__()
        self.images, self.labels = images, labels

    def __len__(self):
        return len(self.images) // BATCH

    def __getitem__(self, index):
        part = slice(index * BATCH, (index + 1) * BATCH)
        return self.images[part].astype("float32") / 255.0, self.labels[part]


def feeds(images, labels):
    steps = len(images) // BATCH
    scaled = images.astype("float32") / 255.0

    def scale(x, y):
        return gf.numpy.astype(x, gf.float32) / 255.0, y

    def generator():
        for index in range(steps):
            part = slice(index * BATCH, (index + 1) * BATCH)
            yield images[part].astype("float32") / 255.0, labels[part]

    return {
        "arrays": lambda m: m.fit(scaled, labels, batch_size=BATCH, epochs=1, verbose=0,
                                  shuffle=False),
        "gf.data": lambda m: m.fit(
            gf.data.Dataset.from_tensor_slices((images, labels)).batch(BATCH)
            .map(scale).prefetch(gf.data.AUTOTUNE), epochs=1, verbose=0),
        "PyDataset": lambda m: m.fit(Batches(images, labels), epochs=1, verbose=0),
        "generator": lambda m: m.fit(generator(), steps_per_epoch=steps, epochs=1,
                                     verbose=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    samples = args.samples // BATCH * BATCH  # whole batches: every feed runs the same steps
    images = rng.integers(0, 256, size=(samples, 784), dtype=np.uint8)
    labels = rng.integers(0, 10, size=(samples,)).astype("int64")
    runs = feeds(images, labels)
    models = {name: build() for name in runs}
    for name, run in runs.items():  # warm up: trace once per model
        small = feeds(images[:2 * BATCH], labels[:2 * BATCH])[name]
        small(models[name])
    times: dict = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():  # interleaved, so load changes hit every feed
            start = time.perf_counter()
            run(models[name])
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["arrays"])
    print(f"one epoch of fit, {samples} samples, batch {BATCH} "
          f"(median of {args.repeats}); ratio = time / arrays' time")
    for name in runs:
        value = statistics.median(times[name])
        print(f"{name:<10} {value:8.2f} s  {value / base:5.2f}")


if __name__ == "__main__":
    main()
