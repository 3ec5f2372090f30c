"""MNIST handwritten digits dataset."""

from __future__ import annotations

import numpy as np

from gradflow.keras.datasets import local_sources

NAME = "mnist"
ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def load_data(path="mnist.npz"):
    """Loads the MNIST dataset.

    60,000 28x28 grayscale training images of the 10 digits and 10,000 test images,
    returned as stored (no shuffling, no scaling: pixels are 0-255).

    Args:
        path: The file name under `~/.keras/datasets` (or `$KERAS_HOME/datasets`).

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`: uint8 images
        `(60000, 28, 28)` and `(10000, 28, 28)`, uint8 labels 0-9 `(60000,)` and
        `(10000,)`.

    Example:
    >>> load_data(path="sub/mnist.npz")
    Traceback (most recent call last):
    ...
    ValueError: Paths are no longer accepted as the `fname` argument. To specify the file's parent directory, use the `cache_dir` argument. Received: fname=sub/mnist.npz

    License: Yann LeCun and Corinna Cortes hold the copyright of MNIST, a derivative
    of NIST, available under the Creative Commons Attribution-Share Alike 3.0 license.
    """  # noqa: E501
    path = local_sources.fetch_file(NAME, path, ORIGIN, FILE_HASH)
    with np.load(path, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
