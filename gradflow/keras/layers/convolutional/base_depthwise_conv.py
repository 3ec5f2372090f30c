"""BaseDepthwiseConv: the shared body of DepthwiseConv1D/2D — each input channel
convolved with its own `depth_multiplier` filters; kernel of Keras's layout
`(*kernel_size, input_channels, depth_multiplier)`."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.convolutional import _arguments as args
from gradflow.keras.layers.convolutional.base_convolution import BaseConvolution


class BaseDepthwiseConv(BaseConvolution):
    """N-D depthwise convolution layer.

    Output channel `c * depth_multiplier + m` is input channel c convolved with its
    filter m, so the output has `input_channels * depth_multiplier` channels.

    Args:
        rank: the number of spatial dimensions (1 or 2).
        depth_multiplier: filters per input channel (a positive int).
        kernel_size: an int or a tuple of `rank` ints, the window size.
        strides: an int or a tuple of `rank` ints.
        padding: 'valid' or 'same'.
        data_format: 'channels_last' or 'channels_first' (None: the global default).
        dilation_rate: an int or a tuple of `rank` ints.
        activation: the activation (name or function); None means linear.
        use_bias: whether to add a bias vector.
        depthwise_initializer, bias_initializer: initializers ('glorot_uniform',
            'zeros').
        depthwise_regularizer, bias_regularizer: penalties added to the losses.
        activity_regularizer: a penalty on the output.
        depthwise_constraint, bias_constraint: projections after each update.

    Example:
    >>> import numpy as np
    >>> BaseDepthwiseConv(2, 2, 3)(np.ones((1, 5, 5, 3), "float32")).shape
    (1, 3, 3, 6)
    """

    weight_prefixes = ("depthwise",)

    def __init__(
        self,
        rank,
        depth_multiplier,
        kernel_size,
        strides=1,
        padding="valid",
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        args.check_positive("depth_multiplier", depth_multiplier)
        self.depth_multiplier = depth_multiplier
        self._init_convolution(
            rank, kernel_size, strides, padding, data_format, dilation_rate, activation,
            use_bias,
            depthwise_initializer=depthwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, bias_regularizer=bias_regularizer,
            depthwise_constraint=depthwise_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip

    def build(self, input_shape):
        channels = self._build_input_spec(input_shape)
        self.compute_output_shape(input_shape)  # refuses inputs too small for the kernel
        shape = self.kernel_size + (channels, self.depth_multiplier)
        self.kernel = self._add_prefixed_weight("kernel", "depthwise", shape)
        self._add_bias(channels * self.depth_multiplier)
        self.built = True

    def call(self, inputs):
        outputs = gf.nn.depthwise_conv(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._bias_and_activation(outputs)

    def compute_output_shape(self, input_shape):
        _, channels = args.channels_of(input_shape, self.data_format)
        return args.conv_output_shape(
            type(self).__name__,
            input_shape,
            None if channels is None else channels * self.depth_multiplier,
            self.kernel_size,
            self.strides,
            self.dilation_rate,
            self.padding,
            self.data_format,
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            **self._weights_config(),
        }
