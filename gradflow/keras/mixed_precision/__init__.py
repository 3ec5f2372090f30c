"""keras.mixed_precision: dtype policies."""

from gradflow.keras.mixed_precision.policies import (
    DTypePolicy,
    dtype_policy,
    set_dtype_policy,
)
from gradflow.keras.mixed_precision.policies import DTypePolicy as Policy
from gradflow.keras.mixed_precision.policies import dtype_policy as global_policy
from gradflow.keras.mixed_precision.policies import (
    set_dtype_policy as set_global_policy,
)
