"""Regularization layers: SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout,
AlphaDropout and ActivityRegularization (Dropout lives with the core layers)."""

from gradflow.keras.layers.regularization.activity_regularization import (
    ActivityRegularization,
)
from gradflow.keras.layers.regularization.alpha_dropout import AlphaDropout
from gradflow.keras.layers.regularization.gaussian_dropout import GaussianDropout
from gradflow.keras.layers.regularization.gaussian_noise import GaussianNoise
from gradflow.keras.layers.regularization.spatial_dropout import (
    SpatialDropout1D,
    SpatialDropout2D,
    SpatialDropout3D,
)

__all__ = [
    "ActivityRegularization",
    "AlphaDropout",
    "GaussianDropout",
    "GaussianNoise",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
]
