"""Keras's `encode_categorical_inputs`: integer ids as 'int', 'one_hot', 'multi_hot' or
'count' vectors, in gradflow ops (shared by CategoryEncoding, Discretization, Hashing and
the lookup layers)."""

from __future__ import annotations

import gradflow as gf

gnp = gf.numpy


def one_hot(ids, depth: int, dtype):
    """`ids[..., None] == range(depth)`; an id outside [0, depth) gives zeros."""
    classes = gnp.arange(depth, dtype=ids.dtype)
    return gnp.astype(gnp.expand_dims(ids, axis=-1) == classes, dtype)


def encode_categorical_inputs(inputs, output_mode: str, depth: int, dtype, count_weights=None):
    """`inputs` (integer ids) encoded as Keras does.

    'one_hot' drops a trailing axis of size 1 first; 'multi_hot' and 'count' reduce over
    axis 1 (axis 0 for 1-D inputs), as Keras's `multi_hot` and its count path do.

    Args:
        inputs: an integer tensor.
        output_mode: 'int', 'one_hot', 'multi_hot' or 'count'.
        depth: the number of classes.
        dtype: the output dtype (count_weights' dtype wins in 'count' mode).
        count_weights: per-id weights summed instead of ones ('count' only).

    Returns:
        The encoded tensor.

    Example:
    >>> import numpy as np
    >>> ids = gf.constant(np.array([[0, 2], [1, 1]]))
    >>> encode_categorical_inputs(ids, "count", 3, "float32").numpy().tolist()
    [[1.0, 0.0, 1.0], [0.0, 2.0, 0.0]]
    """
    if output_mode == "int":
        return gnp.astype(inputs, dtype)
    if inputs.ndim == 0:
        inputs = gnp.expand_dims(inputs, axis=-1)
    if output_mode == "one_hot":
        if inputs.ndim > 1 and inputs.shape[-1] == 1:
            inputs = gnp.squeeze(inputs, axis=-1)
        return one_hot(inputs, depth, dtype)
    axis = 1 if inputs.ndim > 1 else 0
    if output_mode == "multi_hot":
        return gnp.max(one_hot(inputs, depth, dtype), axis=axis)
    if count_weights is not None:
        encoded = one_hot(inputs, depth, count_weights.dtype)
        encoded = encoded * gnp.expand_dims(count_weights, axis=-1)
        return gnp.sum(encoded, axis=axis)
    return gnp.sum(one_hot(inputs, depth, dtype), axis=axis)


def encoded_shape(input_shape: tuple, output_mode: str, depth) -> tuple:
    """The output shape of `encode_categorical_inputs` for inputs of `input_shape`."""
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) == 1:
        return (depth,)
    return (input_shape[0],) + input_shape[2:] + (depth,)
