"""CIFAR10 small images classification dataset."""

from __future__ import annotations

import os

import numpy as np

from gradflow.keras.datasets import cifar

NAME = "cifar10"
ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
DIRNAME = "cifar-10-batches-py"
ARCHIVE_NAME = "cifar-10-python.tar.gz"
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))


def load_data():
    """Loads the CIFAR10 dataset.

    50,000 32x32 color training images and 10,000 test images in 10 classes:
    0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse, 8 ship,
    9 truck. Images are channels-last unless `keras.config.image_data_format()` is
    "channels_first". Batches of any size are accepted (Keras requires 10,000 rows).

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`: uint8 images
        `(50000, 32, 32, 3)` and `(10000, 32, 32, 3)`, uint8 labels 0-9 `(50000, 1)`
        and `(10000, 1)`.

    Example:
    >>> TRAIN_BATCHES[-1]
    'data_batch_5'
    """
    folder = cifar.find_batches(
        NAME, DIRNAME, TRAIN_BATCHES + ("test_batch",), ORIGIN, FILE_HASH, ARCHIVE_NAME
    )
    xs, ys = zip(*(cifar.load_batch(os.path.join(folder, b)) for b in TRAIN_BATCHES))
    x_train = np.concatenate(xs).astype("uint8", copy=False)
    y_train = cifar.labels_column([label for y in ys for label in y], "uint8")
    x_test, y_test = cifar.load_batch(os.path.join(folder, "test_batch"))
    x_test = x_test.astype("uint8", copy=False)
    y_test = cifar.labels_column(y_test, "uint8")
    return (cifar.to_image_data_format(x_train), y_train), (
        cifar.to_image_data_format(x_test),
        y_test,
    )
