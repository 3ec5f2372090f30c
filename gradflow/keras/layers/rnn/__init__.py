"""Recurrent layers: the cells (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells), the
RNN layer that runs a cell over time as one `gf.scan`, the ready-made SimpleRNN, LSTM and
GRU, and the Bidirectional and TimeDistributed wrappers."""

from gradflow.keras.layers.rnn.bidirectional import Bidirectional
from gradflow.keras.layers.rnn.gru import GRU
from gradflow.keras.layers.rnn.gru_cell import GRUCell
from gradflow.keras.layers.rnn.lstm import LSTM
from gradflow.keras.layers.rnn.lstm_cell import LSTMCell
from gradflow.keras.layers.rnn.rnn import RNN
from gradflow.keras.layers.rnn.simple_rnn import SimpleRNN
from gradflow.keras.layers.rnn.simple_rnn_cell import SimpleRNNCell
from gradflow.keras.layers.rnn.stacked_rnn_cells import StackedRNNCells
from gradflow.keras.layers.rnn.time_distributed import TimeDistributed

__all__ = [
    "Bidirectional",
    "GRU",
    "GRUCell",
    "LSTM",
    "LSTMCell",
    "RNN",
    "SimpleRNN",
    "SimpleRNNCell",
    "StackedRNNCells",
    "TimeDistributed",
]


def cell_objects() -> dict:
    """The built-in cells by class name, for deserializing an RNN's cell before the
    family is registered in keras.layers."""
    return {name: globals()[name] for name in ("SimpleRNNCell", "LSTMCell", "GRUCell",
                                               "StackedRNNCells")}  # fmt: skip


def rnn_objects() -> dict:
    """The built-in recurrent layers and cells by class name (for wrappers' configs)."""
    return {name: globals()[name] for name in __all__}
