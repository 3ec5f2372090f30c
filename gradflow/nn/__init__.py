"""gf.nn: neural-network ops (activations, losses, convolution, pooling, normalization,
attention), channels-last by default as in Keras. Each module lists its names in
`__all__`."""

from gradflow.nn.activations import *  # noqa: F403
from gradflow.nn.attention import *  # noqa: F403
from gradflow.nn.convolution import *  # noqa: F403
from gradflow.nn.core import *  # noqa: F403
from gradflow.nn.losses import *  # noqa: F403
from gradflow.nn.normalization import *  # noqa: F403
from gradflow.nn.pooling import *  # noqa: F403
