"""LayerNormalization: normalize each example over its feature axes."""

from __future__ import annotations

import warnings

import gradflow as gf
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.normalization._axes import (
    check_axes_in_bounds,
    positive_axes,
    sorted_axes,
    standardize_axis,
)
from gradflow.keras.layers.normalization._scale_offset import (
    add_scale_offset,
    scale_offset_config,
    set_scale_offset_arguments,
)


class LayerNormalization(Layer):
    """Layer normalization: `gamma * (x - mean) / sqrt(var + epsilon) + beta`, with the
    mean and variance of each example taken over `axis`.

    Args:
        axis: an int or a list of ints: the axes to normalize over (and the shape of
            `gamma`/`beta`); -1 by default.
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add the offset `beta`.
        scale: whether to multiply by `gamma`.
        beta_initializer, gamma_initializer: the weights' initializers.
        beta_regularizer, gamma_regularizer: penalties on the weights.
        beta_constraint, gamma_constraint: projections after each update.
        rms_scaling: (deprecated in Keras, kept for its numbers) divide by
            `sqrt(var + epsilon)` without centering and without `beta`.

    Input shape:
        Arbitrary.

    Output shape:
        Same shape as input.

    Example:
    >>> import numpy as np
    >>> layer = LayerNormalization(epsilon=0.0)
    >>> layer(np.array([[1.0, 3.0]], "float32")).numpy().tolist()
    [[-1.0, 1.0]]
    """

    def __init__(
        self,
        axis=-1,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        **kwargs,
    ):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn(
                "You passed `rms_scaling=True`, which is deprecated. This argument "
                "incorrectly scales the input by the variance, not the root mean square. "
                "To correctly use RMS Normalization, please use "
                "`keras.layers.RMSNormalization` instead.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.axis = standardize_axis(axis, "LayerNormalization")
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        set_scale_offset_arguments(
            self, beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
            beta_constraint, gamma_constraint,
        )  # fmt: skip
        self.supports_masking = True
        self.autocast = False

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        self.axis = sorted_axes(self.axis)
        shape = tuple(input_shape[a] for a in self.axis)
        add_scale_offset(
            self,
            shape,
            scale=self.scale or self.rms_scaling,
            center=self.center and not self.rms_scaling,
        )
        self.built = True

    def call(self, inputs):
        # computed in at least float32, as Keras, then cast to the compute dtype
        dtype = "float64" if inputs.dtype == gf.float64 else "float32"
        x = gf.numpy.astype(inputs, dtype)
        axes = positive_axes(self.axis, x.ndim)
        gamma = None if self.gamma is None else self._broadcast(self.gamma, x, axes, dtype)
        beta = None if self.beta is None else self._broadcast(self.beta, x, axes, dtype)
        if self.rms_scaling:
            mean = gf.numpy.mean(x, axis=axes, keepdims=True)
            variance = gf.numpy.mean(gf.numpy.square(x - mean), axis=axes, keepdims=True)
            outputs = x / gf.numpy.sqrt(variance + self.epsilon)
            if gamma is not None:
                outputs = outputs * gamma
        else:
            outputs = gf.nn.layer_norm(x, gamma, beta, axis=axes, epsilon=self.epsilon)
        return gf.numpy.astype(outputs, self.compute_dtype)

    @staticmethod
    def _broadcast(weight, x, axes, dtype):
        shape = tuple(x.shape[i] if i in axes else 1 for i in range(x.ndim))
        return gf.numpy.reshape(gf.numpy.astype(weight.value(), dtype), shape)

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            **scale_offset_config(self),
        }
