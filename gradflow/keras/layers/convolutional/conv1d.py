"""Conv1D: 1D convolution layer (e.g. temporal convolution)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.convolutional.base_conv import BaseConv


class Conv1D(BaseConv):
    """1D convolution layer (e.g. temporal convolution).

    Computes `activation(conv(inputs, kernel) + bias)` with a kernel of shape
    `(*kernel_size, input_channels // groups, filters)`, Keras's layout.

    Args:
        filters: the number of output channels (a positive int).
        kernel_size: an int or a 1-tuple, the window size.
        strides: an int or a 1-tuple; > 1 excludes dilation_rate > 1.
        padding: 'valid', 'same' or 'causal' (output[t] sees only input[:t + 1];
            zeros are padded on the left, as for WaveNet).
        data_format: 'channels_last' `(batch, steps, channels)` or 'channels_first'
            `(batch, channels, steps)`; None means `keras.config.image_data_format()`.
        dilation_rate: an int or a 1-tuple, for dilated (atrous) convolution.
        groups: split the input channels into this many groups, each convolved with
            `filters // groups` filters; it must divide filters and the input channels.
        activation: the activation (name or function); None means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer: the kernel's initializer ('glorot_uniform').
        bias_initializer: the bias's initializer ('zeros').
        kernel_regularizer, bias_regularizer: penalties added to the losses.
        activity_regularizer: a penalty on the output.
        kernel_constraint, bias_constraint: projections after each update.

    Input shape:
        3D tensor `(batch_size, steps, channels)` (channels_last) or
        `(batch_size, channels, steps)` (channels_first).

    Output shape:
        3D tensor `(batch_size, new_steps, filters)` (channels_last) or
        `(batch_size, filters, new_steps)` (channels_first).

    Example:
    >>> import numpy as np
    >>> Conv1D(32, 3, activation="relu")(np.ones((4, 10, 8), "float32")).shape
    (4, 8, 32)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=1,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            groups=groups,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )

    def convolution_op(self, inputs, kernel):
        if self.padding != "causal":
            return super().convolution_op(inputs, kernel)
        # Causal = left-pad (kernel extent - 1) zeros, then a 'valid' convolution.
        axis = 1 if self.data_format == "channels_last" else 2
        left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
        if left:
            shape = list(inputs.shape)
            shape[axis] = left
            zeros = gf.numpy.zeros(tuple(shape), dtype=inputs.dtype)
            inputs = gf.numpy.concat([zeros, inputs], axis=axis)
        return gf.nn.conv(
            inputs,
            kernel,
            strides=self.strides,
            padding="valid",
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
