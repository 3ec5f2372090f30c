"""GRU: the Gated Recurrent Unit layer (Cho et al. 2014) — an RNN of one GRUCell."""

from __future__ import annotations

from gradflow.keras.layers.rnn._arguments import cell_property
from gradflow.keras.layers.rnn.gru_cell import GRUCell
from gradflow.keras.layers.rnn.lstm import check_use_cudnn
from gradflow.keras.layers.rnn.one_cell_rnn import OneCellRNN


class GRU(OneCellRNN):
    """Gated Recurrent Unit - Cho et al. 2014.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function ('tanh'); None means linear.
        recurrent_activation: Activation of the gates ('sigmoid').
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
        return_state: Also return the last memory and carry states (False).
        go_backwards: Process the sequence backwards, return the reversed sequence.
        stateful: Must be False (gradflow keeps no state between batches).
        unroll: Accepted for compatibility; the loop is always a `gf.scan`.
        reset_after: Apply the reset gate after the matrix multiplication (True, the
            cuDNN convention; the bias then has shape `(2, 3 * units)`).
        use_cudnn: 'auto', True or False; accepted for compatibility (no cuDNN here).

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
    >>> GRU(4)(inputs).shape
    (32, 4)
    >>> seq, h = GRU(4, return_sequences=True, return_state=True)(inputs)
    >>> seq.shape, h.shape
    ((32, 10, 4), (32, 4))
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
        reset_after=True,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = GRUCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
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
            reset_after=reset_after,
            dtype=kwargs.get("dtype", None),
            trainable=kwargs.get("trainable", True),
            name="gru_cell",
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
        )
        super().__init__(
            cell, return_sequences, return_state, go_backwards, stateful, unroll,
            activity_regularizer, **kwargs,
        )  # fmt: skip
        self.use_cudnn = check_use_cudnn(use_cudnn)

    recurrent_activation = cell_property("recurrent_activation")
    reset_after = cell_property("reset_after")
