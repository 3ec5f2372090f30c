"""Preprocessing layers: feature normalization and encoding (Normalization, Rescaling,
Discretization, CategoryEncoding, Hashing, the lookup layers, TextVectorization), image
resizing and cropping, and the random image augmentations."""

from gradflow.keras.layers.preprocessing.category_encoding import CategoryEncoding
from gradflow.keras.layers.preprocessing.center_crop import CenterCrop
from gradflow.keras.layers.preprocessing.discretization import Discretization
from gradflow.keras.layers.preprocessing.hashing import Hashing
from gradflow.keras.layers.preprocessing.integer_lookup import IntegerLookup
from gradflow.keras.layers.preprocessing.normalization import Normalization
from gradflow.keras.layers.preprocessing.random_brightness import RandomBrightness
from gradflow.keras.layers.preprocessing.random_contrast import RandomContrast
from gradflow.keras.layers.preprocessing.random_crop import RandomCrop
from gradflow.keras.layers.preprocessing.random_flip import RandomFlip
from gradflow.keras.layers.preprocessing.random_rotation import RandomRotation
from gradflow.keras.layers.preprocessing.random_translation import RandomTranslation
from gradflow.keras.layers.preprocessing.random_zoom import RandomZoom
from gradflow.keras.layers.preprocessing.rescaling import Rescaling
from gradflow.keras.layers.preprocessing.resizing import Resizing
from gradflow.keras.layers.preprocessing.string_lookup import StringLookup
from gradflow.keras.layers.preprocessing.text_vectorization import TextVectorization

__all__ = [
    "CategoryEncoding",
    "CenterCrop",
    "Discretization",
    "Hashing",
    "IntegerLookup",
    "Normalization",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "Rescaling",
    "Resizing",
    "StringLookup",
    "TextVectorization",
]
