"""Core layers: Dense, EinsumDense, Embedding, Activation, Dropout, Identity, Lambda,
Masking, and the Input layer."""

from gradflow.keras.layers.core.activation import Activation
from gradflow.keras.layers.core.dense import Dense
from gradflow.keras.layers.core.dropout import Dropout
from gradflow.keras.layers.core.einsum_dense import EinsumDense
from gradflow.keras.layers.core.embedding import Embedding
from gradflow.keras.layers.core.identity import Identity
from gradflow.keras.layers.core.input_layer import Input, InputLayer
from gradflow.keras.layers.core.lambda_layer import Lambda
from gradflow.keras.layers.core.masking import Masking

__all__ = [
    "Activation",
    "Dense",
    "Dropout",
    "EinsumDense",
    "Embedding",
    "Identity",
    "Input",
    "InputLayer",
    "Lambda",
    "Masking",
]
