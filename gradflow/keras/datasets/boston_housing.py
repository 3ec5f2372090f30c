"""Boston housing price regression dataset."""

from __future__ import annotations

import numpy as np

from gradflow.keras.datasets import local_sources

NAME = "boston_housing"
ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def shuffle_and_split(x, y, test_split, seed):
    """Shuffle rows with `RandomState(seed)` and put the first
    `int(len(x) * (1 - test_split))` in train, as Keras's regression loaders do.

    Example:
    >>> (_, y_train), (_, y_test) = shuffle_and_split(np.zeros((10, 1)), np.arange(10), 0.2, 113)
    >>> y_train.tolist(), y_test.tolist()
    ([9, 3, 6, 1, 0, 7, 4, 8], [2, 5])
    """
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    split = int(len(x) * (1 - test_split))
    return (np.array(x[:split]), np.array(y[:split])), (np.array(x[split:]), np.array(y[split:]))


def check_test_split(test_split):
    if not (0 <= test_split < 1):
        raise ValueError(
            f"Invalid `test_split` argument: {test_split}. "
            "It must be between 0 and 1 (exclusive of 1)."
        )


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston Housing dataset.

    **WARNING:** This dataset has an ethical problem: the authors of this dataset
    included a variable, "B", that may appear to assume that racial self-segregation
    influences house prices. As such, we strongly discourage the use of this dataset,
    unless in the context of illustrating ethical issues in data science and machine
    learning.

    506 samples of 13 attributes of houses around Boston in the late 1970s (CRIM, ZN,
    INDUS, CHAS, NOX, RM, AGE, DIS, RAD, TAX, PTRATIO, B, LSTAT); targets are median
    home values in k$. Rows are shuffled with `seed` before the split.

    Args:
        path: The file name under `~/.keras/datasets`.
        test_split: fraction of the data to reserve as test set, in [0, 1).
        seed: Random seed for shuffling the data before computing the test split.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`: float64
        `(404, 13)`/`(404,)` and `(102, 13)`/`(102,)` by default.

    Example:
    >>> load_data(test_split=1.0)
    Traceback (most recent call last):
    ...
    ValueError: Invalid `test_split` argument: 1.0. It must be between 0 and 1 (exclusive of 1).
    """
    check_test_split(test_split)
    path = local_sources.fetch_file(NAME, path, ORIGIN, FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    return shuffle_and_split(x, y, test_split, seed)
