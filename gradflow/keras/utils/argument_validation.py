"""Argument checks shared by layers, in Keras's words."""

from __future__ import annotations


def standardize_tuple(value, n: int, name: str, allow_zero: bool = False) -> tuple:
    """An int or a sequence of `n` ints as a tuple of `n` ints, each > 0 (>= 0 when
    `allow_zero`).

    Example:
    >>> standardize_tuple(3, 2, "kernel_size")
    (3, 3)
    """
    message = f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}"
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(message) from None
        if len(values) != n:
            raise ValueError(message)
        for item in values:
            if isinstance(item, bool) or not isinstance(item, int) and not _is_integral(item):
                raise ValueError(f"{message} including element {item} of type {type(item)}")
        values = tuple(int(v) for v in values)
    bad = {v for v in values if (v < 0 if allow_zero else v <= 0)}
    if bad:
        requirement = ">= 0" if allow_zero else "> 0"
        raise ValueError(
            f"{message}, including values {bad} that do not satisfy `value {requirement}`"
        )
    return values


def _is_integral(value) -> bool:
    try:
        return int(value) == value
    except (TypeError, ValueError):
        return False


