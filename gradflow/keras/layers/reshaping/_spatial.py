"""Argument handling and slicing shared by the Cropping and ZeroPadding layers, with
Keras's error wording."""

from __future__ import annotations

from gradflow.keras.ops import pad
from gradflow.keras.utils.argument_validation import standardize_tuple

_ORDINALS = ("1st", "2nd", "3rd")


def standardize_pairs(value, n: int, name: str, form_message: str) -> tuple:
    """An int or `n` (int or pair) entries as `n` (before, after) pairs of ints >= 0.

    Example:
    >>> standardize_pairs(((1, 2), 3), 2, "padding", "")
    ((1, 2), (3, 3))
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"`{name}` cannot be negative. Received: {name}={value}.")
        return ((value, value),) * n
    if not hasattr(value, "__len__"):
        raise ValueError(f"{form_message} Received: {name}={value}.")
    if len(value) != n:
        count = "two" if n == 2 else str(n)
        raise ValueError(f"`{name}` should have {count} elements. Received: {name}={value}.")
    return tuple(
        standardize_tuple(entry, 2, f"{_ORDINALS[i]} entry of {name}", allow_zero=True)
        for i, entry in enumerate(value)
    )


def spatial_start(data_format: str) -> int:
    """The index of the first spatial axis: 2 for channels_first, else 1."""
    return 2 if data_format == "channels_first" else 1


def crop(inputs, pairs: tuple, data_format: str):
    """`inputs` with `pairs[i]` entries cut from both ends of spatial axis i."""
    shape = tuple(inputs.shape)
    start = spatial_start(data_format)
    for i, (before, after) in enumerate(pairs):
        size = shape[start + i]
        if size is not None and before + after >= size:
            raise ValueError(
                "Values in `cropping` argument should be smaller than the corresponding "
                f"spatial dimension of the input. Received: inputs.shape={shape}, "
                f"cropping={pairs}"
            )
    index = [slice(None)] * len(shape)
    for i, (before, after) in enumerate(pairs):
        index[start + i] = slice(before, shape[start + i] - after)
    return inputs[tuple(index)]


def cropped_shape(input_shape, pairs: tuple, data_format: str) -> tuple:
    """The output shape of `crop` (None dims stay None)."""
    shape = list(input_shape)
    start = spatial_start(data_format)
    for i, (before, after) in enumerate(pairs):
        size = shape[start + i]
        if size is not None:
            if before + after >= size:
                raise ValueError(
                    "Values in `cropping` argument should be smaller than the corresponding "
                    f"spatial dimension of the input. Received: input_shape={tuple(input_shape)}"
                    f", cropping={pairs}"
                )
            shape[start + i] = size - before - after
    return tuple(shape)


def zero_pad(inputs, pairs: tuple, data_format: str):
    """`inputs` with zeros added around each spatial axis."""
    widths = [(0, 0)] * len(inputs.shape)
    start = spatial_start(data_format)
    for i, pair in enumerate(pairs):
        widths[start + i] = tuple(pair)
    return pad(inputs, tuple(widths))


def padded_shape(input_shape, pairs: tuple, data_format: str) -> tuple:
    """The output shape of `zero_pad` (None dims stay None)."""
    shape = list(input_shape)
    start = spatial_start(data_format)
    for i, (before, after) in enumerate(pairs):
        if shape[start + i] is not None:
            shape[start + i] += before + after
    return tuple(shape)
