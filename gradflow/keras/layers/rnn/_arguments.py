"""Checks and helpers shared by the recurrent cells and layers."""

from __future__ import annotations


def check_units(units) -> int:
    """`units` as a positive int, or Keras's ValueError."""
    if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
        raise ValueError(
            "Received an invalid value for argument `units`, expected a positive integer, "
            f"got {units}."
        )
    return units


def clip_rate(rate, name: str) -> float:
    """A dropout rate clipped into [0, 1] (Keras clips rather than rejects)."""
    if isinstance(rate, bool) or not isinstance(rate, (int, float)):
        raise ValueError(f"Argument `{name}` must be a float in [0, 1]. Received: {name}={rate}")
    return min(1.0, max(0.0, float(rate)))


def check_stateful(stateful, layer_name: str) -> bool:
    """gradflow's recurrent layers keep no state between batches."""
    if stateful:
        raise ValueError(
            f"{layer_name}: stateful RNNs are not supported in gradflow; pass the state "
            "explicitly with `initial_state=` (and `return_state=True` to get it back). "
            f"Received: stateful={stateful}"
        )
    return False


def cell_property(name: str) -> property:
    """A read-only property of a recurrent layer that forwards to its cell."""
    return property(lambda self: getattr(self.cell, name), doc=f"The cell's `{name}`.")
