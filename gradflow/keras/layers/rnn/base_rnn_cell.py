"""BaseRNNCell: what SimpleRNNCell, LSTMCell and GRUCell share — their arguments, the
kernel and recurrent kernel, the config, zero initial states, and the split of a step
into an input projection and a recurrent update."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import activations, constraints, initializers, regularizers
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.rnn._arguments import check_units, clip_rate
from gradflow.keras.layers.rnn.dropout_rnn_cell import DropoutRNNCell, apply_mask
from gradflow.keras.random.seed_generator import SeedGenerator


class BaseRNNCell(Layer, DropoutRNNCell):
    """A cell with `gates` blocks of `units` columns in `kernel` and `recurrent_kernel`.

    A step is `_recurrent_step(_project_inputs(x, input_mask), states, recurrent_mask)`.
    The input projection does not depend on the state, so the RNN layer applies it to
    the whole sequence in one matmul before its time loop, and the loop runs only the
    recurrent part.

    Args:
        units: the state size (a positive int).
        activation: the output activation; None means linear.
        use_bias: whether the cell has a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties.
        kernel_constraint, recurrent_constraint, bias_constraint: projections.
        dropout: the fraction of inputs dropped (in training).
        recurrent_dropout: the fraction of the recurrent state dropped (in training).
        seed: the dropout seed.
    """

    gates = 1

    def __init__(
        self,
        units,
        activation,
        use_bias,
        kernel_initializer,
        recurrent_initializer,
        bias_initializer,
        kernel_regularizer,
        recurrent_regularizer,
        bias_regularizer,
        kernel_constraint,
        recurrent_constraint,
        bias_constraint,
        dropout,
        recurrent_dropout,
        seed,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = check_units(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.dropout = clip_rate(dropout, "dropout")
        self.recurrent_dropout = clip_rate(recurrent_dropout, "recurrent_dropout")
        self.seed = seed
        self.seed_generator = SeedGenerator(seed)
        self.output_size = self.units

    def _add_kernels(self, input_dim: int) -> None:
        width = self.units * self.gates
        self.kernel = self.add_weight(
            shape=(input_dim, width),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )

    def _add_bias(self, shape, initializer) -> None:
        self.bias = (
            self.add_weight(
                shape=shape,
                name="bias",
                initializer=initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
            if self.use_bias
            else None
        )

    def _gate_matmul(self, x, kernel, masks):
        """`x @ kernel`; with one dropout mask per gate, each gate's block of columns
        sees its own masked `x` (Keras's `implementation=1`)."""
        if not isinstance(masks, list):
            return gf.numpy.matmul(apply_mask(x, masks), kernel)
        u = self.units
        parts = [
            gf.numpy.matmul(apply_mask(x, m), kernel[:, g * u : (g + 1) * u])
            for g, m in enumerate(masks)
        ]
        return gf.numpy.concat(parts, axis=-1)

    def call(self, inputs, states, training=False):
        nested = isinstance(states, (list, tuple))
        h_tm1 = states[0] if nested else states
        input_mask, recurrent_mask = self._step_masks(inputs, h_tm1, training)
        projected = self._project_inputs(inputs, input_mask)
        output, new_states = self._recurrent_step(
            projected, list(states) if nested else [states], recurrent_mask
        )
        return output, (new_states if nested or len(new_states) > 1 else new_states[0])

    def get_initial_state(self, batch_size=None):
        """Zero states, one `(batch_size, size)` tensor per entry of `state_size`."""
        sizes = self.state_size if isinstance(self.state_size, list) else [self.state_size]
        return [gf.numpy.zeros((batch_size, d), dtype=self.compute_dtype) for d in sizes]

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
