"""Bidirectional: runs a recurrent layer forwards and a copy backwards over the sequence
and merges their outputs."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.saving import serialization_lib

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _clone(layer: Layer, **overrides) -> Layer:
    """A fresh layer from `layer`'s config (no weights or state carried over)."""
    config = layer.get_config()
    config.update(overrides)
    return type(layer).from_config(config)


def _merge(y, y_rev, merge_mode):
    if merge_mode == "concat":
        return gf.numpy.concat([y, y_rev], axis=-1)
    if merge_mode == "sum":
        return y + y_rev
    if merge_mode == "ave":
        return (y + y_rev) / 2
    if merge_mode == "mul":
        return y * y_rev
    return (y, y_rev)


class Bidirectional(Layer):
    """Bidirectional wrapper for RNNs.

    Args:
        layer: A `keras.layers.RNN` instance (e.g. LSTM, GRU), or a sequence layer with
            `go_backwards`, `return_sequences`, `return_state` and a config.
        merge_mode: How the forward and backward outputs combine: 'sum', 'mul',
            'concat' (default), 'ave', or None (return both).
        weights: Optional initial weights (forward half, then backward half).
        backward_layer: Optional layer for the backward direction (it must have
            `go_backwards` opposite to `layer`'s); by default a copy of `layer` running
            backwards. With `return_sequences`, masked steps output zeros.

    Call arguments:
        sequences: A 3D tensor `(batch, timesteps, features)`.
        initial_state: Initial states: the forward layer's, then the backward layer's.
        mask: A `(batch, timesteps)` boolean tensor.
        training: Whether dropout is active.

    Example:
    >>> import numpy as np
    >>> from gradflow.keras.layers.rnn import LSTM
    >>> layer = Bidirectional(LSTM(4, return_sequences=True))
    >>> layer(np.ones((2, 5, 3), "float32")).shape
    (2, 5, 8)
    """

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(
                "Please initialize `Bidirectional` layer with a `keras.layers.Layer` "
                f"instance. Received: {layer}"
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                "`backward_layer` need to be a `keras.layers.Layer` instance. "
                f"Received: {backward_layer}"
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                '{"sum", "mul", "ave", "concat", None}'
            )
        super().__init__(**kwargs)
        name = layer.name
        self.forward_layer = _clone(layer, name="forward_" + name.removeprefix("forward_"))
        if backward_layer is None:
            backward_layer = _clone(
                layer,
                go_backwards=not layer.go_backwards,
                name="backward_" + name.removeprefix("backward_"),
            )
        self.backward_layer = backward_layer
        self._verify_layer_config()
        for direction in (self.forward_layer, self.backward_layer):
            # merged sequences must not mix a step's output with a skipped step's
            if getattr(direction, "zero_output_for_mask", None) is not None:
                direction.zero_output_for_mask = direction.return_sequences
        self.merge_mode = merge_mode
        if weights:
            half = len(weights) // 2
            self.forward_layer.initial_weights = weights[:half]
            self.backward_layer.initial_weights = weights[half:]
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify_layer_config(self) -> None:
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                "Forward layer and backward layer should have different `go_backwards` "
                f"value. Received: forward_layer.go_backwards {forward.go_backwards}, "
                f"backward_layer.go_backwards={backward.go_backwards}"
            )
        for attribute in ("stateful", "return_sequences", "return_state"):
            a, b = getattr(forward, attribute), getattr(backward, attribute)
            if a != b:
                raise ValueError(
                    "Forward layer and backward layer are expected to have the same value "
                    f'for attribute "{attribute}", got "{a}" for forward layer and "{b}" '
                    "for backward layer"
                )

    def build(self, sequences_shape, initial_state_shape=None):
        for direction in (self.forward_layer, self.backward_layer):
            if not direction.built:
                direction.build(sequences_shape)
                direction.built = True
                initial = getattr(direction, "initial_weights", None)
                if initial is not None:
                    direction.set_weights(initial)
                    direction.initial_weights = None
        self.built = True

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        output_shape = self.forward_layer.compute_output_shape(sequences_shape)
        state_shape = ()
        if self.return_state:
            output_shape, state_shape = output_shape[0], tuple(output_shape[1:])
        if self.merge_mode == "concat":
            output_shape = tuple(output_shape[:-1]) + (output_shape[-1] * 2,)
        elif self.merge_mode is None:
            output_shape = [output_shape, output_shape]
        if self.return_state:
            if self.merge_mode is None:
                return tuple(output_shape) + state_shape + state_shape
            return (output_shape,) + state_shape + state_shape
        return tuple(output_shape) if self.merge_mode is None else output_shape

    def call(self, sequences, initial_state=None, mask=None, training=None):
        kwargs = {"training": training}
        if self.forward_layer._call_has_mask:
            kwargs["mask"] = mask
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        y = gf.numpy.astype(y, self.compute_dtype)
        y_rev = gf.numpy.astype(y_rev, self.compute_dtype)
        if self.return_sequences:
            y_rev = gf.numpy.flip(y_rev, axis=1)
        output = _merge(y, y_rev, self.merge_mode)
        if self.return_state:
            return (output + states) if self.merge_mode is None else (output,) + states
        return output

    def compute_mask(self, inputs, mask):
        if isinstance(mask, list):
            mask = mask[0]
        if self.return_sequences:
            output_mask = (mask, mask) if not self.merge_mode else mask
        else:
            output_mask = (None, None) if not self.merge_mode else None
        if self.return_state:
            n_states = 2 * len(getattr(self.forward_layer, "state_size", [None]))
            if isinstance(output_mask, tuple):
                return output_mask + (None,) * n_states
            return (output_mask,) + (None,) * n_states
        return output_mask

    def reset_state(self) -> None:
        raise AttributeError("Layer must be stateful.")

    reset_states = reset_state

    @property
    def states(self):
        return None

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "merge_mode": self.merge_mode,
            "layer": serialization_lib.serialize_keras_object(self.forward_layer),
            "backward_layer": serialization_lib.serialize_keras_object(self.backward_layer),
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from gradflow.keras.layers.rnn import rnn_objects

        config = dict(config)
        objects = rnn_objects()
        config["layer"] = serialization_lib.deserialize_keras_object(
            config["layer"], custom_objects=custom_objects, module_objects=objects
        )
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = serialization_lib.deserialize_keras_object(
                backward, custom_objects=custom_objects, module_objects=objects
            )
        return cls(**config)
