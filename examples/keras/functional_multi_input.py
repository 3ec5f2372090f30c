"""A Functional model with two inputs and two outputs on scikit-learn's digits: the
image's top and bottom halves enter separately; one head names the digit, the other
says whether it is odd. Runs offline and prints the test accuracy of both heads.

    python examples/keras/functional_multi_input.py
"""

from __future__ import annotations

import argparse

from _digits import load_digits_split

from gradflow import keras


def build_model() -> keras.Model:
    top = keras.Input(shape=(32,), name="top")
    bottom = keras.Input(shape=(32,), name="bottom")
    shared = keras.layers.Dense(32, activation="relu", name="shared_half_encoder")
    x = keras.layers.Concatenate()([shared(top), shared(bottom)])
    x = keras.layers.Dense(64, activation="relu")(x)
    digit = keras.layers.Dense(10, activation="softmax", name="digit")(x)
    odd = keras.layers.Dense(1, activation="sigmoid", name="odd")(x)
    return keras.Model(inputs={"top": top, "bottom": bottom}, outputs={"digit": digit, "odd": odd})


def main(epochs: int) -> dict:
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = load_digits_split()

    def split(x):
        return {"top": x[:, :32], "bottom": x[:, 32:]}

    def targets(y):
        return {"digit": y, "odd": (y % 2).astype("float32")[:, None]}

    model = build_model()
    model.compile(
        optimizer="adam",
        loss={"digit": "sparse_categorical_crossentropy", "odd": "binary_crossentropy"},
        loss_weights={"digit": 1.0, "odd": 0.5},
        metrics={"digit": ["accuracy"], "odd": ["accuracy"]},
    )
    model.fit(split(x_train), targets(y_train), batch_size=32, epochs=epochs, verbose=2)
    results = model.evaluate(split(x_test), targets(y_test), verbose=0, return_dict=True)
    print(f"test accuracy (odd): {results['odd_accuracy']:.4f}")
    print(f"test accuracy: {results['digit_accuracy']:.4f}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=20)
    main(parser.parse_args().epochs)
