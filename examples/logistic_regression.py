"""Softmax regression on scikit-learn's bundled handwritten digits, with a GradientTape.

Runs offline (the digits ship with scikit-learn) and prints the test accuracy.

    python examples/logistic_regression.py
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

import gradflow as gf


def load(seed: int):
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)  # pixel values are 0..16
    y = digits.target.astype(np.int32)
    return train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)


def train(x_train, y_train, epochs: int, batch_size: int, learning_rate: float, seed: int):
    gf.random.set_seed(seed)
    n_features, n_classes = x_train.shape[1], 10
    w = gf.Variable(gf.random.normal((n_features, n_classes)) * 0.01, name="w")
    b = gf.Variable(gf.numpy.zeros((n_classes,)), name="b")
    order = np.random.default_rng(seed)
    for epoch in range(epochs):
        perm = order.permutation(len(x_train))
        total = 0.0
        for start in range(0, len(x_train), batch_size):
            idx = perm[start : start + batch_size]
            x, y = gf.constant(x_train[idx]), gf.constant(y_train[idx])
            with gf.GradientTape() as tape:
                logits = x @ w + b
                loss = gf.numpy.mean(
                    gf.nn.sparse_categorical_crossentropy(y, logits, from_logits=True)
                )
            grad_w, grad_b = tape.gradient(loss, [w, b])
            w.assign_sub(learning_rate * grad_w)
            b.assign_sub(learning_rate * grad_b)
            total += float(loss) * len(idx)
        print(f"epoch {epoch + 1}/{epochs}  loss {total / len(x_train):.4f}")
    return w, b


def accuracy(w, b, x, y) -> float:
    predicted = gf.numpy.argmax(gf.constant(x) @ w + b, axis=-1)
    return float(np.mean(predicted.numpy() == y))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    x_train, x_test, y_train, y_test = load(args.seed)
    w, b = train(x_train, y_train, args.epochs, args.batch_size, args.learning_rate, args.seed)
    print(f"test accuracy: {accuracy(w, b, x_test, y_test):.4f}")


if __name__ == "__main__":
    main()
