"""BaseConv: the shared body of Conv1D/2D/3D — a kernel of Keras's layout
`(*kernel_size, input_channels // groups, filters)`, an optional bias, an activation."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.convolutional import _arguments as args
from gradflow.keras.layers.convolutional.base_convolution import BaseConvolution


class BaseConv(BaseConvolution):
    """N-D convolution (cross-correlation) layer: `activation(conv(inputs, kernel) + bias)`.

    Args:
        rank: the number of spatial dimensions (1, 2 or 3).
        filters: the number of output channels (a positive int).
        kernel_size: an int or a tuple of `rank` ints, the window size.
        strides: an int or a tuple of `rank` ints; > 1 excludes dilation_rate > 1.
        padding: 'valid', 'same' (TF's arithmetic) or, for rank 1, 'causal'.
        data_format: 'channels_last' or 'channels_first' (None: the global default).
        dilation_rate: an int or a tuple of `rank` ints.
        groups: split the input channels into this many groups, each convolved with
            `filters // groups` filters; it must divide filters and input channels.
        activation: the activation (name or function); None means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers ('glorot_uniform', 'zeros').
        kernel_regularizer, bias_regularizer: penalties added to the losses.
        activity_regularizer: a penalty on the output.
        kernel_constraint, bias_constraint: projections after each update.
        lora_rank, lora_alpha: not supported (must be None).

    Example:
    >>> import numpy as np
    >>> BaseConv(2, 4, 3)(np.ones((1, 5, 5, 2), "float32")).shape
    (1, 3, 3, 4)
    """

    def __init__(
        self,
        rank,
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
        lora_rank=None,
        lora_alpha=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank is not None:
            raise ValueError(
                f"gradflow's {type(self).__name__} does not support LoRA. "
                f"Received: lora_rank={lora_rank}"
            )
        args.check_positive("filters", filters)
        args.check_positive("groups", groups)
        if filters % groups:
            raise ValueError(
                "The number of filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups}, filters={filters}."
            )
        self.filters = filters
        self.groups = groups
        self._init_convolution(
            rank, kernel_size, strides, padding, data_format, dilation_rate, activation,
            use_bias, allow_causal=rank == 1,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip
        args.check_strides_dilation(self.strides, self.dilation_rate)

    def build(self, input_shape):
        channels = self._build_input_spec(input_shape)
        if channels % self.groups:
            raise ValueError(
                "The number of input channels must be evenly divisible by the number of "
                f"groups. Received groups={self.groups}, but the input has {channels} "
                f"channels (full input shape is {tuple(input_shape)})."
            )
        self.compute_output_shape(input_shape)  # refuses inputs too small for the kernel
        shape = self.kernel_size + (channels // self.groups, self.filters)
        self.kernel = self._add_prefixed_weight("kernel", "kernel", shape)
        self._add_bias(self.filters)
        self.built = True

    def convolution_op(self, inputs, kernel):
        return gf.nn.conv(
            inputs,
            kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def call(self, inputs):
        return self._bias_and_activation(self.convolution_op(inputs, self.kernel))

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
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            **self._weights_config(),
        }
