"""keras.ops.numpy: Keras 3's NumPy-like ops on gradflow tensors.

Example:
>>> from gradflow.keras.ops import numpy as knp
>>> knp.add(1, 2).tolist()
3
"""

from gradflow.keras.ops._creation import *  # noqa: F403
from gradflow.keras.ops._einsum import *  # noqa: F403
from gradflow.keras.ops._elementwise import *  # noqa: F403
from gradflow.keras.ops._reductions import *  # noqa: F403
from gradflow.keras.ops._shapes import *  # noqa: F403
from gradflow.keras.ops._symbolic import exported as _exported

__all__ = sorted(
    _exported("gradflow.keras.ops._creation")
    + _exported("gradflow.keras.ops._einsum")
    + _exported("gradflow.keras.ops._elementwise")
    + _exported("gradflow.keras.ops._reductions")
    + _exported("gradflow.keras.ops._shapes")
)
