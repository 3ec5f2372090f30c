"""OneCellRNN: what SimpleRNN, LSTM and GRU share — an RNN of one built-in cell whose
arguments are the layer's own: the layer reads them from the cell and lists them in its
config in place of `cell`."""

from __future__ import annotations

from gradflow.keras import regularizers
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.rnn._arguments import cell_property
from gradflow.keras.layers.rnn.rnn import RNN

# Keras's order of the cell's arguments in the layer's config (each layer lists those
# its cell has, with the layer's own activity_regularizer among them).
_CONFIG_ORDER = (
    "units",
    "activation",
    "recurrent_activation",
    "use_bias",
    "kernel_initializer",
    "recurrent_initializer",
    "bias_initializer",
    "unit_forget_bias",
    "kernel_regularizer",
    "recurrent_regularizer",
    "bias_regularizer",
    "activity_regularizer",
    "kernel_constraint",
    "recurrent_constraint",
    "bias_constraint",
    "dropout",
    "recurrent_dropout",
    "reset_after",
    "seed",
)


class OneCellRNN(RNN):
    """An RNN over 3D inputs `(batch, timesteps, features)` of a cell built from the
    layer's arguments.

    Args:
        cell: the cell, built by the subclass from its arguments.
        return_sequences, return_state, go_backwards, stateful, unroll: as for `RNN`.
        activity_regularizer: a penalty on the output.

    Example:
    >>> from gradflow.keras.layers.rnn.simple_rnn import SimpleRNN
    >>> list(SimpleRNN(4).get_config())[9:12]
    ['units', 'activation', 'use_bias']
    """

    def __init__(
        self,
        cell,
        return_sequences,
        return_state,
        go_backwards,
        stateful,
        unroll,
        activity_regularizer,
        **kwargs,
    ):
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.input_spec = InputSpec(ndim=3)

    def call(self, sequences, initial_state=None, mask=None, training=False):
        return super().call(sequences, mask=mask, training=training, initial_state=initial_state)

    units = cell_property("units")
    activation = cell_property("activation")
    use_bias = cell_property("use_bias")
    kernel_initializer = cell_property("kernel_initializer")
    recurrent_initializer = cell_property("recurrent_initializer")
    bias_initializer = cell_property("bias_initializer")
    kernel_regularizer = cell_property("kernel_regularizer")
    recurrent_regularizer = cell_property("recurrent_regularizer")
    bias_regularizer = cell_property("bias_regularizer")
    kernel_constraint = cell_property("kernel_constraint")
    recurrent_constraint = cell_property("recurrent_constraint")
    bias_constraint = cell_property("bias_constraint")
    dropout = cell_property("dropout")
    recurrent_dropout = cell_property("recurrent_dropout")

    def get_config(self) -> dict:
        config = super().get_config()
        del config["cell"]
        own = {
            **self.cell.get_config(),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
        }
        for key in _CONFIG_ORDER:
            if key in own:
                config[key] = own[key]
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return cls(**config)
