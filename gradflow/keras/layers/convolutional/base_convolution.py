"""BaseConvolution: what every convolution layer shares — the window arguments, one
initializer/regularizer/constraint triple per weight, the optional bias added along the
channel axis, the activation, and the config entries of all of these."""

from __future__ import annotations

from gradflow.keras import activations, backend, constraints, initializers, regularizers
from gradflow.keras.layers.convolutional import _arguments as args
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class BaseConvolution(Layer):
    """The common part of BaseConv, BaseConvTranspose, BaseDepthwiseConv and
    BaseSeparableConv.

    A subclass names its weights' argument prefixes in `weight_prefixes` (e.g.
    `("depthwise", "pointwise")`); with the bias, each prefix `p` has the attributes
    `p_initializer`, `p_regularizer` and `p_constraint`, set by `_init_convolution`
    and written to the config by `_weights_config` in Keras's order.

    Example:
    >>> from gradflow.keras.layers.convolutional.conv2d import Conv2D
    >>> list(Conv2D(4, 3).get_config())[-3:]
    ['activity_regularizer', 'kernel_constraint', 'bias_constraint']
    """

    weight_prefixes: tuple[str, ...] = ("kernel",)

    def _init_convolution(
        self,
        rank,
        kernel_size,
        strides,
        padding,
        data_format,
        dilation_rate,
        activation,
        use_bias,
        allow_causal=False,
        **weight_arguments,
    ) -> None:
        """Set the window attributes and, for each weight prefix and the bias, the
        initializer, regularizer and constraint from `weight_arguments`."""
        self.rank = rank
        self.kernel_size = args.standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = args.standardize_tuple(strides, rank, "strides")
        self.dilation_rate = args.standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = args.standardize_padding(padding, allow_causal=allow_causal)
        self.data_format = backend.standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        for kind, family in _WEIGHT_ARGUMENT_KINDS:
            for prefix in (*self.weight_prefixes, "bias"):
                name = f"{prefix}_{kind}"
                setattr(self, name, family.get(weight_arguments[name]))
        self.input_spec = InputSpec(min_ndim=rank + 2)

    def _build_input_spec(self, input_shape):
        """Fix the channel count of later inputs; return it."""
        channel_axis, channels = args.channels_of(input_shape, self.data_format)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={channel_axis: channels})
        return channels

    def _add_prefixed_weight(self, name: str, prefix: str, shape: tuple):
        """A weight with the initializer, regularizer and constraint of `prefix`."""
        return self.add_weight(
            name=name,
            shape=shape,
            initializer=getattr(self, f"{prefix}_initializer"),
            regularizer=getattr(self, f"{prefix}_regularizer"),
            constraint=getattr(self, f"{prefix}_constraint"),
        )

    def _add_bias(self, size: int) -> None:
        self.bias = self._add_prefixed_weight("bias", "bias", (size,)) if self.use_bias else None

    def _bias_and_activation(self, outputs):
        if self.bias is not None:
            outputs = args.add_bias(outputs, self.bias, self.data_format)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def _weights_config(self) -> dict:
        """activation, use_bias, then every initializer, every regularizer (and the
        activity regularizer), every constraint — Keras's order."""
        config = {"activation": activations.serialize(self.activation), "use_bias": self.use_bias}
        for kind, family in _WEIGHT_ARGUMENT_KINDS:
            for prefix in (*self.weight_prefixes, "bias"):
                name = f"{prefix}_{kind}"
                config[name] = family.serialize(getattr(self, name))
            if kind == "regularizer":
                config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config


_WEIGHT_ARGUMENT_KINDS = (
    ("initializer", initializers),
    ("regularizer", regularizers),
    ("constraint", constraints),
)
