"""The main job: the classic Keras convnet on the real Fashion-MNIST, fed by a gf.data
pipeline, trained with `fit` (Keras's progress bar), then evaluated on the test set.

    python -m gradflow.examples.fashion_mnist        # or: gradflow demo

The data comes from the Keras cache (~/.keras/datasets), $GRADFLOW_DATASETS, or
/usr/share/datasets/fashion-mnist (Debian/Ubuntu: `apt-get install dataset-fashion-mnist`),
and otherwise is downloaded from Keras's mirror once.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import gradflow as gf
from gradflow import keras

CLASSES = 10


def build_model() -> keras.Model:
    """The convnet of Keras's MNIST example (keras.io/examples/vision/mnist_convnet)."""
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(CLASSES, activation="softmax"),
    ])


def pipeline(images: np.ndarray, labels: np.ndarray, batch_size: int, shuffle: bool,
             seed: int) -> gf.data.Dataset:
    """uint8 images -> shuffled, batched, scaled to [0, 1], one-hot, prefetched."""

    def prepare(x, y):
        x = gf.numpy.astype(x, gf.float32) / 255.0
        return gf.numpy.expand_dims(x, axis=-1), gf.nn.one_hot(y, CLASSES)

    dataset = gf.data.Dataset.from_tensor_slices((images, labels))
    if shuffle:
        dataset = dataset.shuffle(len(images), seed=seed)
    return dataset.batch(batch_size).map(prepare).prefetch(gf.data.AUTOTUNE)


def main(epochs: int = 15, batch_size: int = 64, limit: int | None = None,
         seed: int = 0) -> float:
    keras.utils.set_random_seed(seed)
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    if limit:
        x_train, y_train = x_train[:limit], y_train[:limit]
    split = int(len(x_train) * 0.9)  # the last 10% validate, as validation_split would
    train = pipeline(x_train[:split], y_train[:split], batch_size, True, seed)
    validation = pipeline(x_train[split:], y_train[split:], 512, False, seed)
    test = pipeline(x_test, y_test, 512, False, seed)

    model = build_model()
    model.summary()
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(train, epochs=epochs, validation_data=validation)
    seconds = time.perf_counter() - start
    loss, accuracy = model.evaluate(test, verbose=0)
    print(f"trained {epochs} epochs in {seconds:.0f} s; test loss: {loss:.4f}")
    print(f"test accuracy: {accuracy:.4f}")
    return accuracy


def cli(argv=None) -> float:
    parser = argparse.ArgumentParser(description="Train the Keras convnet on Fashion-MNIST.")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--limit", type=int, default=None,
                        help="train on the first N training images only (a quick run)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    return main(args.epochs, args.batch_size, args.limit, args.seed)


if __name__ == "__main__":
    cli()
