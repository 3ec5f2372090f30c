"""RNN: runs a recurrent cell over the time axis of a sequence, as one `gf.scan`."""

from __future__ import annotations

import gradflow as gf
from gradflow.core import tree
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.rnn._arguments import check_stateful
from gradflow.keras.layers.rnn.base_rnn_cell import BaseRNNCell
from gradflow.keras.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from gradflow.keras.layers.rnn.stacked_rnn_cells import StackedRNNCells
from gradflow.keras.layers.rnn.time_loop import rnn_loop
from gradflow.keras.saving import serialization_lib


def _is_nested(x) -> bool:
    return isinstance(x, (list, tuple))


class RNN(Layer):
    """Base class for recurrent layers.

    The time loop is one `gf.scan`: inside `gf.function` a 200-step sequence is one
    graph node, and gradients flow through it. gradflow's built-in cells project the
    whole input sequence in one matmul before the loop; the loop runs only the
    recurrent part.

    Args:
        cell: An RNN cell (with `call(input_t, states)` returning `(output, new_states)`
            and a `state_size`), or a list of cells (stacked with `StackedRNNCells`).
        return_sequences: Return the full output sequence, not only the last output.
        return_state: Also return the last states.
        go_backwards: Process the sequence backwards and return the reversed sequence.
        stateful: Must be False: gradflow keeps no state between batches (pass
            `initial_state` instead).
        unroll: Accepted for compatibility; the loop is always a scan.
        zero_output_for_mask: Masked steps output zeros instead of the previous output
            (only matters with `return_sequences` and a mask).

    Call arguments:
        sequences: A 3D tensor `(batch_size, timesteps, features)`.
        initial_state: A tensor or list of tensors: the cell's initial states.
        mask: A `(batch_size, timesteps)` boolean tensor; False steps are skipped.
        training: Whether the cell's dropout is active.

    Output shape:
        `(batch_size, timesteps, output_size)` with `return_sequences`, else
        `(batch_size, output_size)`; with `return_state`, a list of the output and the
        last states.

    Example:
    >>> import numpy as np
    >>> from gradflow.keras.layers.rnn import SimpleRNNCell
    >>> layer = RNN(SimpleRNNCell(4), return_sequences=True)
    >>> layer(np.ones((2, 5, 3), "float32")).shape
    (2, 5, 4)
    """

    def __init__(
        self,
        cell,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        zero_output_for_mask=False,
        **kwargs,
    ):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if "call" not in dir(cell):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        if "state_size" not in dir(cell):
            raise ValueError(
                "The RNN cell should have a `state_size` attribute (single integer or list "
                f"of integers, one integer per RNN state). Received: cell={cell}"
            )
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = check_stateful(stateful, type(self).__name__)
        self.unroll = unroll
        self.supports_masking = True
        self.input_spec = None
        self.states = None
        state_size = getattr(cell, "state_size", None)
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError(
                "state_size must be an integer, or a list/tuple of integers (one for each "
                f"state tensor). Received: state_size={state_size}"
            )
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    def build(self, sequences_shape, initial_state_shape=None):
        step_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_shape)
            self.cell.built = True
        self.built = True

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, length = sequences_shape[0], sequences_shape[1]
        states = [
            (batch, s) if isinstance(s, int) else [(batch, d) for d in s] for s in self.state_size
        ]
        output_size = getattr(self.cell, "output_size", None) or self.state_size[0]
        if self.return_sequences:
            output = (batch, length, output_size)
        else:
            output = (batch, output_size)
        return (output, *states) if self.return_state else output

    def compute_mask(self, inputs, mask):
        mask = tree.flatten(mask)[0] if mask is not None else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    def get_initial_state(self, batch_size):
        """The cell's initial states (zeros unless the cell says otherwise), as a list."""
        make = getattr(self.cell, "get_initial_state", None)
        if make is None:
            return [
                gf.numpy.zeros((batch_size, d), dtype=self.cell.compute_dtype)
                for d in self.state_size
            ]
        state = make(batch_size=batch_size)
        return list(state) if _is_nested(state) else [state]

    def call(self, sequences, initial_state=None, mask=None, training=False):
        if initial_state is None:
            initial_state = self.get_initial_state(sequences.shape[0])
        if not _is_nested(initial_state):
            initial_state = [initial_state]
        dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        initial_state = tree.map_structure(
            lambda s: gf.numpy.astype(gf.asarray(s), dtype), list(initial_state)
        )
        if _is_nested(mask):
            mask = mask[0]
        if training:
            _draw_dropout_masks(self.cell, sequences[:, 0, :], initial_state)
        try:
            last_output, outputs, states = self.inner_loop(
                sequences, initial_state, mask, training=training
            )
        finally:
            _clear_dropout_masks(self.cell)
        output = outputs if self.return_sequences else last_output
        output = gf.numpy.astype(output, self.compute_dtype)
        if self.return_state:
            states = tree.map_structure(
                lambda s: gf.numpy.astype(s, self.compute_dtype), list(states)
            )
            return (output, *states)
        return output

    def inner_loop(self, sequences, initial_state, mask, training=False):
        """(last output, output sequence, final states) of the cell over `sequences`."""
        cell = self.cell
        if isinstance(cell, BaseRNNCell):
            # the input projection does not depend on the state: one matmul for all steps
            input_mask, recurrent_mask = cell._step_masks(
                sequences[:, 0, :], tree.flatten(initial_state)[0], training
            )
            inputs = cell._project_inputs(sequences, input_mask)

            def step(x, states):
                return cell._recurrent_step(x, list(states), recurrent_mask)

        else:
            inputs = sequences

            def step(x, states):
                if isinstance(cell, Layer):
                    return cell(x, states, training=training)
                return cell.call(x, states)

        return rnn_loop(
            step,
            inputs,
            initial_state,
            go_backwards=self.go_backwards,
            mask=mask,
            zero_output_for_mask=self.zero_output_for_mask,
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialization_lib.serialize_keras_object(self.cell),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from gradflow.keras.layers.rnn import cell_objects

        config = dict(config)
        cell = serialization_lib.deserialize_keras_object(
            config.pop("cell"), custom_objects=custom_objects, module_objects=cell_objects()
        )
        return cls(cell, **config)


def _draw_dropout_masks(cell, step_input, states) -> None:
    """Draw each dropout cell's masks once for the whole sequence (Keras's
    `_maybe_config_dropout_masks`): the loop body then draws no random numbers."""
    if isinstance(cell, DropoutRNNCell):
        first = tree.flatten(states)[0]
        cell.get_dropout_mask(step_input)
        cell.get_recurrent_dropout_mask(first)
    if isinstance(cell, StackedRNNCells):
        for sub, sub_states in zip(cell.cells, states):
            sub_states = list(sub_states) if _is_nested(sub_states) else [sub_states]
            _draw_dropout_masks(sub, step_input, sub_states)
            # the next cell's input is this cell's output
            step_input = gf.numpy.zeros(
                (step_input.shape[0], sub.output_size), dtype=step_input.dtype
            )


def _clear_dropout_masks(cell) -> None:
    if isinstance(cell, DropoutRNNCell):
        cell.reset_dropout_mask()
        cell.reset_recurrent_dropout_mask()
    if isinstance(cell, StackedRNNCells):
        for sub in cell.cells:
            _clear_dropout_masks(sub)
