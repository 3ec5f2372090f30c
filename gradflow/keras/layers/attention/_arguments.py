"""Argument checks shared by the multi-head attention layers (Keras's wording)."""

from __future__ import annotations


def check_positive_int(name: str, value, expected: str = "a positive integer") -> None:
    """Raise ValueError unless `value` is an int > 0."""
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected {expected}. "
            f"Received: {name}={value}"
        )


def check_sliding_window(sliding_window):
    """`sliding_window` when None or an int > 0; ValueError otherwise."""
    if sliding_window is not None and (
        not isinstance(sliding_window, int)
        or isinstance(sliding_window, bool)
        or sliding_window <= 0
    ):
        raise ValueError(
            "`sliding_window` must be `None` or a positive integer. "
            f"Received: sliding_window={sliding_window}"
        )
    return sliding_window


def clone_initializer(initializer):
    """A fresh copy, as Keras gives each projection its own initializer object."""
    if initializer is None or not hasattr(initializer, "get_config"):
        return initializer
    return type(initializer).from_config(initializer.get_config())


def check_flash_attention(flash_attention, dropout=0.0, return_attention_scores=False) -> None:
    """Keras's refusals of flash attention with dropout, or with scores returned."""
    if flash_attention and dropout > 0.0:
        raise ValueError(
            "Dropout is not supported when flash attention is enabled. Please set "
            "dropout to 0.0 to use flash attention."
        )
    if flash_attention and return_attention_scores:
        raise ValueError(
            "Returning attention scores is not supported when flash attention is "
            "enabled. Please disable flash attention to access attention scores."
        )
