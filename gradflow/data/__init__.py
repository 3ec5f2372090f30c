"""gf.data: input pipelines in the model of tf.data.

Example:
>>> import gradflow as gf
>>> ds = gf.data.Dataset.from_tensor_slices(([1.0, 2.0, 3.0], [0, 1, 0])).batch(2)
>>> for x, y in ds:
...     print(x.shape, y.numpy().tolist())
(2,) [0, 1]
(1,) [0]
"""

from gradflow.data.dataset import (
    AUTOTUNE,
    INFINITE_CARDINALITY,
    UNKNOWN_CARDINALITY,
    Dataset,
)
from gradflow.data.structure import StageError

__all__ = ["AUTOTUNE", "Dataset", "INFINITE_CARDINALITY", "StageError", "UNKNOWN_CARDINALITY"]
