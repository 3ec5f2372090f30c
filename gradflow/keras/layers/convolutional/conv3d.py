"""Conv3D: 3D convolution layer (e.g. spatial convolution over volumes)."""

from __future__ import annotations

from gradflow.keras.layers.convolutional.base_conv import BaseConv


class Conv3D(BaseConv):
    """3D convolution layer (e.g. spatial convolution over volumes).

    Computes `activation(conv(inputs, kernel) + bias)` with a kernel of shape
    `(*kernel_size, input_channels // groups, filters)`, Keras's layout.

    Args:
        filters: the number of output channels (a positive int).
        kernel_size: an int or a tuple of 3 ints, the window size.
        strides: an int or a tuple of 3 ints; > 1 excludes dilation_rate > 1.
        padding: 'valid' or 'same' (TF's arithmetic).
        data_format: 'channels_last' `(batch, d1, d2, d3, channels)` or 'channels_first'
            `(batch, channels, d1, d2, d3)`; None means `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of 3 ints, for dilated (atrous) convolution.
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
        5D tensor `(batch_size, d1, d2, d3, channels)` (channels_last) or
        `(batch_size, channels, d1, d2, d3)` (channels_first).

    Output shape:
        5D tensor `(batch_size, new_d1, new_d2, new_d3, filters)` (channels_last)
        or `(batch_size, filters, new_d1, new_d2, new_d3)` (channels_first).

    Example:
    >>> import numpy as np
    >>> Conv3D(4, 3)(np.ones((2, 5, 6, 7, 3), "float32")).shape
    (2, 3, 4, 5, 4)
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
            rank=3,
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
