"""Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization,
UnitNormalization, RMSNormalization."""

from gradflow.keras.layers.normalization.batch_normalization import BatchNormalization
from gradflow.keras.layers.normalization.group_normalization import GroupNormalization
from gradflow.keras.layers.normalization.layer_normalization import LayerNormalization
from gradflow.keras.layers.normalization.rms_normalization import RMSNormalization
from gradflow.keras.layers.normalization.unit_normalization import UnitNormalization

__all__ = [
    "BatchNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "RMSNormalization",
    "UnitNormalization",
]
