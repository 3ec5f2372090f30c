"""A subclassed keras.Model (layers in __init__, forward pass in call) on scikit-learn's
digits, trained with fit. Runs offline and prints the test accuracy.

    python examples/keras/subclassed_model.py
"""

from __future__ import annotations

import argparse

from _digits import load_digits_split

from gradflow import keras


class ResidualMLP(keras.Model):
    """Two dense layers with a skip connection, then a softmax head."""

    def __init__(self, width: int = 64, classes: int = 10, **kwargs):
        super().__init__(**kwargs)
        self.stem = keras.layers.Dense(width, activation="relu")
        self.hidden = keras.layers.Dense(width, activation="relu")
        self.head = keras.layers.Dense(classes, activation="softmax")

    def call(self, inputs, training=None):
        x = self.stem(inputs)
        return self.head(x + self.hidden(x))


def main(epochs: int) -> float:
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = load_digits_split()
    model = ResidualMLP()
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    model.fit(x_train, y_train, batch_size=32, epochs=epochs, verbose=2)
    results = model.evaluate(x_test, y_test, verbose=0, return_dict=True)
    print(f"test accuracy: {results['accuracy']:.4f}")
    return results["accuracy"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    main(parser.parse_args().epochs)
