"""Merging layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate,
Dot, and their functional forms (add, subtract …)."""

from gradflow.keras.layers.merging.add import Add, add
from gradflow.keras.layers.merging.average import Average, average
from gradflow.keras.layers.merging.base_merge import Merge
from gradflow.keras.layers.merging.concatenate import Concatenate, concatenate
from gradflow.keras.layers.merging.dot import Dot, dot
from gradflow.keras.layers.merging.maximum import Maximum, maximum
from gradflow.keras.layers.merging.minimum import Minimum, minimum
from gradflow.keras.layers.merging.multiply import Multiply, multiply
from gradflow.keras.layers.merging.subtract import Subtract, subtract

__all__ = [
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Maximum",
    "Merge",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]
