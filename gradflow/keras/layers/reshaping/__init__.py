"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, Cropping1D/2D/3D,
ZeroPadding1D/2D/3D and UpSampling1D/2D/3D."""

from gradflow.keras.layers.reshaping.cropping1d import Cropping1D
from gradflow.keras.layers.reshaping.cropping2d import Cropping2D
from gradflow.keras.layers.reshaping.cropping3d import Cropping3D
from gradflow.keras.layers.reshaping.flatten import Flatten
from gradflow.keras.layers.reshaping.permute import Permute
from gradflow.keras.layers.reshaping.repeat_vector import RepeatVector
from gradflow.keras.layers.reshaping.reshape import Reshape
from gradflow.keras.layers.reshaping.up_sampling1d import UpSampling1D
from gradflow.keras.layers.reshaping.up_sampling2d import UpSampling2D
from gradflow.keras.layers.reshaping.up_sampling3d import UpSampling3D
from gradflow.keras.layers.reshaping.zero_padding1d import ZeroPadding1D
from gradflow.keras.layers.reshaping.zero_padding2d import ZeroPadding2D
from gradflow.keras.layers.reshaping.zero_padding3d import ZeroPadding3D

__all__ = [
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "Flatten",
    "Permute",
    "RepeatVector",
    "Reshape",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]
