"""SimpleRNNCell: `h_t = activation(x_t @ kernel + bias + h_{t-1} @ recurrent_kernel)`."""

from __future__ import annotations

from gradflow.keras.layers.rnn.base_rnn_cell import BaseRNNCell


class SimpleRNNCell(BaseRNNCell):
    """Cell class for SimpleRNN: one step of a fully-connected RNN.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function ('tanh'); None means linear.
        use_bias: Whether the layer uses a bias vector (True).
        kernel_initializer: Initializer of `kernel` ('glorot_uniform').
        recurrent_initializer: Initializer of `recurrent_kernel` ('orthogonal').
        bias_initializer: Initializer of the bias ('zeros').
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties.
        kernel_constraint, recurrent_constraint, bias_constraint: projections.
        dropout: Fraction of the inputs dropped in training (0).
        recurrent_dropout: Fraction of the recurrent state dropped in training (0).
        seed: Random seed for dropout.

    Call arguments:
        sequence: A 2D tensor `(batch, features)`.
        states: A 2D tensor `(batch, units)` (or a list of one), the previous state.
        training: Whether dropout is active.

    Example:
    >>> import numpy as np
    >>> cell = SimpleRNNCell(4)
    >>> out, state = cell(np.ones((2, 3), "float32"), [np.zeros((2, 4), "float32")])
    >>> out.shape, state[0].shape
    ((2, 4), (2, 4))
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
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(
            units, activation, use_bias, kernel_initializer, recurrent_initializer,
            bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
            kernel_constraint, recurrent_constraint, bias_constraint, dropout,
            recurrent_dropout, seed, **kwargs,
        )  # fmt: skip
        self.state_size = self.units

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        self._add_bias((self.units,), self.bias_initializer)
        self.built = True

    def _project_inputs(self, inputs, input_mask):
        h = self._gate_matmul(inputs, self.kernel, input_mask)
        return h + self.bias if self.bias is not None else h

    def _recurrent_step(self, projected, states, recurrent_mask):
        output = projected + self._gate_matmul(states[0], self.recurrent_kernel, recurrent_mask)
        if self.activation is not None:
            output = self.activation(output)
        return output, [output]
