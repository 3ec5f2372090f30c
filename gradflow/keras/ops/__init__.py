"""keras.ops: Keras 3's op namespace on gradflow tensors.

The top level re-exports the numpy, nn, core, math, linalg and einops groups, as Keras
does; image ops live only in `keras.ops.image`. Every op called on KerasTensors records
a node of a Functional model's graph instead of computing.

Example:
>>> from gradflow.keras import ops
>>> ops.add(ops.ones((2,)), 1).tolist()
[2.0, 2.0]
"""

from gradflow.keras.ops import core, einops, image, linalg, math, nn, numpy
from gradflow.keras.ops.core import *  # noqa: F403
from gradflow.keras.ops.einops import *  # noqa: F403
from gradflow.keras.ops.linalg import *  # noqa: F403
from gradflow.keras.ops.math import *  # noqa: F403
from gradflow.keras.ops.nn import *  # noqa: F403
from gradflow.keras.ops.numpy import *  # noqa: F403

__all__ = sorted(
    set(numpy.__all__) | set(nn.__all__) | set(core.__all__) | set(math.__all__)
    | set(linalg.__all__) | set(einops.__all__)
) + ["core", "image", "linalg", "math", "nn", "numpy"]  # fmt: skip
