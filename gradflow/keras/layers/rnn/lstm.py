"""LSTM: the Long Short-Term Memory layer (Hochreiter 1997) — an RNN of one LSTMCell."""

from __future__ import annotations

from gradflow.keras.layers.rnn._arguments import cell_property
from gradflow.keras.layers.rnn.lstm_cell import LSTMCell
from gradflow.keras.layers.rnn.one_cell_rnn import OneCellRNN


def check_use_cudnn(use_cudnn):
    if use_cudnn not in ("auto", True, False):
        raise ValueError(
            "Invalid valid received for argument `use_cudnn`. Expected one of "
            f"{{'auto', True, False}}. Received: use_cudnn={use_cudnn}"
        )
    return use_cudnn


class LSTM(OneCellRNN):
    """Long Short-Term Memory layer - Hochreiter 1997.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function ('tanh'); None means linear.
        recurrent_activation: Activation of the gates ('sigmoid').
        use_bias: Whether the layer uses a bias vector (True).
        kernel_initializer: Initializer of `kernel` ('glorot_uniform').
        recurrent_initializer: Initializer of `recurrent_kernel` ('orthogonal').
        bias_initializer: Initializer of the bias ('zeros').
        unit_forget_bias: If True, add 1 to the forget gate's bias at initialization.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: weight penalties.
        activity_regularizer: A penalty on the output.
        kernel_constraint, recurrent_constraint, bias_constraint: projections.
        dropout: Fraction of the inputs dropped in training (0).
        recurrent_dropout: Fraction of the recurrent state dropped in training (0).
        seed: Random seed for dropout.
        return_sequences: Return the full sequence, not only the last output (False).
        return_state: Also return the last memory and carry states (False).
        go_backwards: Process the sequence backwards, return the reversed sequence.
        stateful: Must be False (gradflow keeps no state between batches).
        unroll: Accepted for compatibility; the loop is always a `gf.scan`.
        use_cudnn: 'auto', True or False; accepted for compatibility (no cuDNN here).

    Call arguments:
        inputs: A 3D tensor `(batch, timesteps, feature)`.
        mask: A `(batch, timesteps)` boolean tensor; False steps are skipped.
        training: Whether dropout is active.
        initial_state: `[h, c]`, the initial states (zeros by default).

    Input shape:
        3D tensor `(batch_size, timesteps, features)`.

    Output shape:
        `(batch_size, timesteps, units)` with `return_sequences`, else
        `(batch_size, units)`; with `return_state`, `(output, h, c)`.

    Example:
    >>> import numpy as np
    >>> inputs = np.random.random((32, 10, 8)).astype("float32")
    >>> LSTM(4)(inputs).shape
    (32, 4)
    >>> seq, h, c = LSTM(4, return_sequences=True, return_state=True)(inputs)
    >>> seq.shape, h.shape, c.shape
    ((32, 10, 4), (32, 4), (32, 4))
    """

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = LSTMCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            unit_forget_bias=unit_forget_bias,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            dtype=kwargs.get("dtype", None),
            trainable=kwargs.get("trainable", True),
            name="lstm_cell",
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
        )
        super().__init__(
            cell, return_sequences, return_state, go_backwards, stateful, unroll,
            activity_regularizer, **kwargs,
        )  # fmt: skip
        self.use_cudnn = check_use_cudnn(use_cudnn)

    recurrent_activation = cell_property("recurrent_activation")
    unit_forget_bias = cell_property("unit_forget_bias")
