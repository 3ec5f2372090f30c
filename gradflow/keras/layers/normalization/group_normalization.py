"""GroupNormalization: normalize each example over groups of channels."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.normalization._axes import check_axes_in_bounds
from gradflow.keras.layers.normalization._scale_offset import (
    add_scale_offset,
    scale_offset_config,
    set_scale_offset_arguments,
)


class GroupNormalization(Layer):
    """Group normalization: the channels are split into `groups`, and each example is
    normalized by the mean and variance of each group (over the group's channels and
    all non-batch axes), then scaled by `gamma` and shifted by `beta` per channel.

    `groups=1` is layer normalization over all non-batch axes; `groups=-1` (one group
    per channel) is instance normalization.

    Args:
        groups: the number of groups (a divisor of the channel count), or -1.
        axis: the channel axis; -1 by default.
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add the offset `beta`.
        scale: whether to multiply by `gamma`.
        beta_initializer, gamma_initializer: the weights' initializers.
        beta_regularizer, gamma_regularizer: penalties on the weights.
        beta_constraint, gamma_constraint: projections after each update.

    Input shape:
        Arbitrary; the channel axis must be known.

    Output shape:
        Same shape as input.

    Example:
    >>> import numpy as np
    >>> layer = GroupNormalization(groups=2, epsilon=0.0)
    >>> layer(np.array([[1.0, 3.0, 0.0, 4.0]], "float32")).numpy().tolist()
    [[-1.0, 1.0, -1.0, 1.0]]
    """

    def __init__(
        self,
        groups=32,
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
        if (
            not isinstance(groups, int)
            or isinstance(groups, bool)
            or (groups <= 0 and groups != -1)
        ):
            raise ValueError(
                "Received an invalid value for argument `groups`, expected a positive "
                f"integer (or `-1` for instance normalization). Received: groups={groups}"
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.autocast = False
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        set_scale_offset_arguments(
            self, beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
            beta_constraint, gamma_constraint,
        )  # fmt: skip

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but "
                f"the layer received an input with shape {tuple(input_shape)}."
            )
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(
                f"Number of groups ({self.groups}) cannot be more than the number of "
                f"channels ({dim})."
            )
        if dim % self.groups != 0:
            raise ValueError(
                f"Number of groups ({self.groups}) must be a multiple of the number of "
                f"channels ({dim})."
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        add_scale_offset(self, (dim,), scale=self.scale, center=self.center)
        self.built = True

    def call(self, inputs):
        original = inputs.dtype
        dtype = "float64" if original == gf.float64 else "float32"
        x = gf.numpy.astype(inputs, dtype)
        rank = x.ndim
        axis = self.axis % rank
        channels = x.shape[axis]
        # (..., C, ...) -> (..., G, C/G, ...): the group axis sits before the channels
        grouped_shape = (
            x.shape[:axis] + (self.groups, channels // self.groups) + x.shape[axis + 1 :]
        )
        grouped = gf.numpy.reshape(x, grouped_shape)
        reduce_axes = tuple(i for i in range(1, rank + 1) if i != axis)
        mean, variance = gf.nn.moments(grouped, axes=reduce_axes, keepdims=True)
        inv = 1.0 / gf.numpy.sqrt(variance + self.epsilon)
        broadcast = [1] * (rank + 1)
        broadcast[axis], broadcast[axis + 1] = self.groups, channels // self.groups
        if self.gamma is not None:
            inv = inv * gf.numpy.reshape(gf.numpy.astype(self.gamma.value(), dtype), broadcast)
        shift = -mean * inv
        if self.beta is not None:
            shift = shift + gf.numpy.reshape(gf.numpy.astype(self.beta.value(), dtype), broadcast)
        outputs = gf.numpy.reshape(grouped * inv + shift, x.shape)
        return gf.numpy.astype(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            **scale_offset_config(self),
        }
