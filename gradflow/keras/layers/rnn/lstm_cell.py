"""LSTMCell: one step of a Long Short-Term Memory network (gates i, f, c, o)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import activations
from gradflow.keras.layers.rnn.base_rnn_cell import BaseRNNCell


class _UnitForgetBias:
    """The LSTM bias initializer with `unit_forget_bias`: the forget gate's block is
    ones, the other three blocks come from `bias_initializer`."""

    def __init__(self, units: int, bias_initializer):
        self.units = units
        self.bias_initializer = bias_initializer

    def __call__(self, shape, dtype=None):
        u = self.units
        return gf.numpy.concat(
            [
                gf.asarray(self.bias_initializer((u,), dtype=dtype)),
                gf.numpy.ones((u,), dtype=dtype),
                gf.asarray(self.bias_initializer((2 * u,), dtype=dtype)),
            ]
        )


class LSTMCell(BaseRNNCell):
    """Cell class for the LSTM layer: one step of the sequence.

    The kernel, recurrent kernel and bias hold four blocks of `units` columns, in
    Keras's gate order: input, forget, cell, output.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function ('tanh'); None means linear.
        recurrent_activation: Activation of the gates ('sigmoid').
        use_bias: Whether the layer uses a bias vector (True).
        kernel_initializer: Initializer of `kernel` ('glorot_uniform').
        recurrent_initializer: Initializer of `recurrent_kernel` ('orthogonal').
        bias_initializer: Initializer of the bias ('zeros').
        unit_forget_bias: If True, add 1 to the forget gate's bias at initialization.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties.
        kernel_constraint, recurrent_constraint, bias_constraint: projections.
        dropout: Fraction of the inputs dropped in training (0).
        recurrent_dropout: Fraction of the recurrent state dropped in training (0).
        seed: Random seed for dropout.

    Call arguments:
        inputs: A 2D tensor `(batch, features)`.
        states: `[h, c]`, each `(batch, units)`: the previous memory and carry states.
        training: Whether dropout is active.

    Example:
    >>> import numpy as np
    >>> cell = LSTMCell(4)
    >>> h0 = np.zeros((2, 4), "float32")
    >>> out, (h, c) = cell(np.ones((2, 3), "float32"), [h0, h0])
    >>> out.shape, c.shape
    ((2, 4), (2, 4))
    """

    gates = 4

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
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(
            units, activation, use_bias, kernel_initializer, recurrent_initializer,
            bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
            kernel_constraint, recurrent_constraint, bias_constraint, dropout,
            recurrent_dropout, seed, **kwargs,
        )  # fmt: skip
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = unit_forget_bias
        # Keras's implementation 1 (one dropout mask per gate) whenever the recurrent
        # state is dropped; the numbers without dropout are the same either way.
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [self.units, self.units]

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        initializer = (
            _UnitForgetBias(self.units, self.bias_initializer)
            if self.unit_forget_bias
            else self.bias_initializer
        )
        self._add_bias((4 * self.units,), initializer)
        self.built = True

    def _project_inputs(self, inputs, input_mask):
        z = self._gate_matmul(inputs, self.kernel, input_mask)
        return z + self.bias if self.bias is not None else z

    def _recurrent_step(self, projected, states, recurrent_mask):
        h_tm1, c_tm1 = states[0], states[1]
        z = projected + self._gate_matmul(h_tm1, self.recurrent_kernel, recurrent_mask)
        u = self.units
        i = self.recurrent_activation(z[:, :u])
        f = self.recurrent_activation(z[:, u : 2 * u])
        c = f * c_tm1 + i * self.activation(z[:, 2 * u : 3 * u])
        o = self.recurrent_activation(z[:, 3 * u :])
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "unit_forget_bias": self.unit_forget_bias,
        }
