"""CIFAR100 small images classification dataset."""

from __future__ import annotations

import os

from gradflow.keras.datasets import cifar

NAME = "cifar100"
ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
FILE_HASH = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"
DIRNAME = "cifar-100-python"
ARCHIVE_NAME = "cifar-100-python.tar.gz"


def load_data(label_mode="fine"):
    """Loads the CIFAR100 dataset.

    50,000 32x32 color training images and 10,000 test images, labeled over 100
    fine-grained classes grouped into 20 coarse-grained superclasses. Images are
    channels-last unless `keras.config.image_data_format()` is "channels_first".

    Args:
        label_mode: "fine" (labels 0-99) or "coarse" (superclasses 0-19).

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`: uint8 images
        `(50000, 32, 32, 3)` and `(10000, 32, 32, 3)`, int64 labels `(50000, 1)` and
        `(10000, 1)` (int64, unlike CIFAR10's uint8, as in Keras).

    Example:
    >>> load_data(label_mode="medium")
    Traceback (most recent call last):
    ...
    ValueError: `label_mode` must be one of `"fine"`, `"coarse"`. Received: label_mode=medium.
    """
    if label_mode not in ["fine", "coarse"]:
        raise ValueError(
            f'`label_mode` must be one of `"fine"`, `"coarse"`. Received: label_mode={label_mode}.'
        )
    folder = cifar.find_batches(NAME, DIRNAME, ("train", "test"), ORIGIN, FILE_HASH, ARCHIVE_NAME)
    key = f"{label_mode}_labels"
    x_train, y_train = cifar.load_batch(os.path.join(folder, "train"), label_key=key)
    x_test, y_test = cifar.load_batch(os.path.join(folder, "test"), label_key=key)
    return (cifar.to_image_data_format(x_train), cifar.labels_column(y_train, "int64")), (
        cifar.to_image_data_format(x_test),
        cifar.labels_column(y_test, "int64"),
    )
