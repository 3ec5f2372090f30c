"""Conv3DTranspose: 3D transposed convolution."""

from __future__ import annotations

from gradflow.keras.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv3DTranspose(BaseConvTranspose):
    """3D transposed convolution layer.

    The transformation going the opposite way of a `Conv3D`: the gradient of a
    convolution with respect to its input. The kernel has Keras's layout
    `(*kernel_size, filters, input_channels)`. Along a dimension of length L with
    dilated kernel extent K, the output length is `L * stride` ('same') or
    `(L - 1) * stride + max(K, stride)` ('valid'); with `output_padding` p it is
    `(L - 1) * stride + K % 2 + p` ('same') or `(L - 1) * stride + K + p` ('valid').

    Args:
        filters: the number of output channels (a positive int).
        kernel_size: an int or a tuple of 3 ints, the window size.
        strides: an int or a tuple of 3 ints; > 1 excludes dilation_rate > 1.
        padding: 'valid' or 'same'.
        output_padding: None, an int or a tuple of 3 ints, each strictly less than its stride.
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of 3 ints.
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
        5D tensor `(batch_size, new_d1, new_d2, new_d3, filters)` (channels_last) or
        `(batch_size, filters, new_d1, new_d2, new_d3)` (channels_first).

    Example:
    >>> import numpy as np
    >>> Conv3DTranspose(2, 2, strides=2)(np.ones((1, 3, 3, 3, 4), "float32")).shape
    (1, 6, 6, 6, 2)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=1,
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
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
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
