"""Activation layers: ReLU, LeakyReLU, PReLU, ELU and Softmax."""

from gradflow.keras.layers.activations.elu import ELU
from gradflow.keras.layers.activations.leaky_relu import LeakyReLU
from gradflow.keras.layers.activations.prelu import PReLU
from gradflow.keras.layers.activations.relu import ReLU
from gradflow.keras.layers.activations.softmax import Softmax

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]
