"""Fashion-MNIST dataset."""

from __future__ import annotations

import gzip
import os
import struct

import numpy as np

from gradflow.keras.datasets import local_sources

NAME = "fashion-mnist"
BASE_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")
FILES = (
    "train-labels-idx1-ubyte.gz",
    "train-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
)
_LABELS_MAGIC = 2049
_IMAGES_MAGIC = 2051
_HINT = (
    "On Debian or Ubuntu, `apt-get install dataset-fashion-mnist` installs the real files "
    "in /usr/share/datasets/fashion-mnist, where they are found without a download."
)


def read_idx_labels(path) -> np.ndarray:
    """Labels from a gzipped IDX1 file (magic 2049, count, then one uint8 each)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic != _LABELS_MAGIC or len(data) - 8 != count:
        raise ValueError(
            f"{path} is not an IDX label file: expected magic {_LABELS_MAGIC} and {count} "
            f"labels, found magic {magic} and {len(data) - 8} bytes of labels."
        )
    return np.frombuffer(data, np.uint8, offset=8)


def read_idx_images(path, count: int) -> np.ndarray:
    """`count` 28x28 images from a gzipped IDX3 file (magic 2051, count, rows, cols)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, stored, rows, cols = struct.unpack(">IIII", data[:16])
    if (magic, stored, rows, cols) != (_IMAGES_MAGIC, count, 28, 28) or (
        len(data) - 16 != count * 28 * 28
    ):
        raise ValueError(
            f"{path} is not an IDX file of {count} 28x28 images (to match its labels): "
            f"its header says magic {magic}, {stored} images of {rows}x{cols}, and it holds "
            f"{len(data) - 16} bytes of pixels."
        )
    return np.frombuffer(data, np.uint8, offset=16).reshape(count, 28, 28)


def load_data():
    """Loads the Fashion-MNIST dataset.

    60,000 28x28 grayscale training images of 10 fashion categories and 10,000 test
    images, a drop-in replacement for MNIST. Labels: 0 T-shirt/top, 1 Trouser,
    2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.

    The files are read from the Keras cache (`datasets/fashion-mnist/`),
    `$GRADFLOW_DATASETS`, or `/usr/share/datasets/fashion-mnist` (Debian's
    `dataset-fashion-mnist`), and downloaded only if none has them. Unlike Keras, the
    IDX headers are checked, so a truncated file is an error, not a misshapen array.

    Returns:
        Tuple of NumPy arrays: `(x_train, y_train), (x_test, y_test)`: uint8 images
        `(60000, 28, 28)` and `(10000, 28, 28)`, uint8 labels `(60000,)` and `(10000,)`.

    Example:
    >>> FILES[0]
    'train-labels-idx1-ubyte.gz'

    License: The copyright for Fashion-MNIST is held by Zalando SE; it is licensed
    under the MIT license.
    """
    paths = [
        local_sources.fetch_file(NAME, fname, BASE_URL + fname, None, CACHE_SUBDIR, _HINT)
        for fname in FILES
    ]
    y_train = read_idx_labels(paths[0])
    x_train = read_idx_images(paths[1], len(y_train))
    y_test = read_idx_labels(paths[2])
    x_test = read_idx_images(paths[3], len(y_test))
    return (x_train, y_train), (x_test, y_test)
