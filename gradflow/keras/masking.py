"""Keras masks ride along with tensors (`tensor._keras_mask` in Keras). gradflow tensors
have fixed slots, so masks live in a side table keyed by the tensor, dropped with it."""

from __future__ import annotations

import weakref

from gradflow.keras.engine.keras_tensor import KerasTensor

_MASKS: dict[int, object] = {}


def set_keras_mask(tensor, mask) -> None:
    """Attach `mask` (a boolean tensor, or None to clear) to `tensor`."""
    if isinstance(tensor, KerasTensor):
        tensor._keras_mask = mask
        return
    key = id(tensor)
    if mask is None:
        _MASKS.pop(key, None)
        return
    if key not in _MASKS:
        weakref.finalize(tensor, _MASKS.pop, key, None)
    _MASKS[key] = mask


def get_keras_mask(tensor):
    """The mask attached to `tensor`, or None."""
    if isinstance(tensor, KerasTensor):
        return tensor._keras_mask
    return _MASKS.get(id(tensor))
