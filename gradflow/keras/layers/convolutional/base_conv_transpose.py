"""BaseConvTranspose: the shared body of Conv1D/2D/3DTranspose — a kernel of Keras's
layout `(*kernel_size, filters, input_channels)`, an optional bias, an activation."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.layers.convolutional import _arguments as args
from gradflow.keras.layers.convolutional.base_convolution import BaseConvolution


class BaseConvTranspose(BaseConvolution):
    """N-D transposed convolution layer (the gradient of a convolution with respect to
    its input, sometimes called deconvolution).

    Args:
        rank: the number of spatial dimensions (1, 2 or 3).
        filters: the number of output channels (a positive int).
        kernel_size: an int or a tuple of `rank` ints, the window size.
        strides: an int or a tuple of `rank` ints; > 1 excludes dilation_rate > 1.
        padding: 'valid' or 'same'.
        output_padding: None, an int or a tuple of `rank` ints, each < its stride:
            extra positions on the output's high side (None: Keras's default size).
        data_format: 'channels_last' or 'channels_first' (None: the global default).
        dilation_rate: an int or a tuple of `rank` ints.
        activation: the activation (name or function); None means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers ('glorot_uniform', 'zeros').
        kernel_regularizer, bias_regularizer: penalties added to the losses.
        activity_regularizer: a penalty on the output.
        kernel_constraint, bias_constraint: projections after each update.

    Example:
    >>> import numpy as np
    >>> BaseConvTranspose(2, 4, 3, strides=2)(np.ones((1, 5, 5, 2), "float32")).shape
    (1, 11, 11, 4)
    """

    def __init__(
        self,
        rank,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        args.check_positive("filters", filters)
        self.filters = filters
        self._init_convolution(
            rank, kernel_size, strides, padding, data_format, dilation_rate, activation,
            use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint, bias_constraint=bias_constraint,
        )  # fmt: skip
        self.output_padding = (
            None
            if output_padding is None
            else args.standardize_tuple(output_padding, rank, "output_padding", allow_zero=True)
        )
        if self.output_padding is not None:
            for i, (extra, stride) in enumerate(zip(self.output_padding, self.strides)):
                if extra >= stride:
                    raise ValueError(
                        "`output_padding` must be strictly less than `strides` for all "
                        f"dimensions. At dimension {i}, `output_padding` is {extra} but "
                        f"`strides` is {stride}. Received: output_padding="
                        f"{self.output_padding}, strides={self.strides}"
                    )
        args.check_strides_dilation(self.strides, self.dilation_rate)

    def build(self, input_shape):
        channels = self._build_input_spec(input_shape)
        shape = self.kernel_size + (self.filters, channels)
        self.kernel = self._add_prefixed_weight("kernel", "kernel", shape)
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs):
        outputs = gf.nn.conv_transpose(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            output_padding=self.output_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._bias_and_activation(outputs)

    def compute_output_shape(self, input_shape):
        spatial = args.spatial_of(input_shape, self.data_format)
        extras = self.output_padding or (None,) * self.rank
        out = tuple(
            args.transpose_output_length(n, k, s, d, self.padding, e)
            for n, k, s, d, e in zip(
                spatial, self.kernel_size, self.strides, self.dilation_rate, extras
            )
        )
        return args.with_spatial(input_shape[0], out, self.filters, self.data_format)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "output_padding": self.output_padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            **self._weights_config(),
        }
