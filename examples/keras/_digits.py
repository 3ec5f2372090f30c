"""scikit-learn's bundled handwritten digits (8x8, offline), split for the Keras examples."""

from __future__ import annotations

import numpy as np


def load_digits_split(seed: int = 0):
    """((x_train, y_train), (x_test, y_test)): 64 float32 pixels in [0, 1], int labels."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, random_state=seed, stratify=y
    )
    return (x_train, y_train), (x_test, y_test)
