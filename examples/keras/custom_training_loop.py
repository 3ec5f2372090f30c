"""A custom training loop: a Keras model, a GradientTape, an optimizer and a metric,
stepped by hand inside gf.function. Runs offline on scikit-learn's digits and prints the
test accuracy.

    python examples/keras/custom_training_loop.py
"""

from __future__ import annotations

import argparse

import numpy as np
from _digits import load_digits_split

import gradflow as gf
from gradflow import keras


def main(epochs: int) -> float:
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = load_digits_split()
    model = keras.Sequential(
        [
            keras.Input(shape=(64,)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10),
        ]
    )
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = keras.optimizers.Adam(1e-3)
    optimizer.build(model.trainable_variables)
    train_accuracy = keras.metrics.SparseCategoricalAccuracy()

    @gf.function
    def train_step(x, y):
        with gf.GradientTape() as tape:
            logits = model(x, training=True)
            loss = loss_fn(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply(grads, model.trainable_variables)
        train_accuracy.update_state(y, logits)
        return loss

    rng = np.random.default_rng(0)
    batch_size = 32
    for epoch in range(epochs):
        train_accuracy.reset_state()
        order = rng.permutation(len(x_train))
        full_batches = len(order) // batch_size * batch_size  # one shape: one trace
        for start in range(0, full_batches, batch_size):
            index = order[start : start + batch_size]
            loss = train_step(x_train[index], y_train[index])
        print(
            f"epoch {epoch + 1}: loss {float(loss):.4f}, "
            f"accuracy {float(train_accuracy.result()):.4f}"
        )
    predictions = np.argmax(np.asarray(model(x_test)), axis=-1)
    accuracy = float(np.mean(predictions == y_test))
    print(f"test accuracy: {accuracy:.4f}")
    return accuracy


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    main(parser.parse_args().epochs)
