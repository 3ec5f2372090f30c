"""keras.datasets: the classic small datasets, loaded as NumPy arrays.

Each loader reads the files Keras itself caches (`$KERAS_HOME` or `~/.keras`,
`datasets/`), then `$GRADFLOW_DATASETS` and `/usr/share/datasets/<name>`, and downloads
only what none of them has (see `local_sources`).
"""

from gradflow.keras.datasets import (
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)
from gradflow.keras.datasets.local_sources import DatasetNotFoundError

__all__ = [
    "DatasetNotFoundError",
    "boston_housing",
    "california_housing",
    "cifar10",
    "cifar100",
    "fashion_mnist",
    "imdb",
    "mnist",
    "reuters",
]
