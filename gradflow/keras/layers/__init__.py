"""keras.layers: Keras 3's layers, on gradflow's ops."""

from gradflow.keras.layers.core.dense import Dense
from gradflow.keras.layers.core.input_layer import Input, InputLayer
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
