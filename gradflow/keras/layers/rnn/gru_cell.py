"""GRUCell: one step of a Gated Recurrent Unit (gates z, r, h)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import activations
from gradflow.keras.layers.rnn.base_rnn_cell import BaseRNNCell


class GRUCell(BaseRNNCell):
    """Cell class for the GRU layer: one step of the sequence.

    The kernel and recurrent kernel hold three blocks of `units` columns, in Keras's
    gate order: update (z), reset (r), candidate (h). With `reset_after=True` (the
    default, cuDNN's convention) the reset gate multiplies the recurrent projection and
    the bias has shape `(2, 3 * units)` (input bias, recurrent bias); with False it
    multiplies the state before the projection and the bias has shape `(3 * units,)`.

    Args:
        units: Positive integer, dimensionality of the output space.
        activation: Activation function ('tanh'); None means linear.
        recurrent_activation: Activation of the gates ('sigmoid').
        use_bias: Whether the layer uses a bias vector (True).
        kernel_initializer: Initializer of `kernel` ('glorot_uniform').
        recurrent_initializer: Initializer of `recurrent_kernel` ('orthogonal').
        bias_initializer: Initializer of the bias ('zeros').
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties.
        kernel_constraint, recurrent_constraint, bias_constraint: projections.
        dropout: Fraction of the inputs dropped in training (0).
        recurrent_dropout: Fraction of the recurrent state dropped in training (0).
        reset_after: Apply the reset gate after the matrix multiplication (True).
        seed: Random seed for dropout.

    Call arguments:
        inputs: A 2D tensor `(batch, features)`.
        states: A 2D tensor `(batch, units)` (or a list of one), the previous state.
        training: Whether dropout is active.

    Example:
    >>> import numpy as np
    >>> cell = GRUCell(4)
    >>> out, state = cell(np.ones((2, 3), "float32"), np.zeros((2, 4), "float32"))
    >>> out.shape, state.shape
    ((2, 4), (2, 4))
    """

    gates = 3

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
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        reset_after=True,
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
        self.reset_after = reset_after
        self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self.state_size = self.units

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
        self._add_bias(shape, self.bias_initializer)
        self.built = True

    def _biases(self):
        """(input bias, recurrent bias or None)."""
        if self.bias is None:
            return None, None
        if self.reset_after:
            return self.bias[0], self.bias[1]
        return self.bias, None

    def _project_inputs(self, inputs, input_mask):
        x = self._gate_matmul(inputs, self.kernel, input_mask)
        input_bias = self._biases()[0]
        return x + input_bias if input_bias is not None else x

    def _recurrent_step(self, projected, states, recurrent_mask):
        h_tm1 = states[0]
        u = self.units
        masks = recurrent_mask if isinstance(recurrent_mask, list) else [recurrent_mask] * 3
        if self.reset_after:
            inner = self._gate_matmul(h_tm1, self.recurrent_kernel, recurrent_mask)
            recurrent_bias = self._biases()[1]
            if recurrent_bias is not None:
                inner = inner + recurrent_bias
        else:
            inner = self._gate_matmul(
                h_tm1,
                self.recurrent_kernel[:, : 2 * u],
                recurrent_mask[:2] if isinstance(recurrent_mask, list) else recurrent_mask,
            )
        z = self.recurrent_activation(projected[:, :u] + inner[:, :u])
        r = self.recurrent_activation(projected[:, u : 2 * u] + inner[:, u : 2 * u])
        if self.reset_after:
            recurrent_h = r * inner[:, 2 * u :]
        else:
            h_h = h_tm1 if masks[2] is None else h_tm1 * masks[2]
            recurrent_h = gf.numpy.matmul(r * h_h, self.recurrent_kernel[:, 2 * u :])
        hh = self.activation(projected[:, 2 * u :] + recurrent_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, [h]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "reset_after": self.reset_after,
        }
