"""California housing price regression dataset."""

from __future__ import annotations

import numpy as np

from gradflow.keras.datasets import local_sources
from gradflow.keras.datasets.boston_housing import check_test_split, shuffle_and_split

NAME = "california_housing"
ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz"
FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California Housing dataset.

    20,640 census block groups of California (1990), 8 features each; targets are
    median house values in dollars. `version="small"` keeps the first 600 samples, an
    approximate replacement for `boston_housing`.

    Args:
        version: "small" or "large".
        path: The file name under `~/.keras/datasets`.
        test_split: fraction of the data to reserve as test set, in [0, 1).
        seed: Random seed for shuffling the data before computing the test split.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`; x has 8 columns.

    Example:
    >>> load_data(test_split=-0.1)
    Traceback (most recent call last):
    ...
    ValueError: Invalid `test_split` argument: -0.1. It must be between 0 and 1 (exclusive of 1).
    """
    check_test_split(test_split)
    if version not in ("small", "large"):
        # Keras checks this after reading the file; checking first costs no download.
        raise ValueError(
            f"Argument `version` must be one of 'small', 'large'. Received: version={version}"
        )
    path = local_sources.fetch_file(NAME, path, ORIGIN, FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffle_and_split(x, y, test_split, seed)
