"""The context of the outermost layer call: `training` flows from a model to the layers
it calls, as in Keras, without every call passing it on."""

from __future__ import annotations

import threading

_STATE = threading.local()


class CallContext:
    """What the outermost `Layer.__call__` decided, shared with nested calls.

    Args:
        training: the resolved training flag (None when nobody said).
    """

    def __init__(self, training=None):
        self.training = training
        self.entry_layer = None


def current() -> CallContext | None:
    """The active call context, or None outside any layer call."""
    return getattr(_STATE, "context", None)


class enter:
    """Open (or join) the call context for one layer call."""

    def __init__(self, layer, training):
        self.layer = layer
        self.training = training

    def __enter__(self) -> CallContext:
        context = current()
        self.owner = context is None
        if self.owner:
            context = CallContext(self.training)
            context.entry_layer = self.layer
            _STATE.context = context
        self.context = context
        return context

    def __exit__(self, *exc):
        if self.owner:
            _STATE.context = None
