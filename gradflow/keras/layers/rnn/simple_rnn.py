"""SimpleRNN: a fully-connected RNN whose output is fed back as its state — an RNN of
one SimpleRNNCell."""

from __future__ import annotations

from gradflow.keras.layers.rnn.one_cell_rnn import OneCellRNN
from gradflow.keras.layers.rnn.simple_rnn_cell import SimpleRNNCell


class SimpleRNN(OneCellRNN):
    """Fully-connected RNN where the output is to be fed back as the new input.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function ('tanh'); None means linear.
        use_bias: Whether the layer uses a bias vector (True).
        kernel_initializer: Initializer of `kernel` ('glorot_uniform').
        recurrent_initializer: Initializer of `recurrent_kernel` ('orthogonal').
        bias_initializer: Initializer of the bias ('zeros').
        kernel_regularizer, recurrent_regularizer, bias_regularizer: weight penalties.
        activity_regularizer: A penalty on the output.
        kernel_constraint, recurrent_constraint, bias_constraint: projections.
        dropout: Fraction of the inputs dropped in training (0).
        recurrent_dropout: Fraction of the recurrent state dropped in training (0).
        seed: Random seed for dropout.
        return_sequences: Return the full sequence, not only the last output (False).
        return_state: Also return the last state (False).
        go_backwards: Process the sequence backwards, return the reversed sequence.
        stateful: Must be False (gradflow keeps no state between batches).
        unroll: Accepted for compatibility; the loop is always a `gf.scan`.

    Call arguments:
        inputs: A 3D tensor `(batch, timesteps, feature)`.
        mask: A `(batch, timesteps)` boolean tensor; False steps are skipped.
        training: Whether dropout is active.
        initial_state: `[h]`, the initial state (zeros by default).

    Input shape:
        3D tensor `(batch_size, timesteps, features)`.

    Output shape:
        `(batch_size, timesteps, units)` with `return_sequences`, else
        `(batch_size, units)`; with `return_state`, `(output, h)`.

    Example:
    >>> import numpy as np
    >>> inputs = np.random.random((32, 10, 8)).astype("float32")
    >>> SimpleRNN(4)(inputs).shape
    (32, 4)
    >>> seq, h = SimpleRNN(4, return_sequences=True, return_state=True)(inputs)
    >>> seq.shape, h.shape
    ((32, 10, 4), (32, 4))
    """

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        seed=None,
        **kwargs,
    ):
        cell = SimpleRNNCell(
            units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
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
            name="simple_rnn_cell",
            seed=seed,
        )
        super().__init__(
            cell, return_sequences, return_state, go_backwards, stateful, unroll,
            activity_regularizer, **kwargs,
        )  # fmt: skip

    def get_config(self) -> dict:
        config = super().get_config()
        del config["seed"]  # Keras's SimpleRNN config has no "seed"
        return config
