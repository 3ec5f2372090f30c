"""Softmax: normalized exponentials along an axis, with an optional mask."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import activations, backend
from gradflow.keras.layers.layer import Layer

gnp = gf.numpy


def _large_negative_number(dtype) -> float:
    """A stand-in for -inf that stays finite in the dtype (float16 overflows at 1e9)."""
    return -3e4 if backend.standardize_dtype(dtype) == "float16" else -1e9


def _check_mask(inputs, mask) -> None:
    if len(mask.shape) > len(inputs.shape):
        raise ValueError(
            "The `mask` must be broadcastable to `inputs` and must not have more "
            f"dimensions. Received: inputs.shape={tuple(inputs.shape)}, "
            f"mask.shape={tuple(mask.shape)}"
        )
    for m_dim, i_dim in zip(mask.shape[::-1], inputs.shape[::-1]):
        if m_dim is not None and i_dim is not None and m_dim not in (1, i_dim):
            raise ValueError(
                "The `mask` must be broadcastable to `inputs`. Each mask dimension must be 1 "
                "or match the corresponding input dimension. Received: "
                f"inputs.shape={tuple(inputs.shape)}, mask.shape={tuple(mask.shape)}"
            )


class Softmax(Layer):
    """Softmax activation layer.

    Formula: `exp_x = exp(x - max(x)); f(x) = exp_x / sum(exp_x)`. Masked positions
    (mask False) get probability 0.

    Args:
        axis: an int, or a tuple of ints: the axes of the normalization (-1).

    Call arguments:
        inputs: the logits.
        mask: a boolean mask broadcastable to the inputs (True keeps a position);
            a float mask counts values > 0.5 as True.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> Softmax()(np.array([[0.0, 0.0]], "float32"), mask=np.array([[True, False]])).tolist()
    [[1.0, 0.0]]
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True
        self.built = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = backend.convert_to_tensor(mask)
            _check_mask(inputs, mask)
            if mask.dtype != gf.bool:
                mask = gnp.greater(mask, gf.constant(0.5, dtype=mask.dtype))
            fill = gf.constant(_large_negative_number(inputs.dtype), dtype=inputs.dtype)
            inputs = gnp.where(mask, inputs, fill)
        if isinstance(self.axis, (tuple, list)) and len(self.axis) > 1:
            axes = tuple(self.axis)
            shifted = inputs - gnp.max(inputs, axis=axes, keepdims=True)
            exp = gnp.exp(shifted)
            outputs = exp / gnp.sum(exp, axis=axes, keepdims=True)
        else:
            axis = self.axis[0] if isinstance(self.axis, (tuple, list)) else self.axis
            outputs = activations.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = gnp.where(mask, outputs, gnp.zeros_like(outputs))
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
