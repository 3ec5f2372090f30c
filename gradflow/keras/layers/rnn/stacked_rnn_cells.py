"""StackedRNNCells: a list of cells that behaves as one cell (each cell's output is the
next cell's input)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.saving import serialization_lib


def _is_nested(x) -> bool:
    return isinstance(x, (list, tuple))


def _output_size(cell) -> int:
    if getattr(cell, "output_size", None) is not None:
        return cell.output_size
    size = cell.state_size
    return size[0] if _is_nested(size) else size


class StackedRNNCells(Layer):
    """Wrapper allowing a stack of RNN cells to behave as a single cell.

    Args:
        cells: List of RNN cell instances.

    Example:
    >>> import numpy as np
    >>> from gradflow.keras.layers.rnn import RNN, GRUCell, LSTMCell
    >>> layer = RNN(StackedRNNCells([LSTMCell(8), GRUCell(4)]))
    >>> layer(np.ones((2, 5, 3), "float32")).shape
    (2, 4)
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if "call" not in dir(cell):
                raise ValueError(
                    "All cells must have a `call` method. "
                    f"Received cell without a `call` method: {cell}"
                )
            if "state_size" not in dir(cell):
                raise ValueError(
                    "All cells must have a `state_size` attribute. "
                    f"Received cell without a `state_size`: {cell}"
                )
        self.cells = list(cells)

    @property
    def state_size(self) -> list:
        return [c.state_size for c in self.cells]

    @property
    def output_size(self) -> int:
        return _output_size(self.cells[-1])

    def get_initial_state(self, batch_size=None) -> list:
        states = []
        for cell in self.cells:
            make = getattr(cell, "get_initial_state", None)
            if make is not None:
                states.append(make(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(gf.numpy.zeros((batch_size, cell.state_size), self.compute_dtype))
            else:
                states.append(
                    [gf.numpy.zeros((batch_size, d), self.compute_dtype) for d in cell.state_size]
                )
        return states

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, cell_states in zip(self.cells, states):
            was_list = _is_nested(cell_states)
            cell_states = list(cell_states) if was_list else [cell_states]
            if isinstance(cell, Layer):
                inputs, cell_states = cell(inputs, cell_states, training=training, **kwargs)
            else:
                inputs, cell_states = cell.call(inputs, cell_states, **kwargs)
            if not _is_nested(cell_states):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not was_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        if len(new_states) == 1:
            new_states = new_states[0]
        return inputs, new_states

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
                cell.built = True
            input_shape = (input_shape[0], _output_size(cell))
        self.built = True

    def get_config(self) -> dict:
        cells = [serialization_lib.serialize_keras_object(cell) for cell in self.cells]
        return {**super().get_config(), "cells": cells}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from gradflow.keras.layers.rnn import cell_objects

        config = dict(config)
        cells = [
            serialization_lib.deserialize_keras_object(
                c, custom_objects=custom_objects, module_objects=cell_objects()
            )
            for c in config.pop("cells")
        ]
        return cls(cells, **config)
