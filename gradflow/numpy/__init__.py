"""gf.numpy: the Python Array API standard (2023.12) over gradflow tensors.

Every function promotes (Python scalars weakly), broadcasts and binds primitives, so
each is differentiable where the math allows and traceable by gf.function. Each module
below is one section of the standard and lists its names in `__all__`.

Example:
>>> import gradflow as gf
>>> gnp = gf.numpy
>>> gnp.add(gnp.asarray([1.0, 2.0]), 1.0).tolist()
[2.0, 3.0]
"""

from gradflow.numpy import linalg
from gradflow.numpy.constants import *  # noqa: F403
from gradflow.numpy.creation import *  # noqa: F403
from gradflow.numpy.data_types import *  # noqa: F403
from gradflow.numpy.elementwise import *  # noqa: F403
from gradflow.numpy.indexing import *  # noqa: F403
from gradflow.numpy.linear_algebra import *  # noqa: F403
from gradflow.numpy.manipulation import *  # noqa: F403
from gradflow.numpy.searching import *  # noqa: F403
from gradflow.numpy.set_functions import *  # noqa: F403
from gradflow.numpy.sorting import *  # noqa: F403
from gradflow.numpy.statistical import *  # noqa: F403
from gradflow.numpy.utility import *  # noqa: F403

__array_api_version__ = "2023.12"


def __array_namespace_info__():
    """The Array API inspection namespace (capabilities, devices, default dtypes)."""
    from gradflow.numpy.info import Info

    return Info()
