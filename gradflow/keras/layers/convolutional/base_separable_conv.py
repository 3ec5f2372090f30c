"""BaseSeparableConv: the shared body of SeparableConv1D/2D — a depthwise convolution,
then a pointwise (1x1) convolution mixing the channels; Keras's weights
`depthwise_kernel (*kernel_size, in, depth_multiplier)` and
`pointwise_kernel (*(1,) * rank, in * depth_multiplier, filters)`."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.convolutional import _arguments as args
from gradflow.keras.layers.convolutional.base_convolution import BaseConvolution


class BaseSeparableConv(BaseConvolution):
    """N-D depthwise separable convolution layer.

    Args:
        rank: the number of spatial dimensions (1 or 2).
        depth_multiplier: depthwise filters per input channel (a positive int).
        filters: the number of output channels (a positive int).
        kernel_size: an int or a tuple of `rank` ints, the depthwise window size.
        strides: an int or a tuple of `rank` ints (of the depthwise step).
        padding: 'valid' or 'same' (of the depthwise step).
        data_format: 'channels_last' or 'channels_first' (None: the global default).
        dilation_rate: an int or a tuple of `rank` ints (of the depthwise step).
        activation: the activation (name or function); None means linear.
        use_bias: whether to add a bias vector (after the pointwise step).
        depthwise_initializer, pointwise_initializer, bias_initializer: initializers
            ('glorot_uniform', 'glorot_uniform', 'zeros').
        depthwise_regularizer, pointwise_regularizer, bias_regularizer: penalties.
        activity_regularizer: a penalty on the output.
        depthwise_constraint, pointwise_constraint, bias_constraint: projections.

    Example:
    >>> import numpy as np
    >>> BaseSeparableConv(2, 1, 4, 3)(np.ones((1, 5, 5, 3), "float32")).shape
    (1, 3, 3, 4)
    """

    weight_prefixes = ("depthwise", "pointwise")

    def __init__(
        self,
        rank,
        depth_multiplier,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        args.check_positive("depth_multiplier", depth_multiplier)
        args.check_positive("filters", filters)
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self._init_convolution(
            rank, kernel_size, strides, padding, data_format, dilation_rate, activation,
            use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
        )  # fmt: skip

    def build(self, input_shape):
        channels = self._build_input_spec(input_shape)
        self.compute_output_shape(input_shape)  # refuses inputs too small for the kernel
        self.depthwise_kernel = self._add_prefixed_weight(
            "depthwise_kernel", "depthwise", self.kernel_size + (channels, self.depth_multiplier)
        )
        self.pointwise_kernel = self._add_prefixed_weight(
            "pointwise_kernel",
            "pointwise",
            (1,) * self.rank + (channels * self.depth_multiplier, self.filters),
        )
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        outputs = gf.nn.separable_conv(
            inputs,
            self.depthwise_kernel,
            self.pointwise_kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._bias_and_activation(outputs)

    def compute_output_shape(self, input_shape):
        return args.conv_output_shape(
            type(self).__name__,
            input_shape,
            self.filters,
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
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            **self._weights_config(),
        }
