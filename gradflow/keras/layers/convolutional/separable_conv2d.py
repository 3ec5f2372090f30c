"""SeparableConv2D: 2D separable convolution layer."""

from __future__ import annotations

from gradflow.keras.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv2D(BaseSeparableConv):
    """2D separable convolution layer.

    A depthwise convolution (each input channel with its own `depth_multiplier`
    filters) followed by a pointwise (1x1) convolution to `filters` channels,
    then a bias and the activation. Weights: `depthwise_kernel` of shape
    `(*kernel_size, input_channels, depth_multiplier)` and `pointwise_kernel`
    of shape `(1, 1, input_channels * depth_multiplier, filters)`.

    Args:
        filters: the number of output channels (a positive int).
        depth_multiplier: depthwise filters per input channel (a positive int).
        kernel_size: an int or a tuple of 2 ints, the window size.
        strides: an int or a tuple of 2 ints.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first'; None means
            `keras.config.image_data_format()`.
        dilation_rate: an int or a tuple of 2 ints.
        activation: the activation (name or function); None means linear.
        use_bias: whether to add a bias vector.
        depthwise_initializer, pointwise_initializer: the kernels' initializers
            ('glorot_uniform').
        bias_initializer: the bias's initializer ('zeros').
        depthwise_regularizer, pointwise_regularizer, bias_regularizer: penalties
            added to the losses.
        activity_regularizer: a penalty on the output.
        depthwise_constraint, pointwise_constraint, bias_constraint: projections
            after each update.

    Input shape:
        4D tensor `(batch_size, height, width, channels)` (channels_last) or
        `(batch_size, channels, height, width)` (channels_first).

    Output shape:
        4D tensor `(batch_size, new_height, new_width, filters)` (channels_last) or
        `(batch_size, filters, new_height, new_width)` (channels_first).

    Example:
    >>> import numpy as np
    >>> SeparableConv2D(4, 3)(np.ones((4, 10, 10, 12), "float32")).shape
    (4, 8, 8, 4)
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=2,
            depth_multiplier=depth_multiplier,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
