"""Attention layers: MultiHeadAttention, GroupedQueryAttention (Keras's
GroupQueryAttention), Attention and AdditiveAttention."""

from gradflow.keras.layers.attention.additive_attention import AdditiveAttention
from gradflow.keras.layers.attention.attention import Attention
from gradflow.keras.layers.attention.grouped_query_attention import GroupedQueryAttention
from gradflow.keras.layers.attention.multi_head_attention import MultiHeadAttention

# Keras exports the class under this name too.
GroupQueryAttention = GroupedQueryAttention

__all__ = [
    "AdditiveAttention",
    "Attention",
    "GroupQueryAttention",
    "GroupedQueryAttention",
    "MultiHeadAttention",
]
