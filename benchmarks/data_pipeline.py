"""Input-pipeline throughput: gf.data against a plain Python generator doing the same work.

The workload: 60,000 synthetic 28x28 uint8 images with int labels;
map(decode: uint8 -> float32 in [0, 1]; augment: a horizontal flip) -> shuffle(10,000)
-> batch(128) -> prefetch. Each variant runs the same function (gf ops on gf.Tensors);
the figure is samples/s over the best of `--repeats` full epochs. One more variant shows
the order tf.data's guide recommends for cheap functions: shuffle -> batch -> map.
tf.data runs too when TensorFlow is importable (it is optional and skipped otherwise).

Run: python benchmarks/data_pipeline.py [--samples N] [--repeats R]
"""

from __future__ import annotations

import argparse
import importlib.util
import time

import numpy as np

import gradflow as gf
import gradflow.data as gd

BATCH = 128
SHUFFLE_BUFFER = 10_000


def make_data(n: int):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=(n,), dtype=np.int32)
    return images, labels


def decode_augment(image, label):
    """uint8 -> float32 in [0, 1], then a horizontal flip (gf ops, per element)."""
    x = gf.numpy.astype(image, gf.float32) * (1.0 / 255.0)
    return gf.numpy.flip(x, axis=-1), label  # width is the last axis, batched or not


def gf_data_pipeline(images, labels, parallel):
    ds = gd.Dataset.from_tensor_slices((images, labels))
    ds = ds.map(decode_augment, num_parallel_calls=gd.AUTOTUNE if parallel else None)
    ds = ds.shuffle(SHUFFLE_BUFFER, seed=0).batch(BATCH).prefetch(gd.AUTOTUNE)
    return ds.as_numpy_iterator


def gf_data_vectorized(images, labels):
    """The recommended order for cheap functions: shuffle, batch, then map whole batches."""
    ds = gd.Dataset.from_tensor_slices((images, labels)).shuffle(SHUFFLE_BUFFER, seed=0)
    ds = ds.batch(BATCH).map(decode_augment).prefetch(gd.AUTOTUNE)
    return ds.as_numpy_iterator


def plain_generator(images, labels):
    """The same work written as one Python generator: map, buffered shuffle, batch."""

    def run():
        rng = np.random.default_rng(0)
        buffer, batch = [], []

        def emit(element):
            batch.append(element)
            if len(batch) == BATCH:
                out = (np.stack([b[0] for b in batch]), np.stack([b[1] for b in batch]))
                batch.clear()
                return out
            return None

        for i in range(len(images)):
            x, y = decode_augment(gf.constant(images[i]), gf.constant(labels[i]))
            element = (x.numpy(), y.numpy())
            if len(buffer) < SHUFFLE_BUFFER:
                buffer.append(element)
                continue
            j = int(rng.integers(SHUFFLE_BUFFER))
            out = emit(buffer[j])
            buffer[j] = element
            if out is not None:
                yield out
        for j in rng.permutation(len(buffer)):
            out = emit(buffer[j])
            if out is not None:
                yield out
        if batch:
            yield (np.stack([b[0] for b in batch]), np.stack([b[1] for b in batch]))

    return run


def tf_data_pipeline(images, labels):
    import tensorflow as tf

    def fn(image, label):
        x = tf.cast(image, tf.float32) * (1.0 / 255.0)
        return tf.reverse(x, axis=[-1]), label

    ds = tf.data.Dataset.from_tensor_slices((images, labels))
    ds = ds.map(fn, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.shuffle(SHUFFLE_BUFFER, seed=0).batch(BATCH).prefetch(tf.data.AUTOTUNE)
    return ds.as_numpy_iterator


def samples_per_second(make_iterator, n: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        count = sum(len(y) for _, y in make_iterator())
        best = min(best, time.perf_counter() - start)
        if count != n:
            raise RuntimeError(f"the pipeline gave {count} samples, expected {n}")
    return n / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    images, labels = make_data(args.samples)
    variants = {
        "plain Python generator": plain_generator(images, labels),
        "gf.data, map sequential": gf_data_pipeline(images, labels, parallel=False),
        "gf.data, map AUTOTUNE": gf_data_pipeline(images, labels, parallel=True),
        "gf.data, batch then map": gf_data_vectorized(images, labels),
    }
    if importlib.util.find_spec("tensorflow") is not None:
        variants["tf.data (AUTOTUNE)"] = tf_data_pipeline(images, labels)
    else:
        print("tf.data: skipped (tensorflow is not installed)")
    results = {
        name: samples_per_second(f, args.samples, args.repeats) for name, f in variants.items()
    }
    base = results["plain Python generator"]
    print(f"{args.samples} samples of 28x28 uint8, batch {BATCH}, shuffle buffer {SHUFFLE_BUFFER}")
    for name, rate in results.items():
        print(f"  {name:28s} {rate:12,.0f} samples/s   {rate / base:5.2f}x the generator")


if __name__ == "__main__":
    main()
