"""DepthwiseConv2D: 2D depthwise convolution layer."""

from __future__ import annotations

from gradflow.keras.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """2D depthwise convolution layer.

    Each input channel is convolved with its own `depth_multiplier` filters
    (Keras's kernel layout `(*kernel_size, input_channels, depth_multiplier)`;
    output channel `c * depth_multiplier + m` is channel c with filter m), then
    a bias is added and the activation applied.

    Args:
        depth_multiplier: filters per input channel (a positive int); the output has
            `input_channels * depth_multiplier` channels.
        kernel_size: an int or a tuple of 2 ints, the window size.
        strides: an int or a tuple of 2 ints.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of 2 ints.
        activation: the activation (name or function); None means linear.
        use_bias: whether to add a bias vector.
        depthwise_initializer: the kernel's initializer ('glorot_uniform').
        bias_initializer: the bias's initializer ('zeros').
        depthwise_regularizer, bias_regularizer: penalties added to the losses.
        activity_regularizer: a penalty on the output.
        depthwise_constraint, bias_constraint: projections after each update.

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor `(batch_size, new_height, new_width, channels * depth_multiplier)`
        (channels_last) or `(batch_size, channels * depth_multiplier, new_height,
        new_width)` (channels_first).

    Example:
    >>> import numpy as np
    >>> DepthwiseConv2D(3, depth_multiplier=2)(np.ones((4, 10, 10, 12), "float32")).shape
    (4, 8, 8, 24)
    """

    def __init__(
        self,
        kernel_size,
        strides=1,
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=2,
            depth_multiplier=depth_multiplier,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
