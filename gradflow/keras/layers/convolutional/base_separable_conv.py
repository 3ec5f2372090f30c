"""BaseSeparableConv: the shared body of SeparableConv1D/2D — a depthwise convolution,
then a pointwise (1x1) convolution mixing the channels; Keras's weights
`depthwise_kernel (*kernel_size, in, depth_multiplier)` and
`pointwise_kernel (*(1,) * rank, in * depth_multiplier, filters)`."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import activations, backend, constraints, initializers, regularizers
from gradflow.keras.layers.convolutional import _arguments as args
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class BaseSeparableConv(Layer):
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
        self.rank = rank
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.kernel_size = args.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = args.standardize_tuple(strides, rank, "strides")
        self.dilation_rate = args.standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = args.standardize_padding(padding)
        self.data_format = backend.standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)

    def build(self, input_shape):
        channel_axis, channels = args.channels_of(input_shape, self.data_format)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: channels})
        self.compute_output_shape(input_shape)  # refuses inputs too small for the kernel
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel",
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=(1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self.bias = (
            self.add_weight(
                name="bias",
                shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
            if self.use_bias
            else None
        )
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
        if self.bias is not None:
            outputs = args.add_bias(outputs, self.bias, self.data_format)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

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
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "pointwise_regularizer": regularizers.serialize(self.pointwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "pointwise_constraint": constraints.serialize(self.pointwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
