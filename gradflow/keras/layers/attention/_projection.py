"""The dense projections inside the multi-head attention layers: `x @ kernel + bias`
contracting the last `bound_dims` axes of `x` — Keras's EinsumDense sublayers, with
their weight layout (kernel `(*contracted, *output_dims)`, bias `output_dims`)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import activations
from gradflow.keras.layers.layer import Layer


class HeadProjection(Layer):
    """`activation(tensordot(x, kernel, bound_dims) + bias)`.

    Args:
        output_dims: the trailing output dimensions, e.g. `(num_heads, key_dim)`.
        bound_dims: how many trailing input axes are contracted.
        use_bias: whether to add a bias shaped `output_dims`.
        activation: an activation applied last (the gate's sigmoid), or None.
        kernel_initializer, bias_initializer: the weights' initializers.
        kernel_regularizer, bias_regularizer: penalties on the weights.
        kernel_constraint, bias_constraint: projections after each update.
        name: 'query', 'key', 'value', 'gate' or 'attention_output' (Keras's names).
    """

    def __init__(
        self,
        output_dims,
        bound_dims=1,
        use_bias=True,
        activation=None,
        kernel_initializer=None,
        bias_initializer=None,
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.output_dims = tuple(output_dims)
        self.bound_dims = bound_dims
        self.use_bias = use_bias
        self.activation = activations.get(activation)
        self.kernel_initializer = kernel_initializer
        self.bias_initializer = bias_initializer
        self.kernel_regularizer = kernel_regularizer
        self.bias_regularizer = bias_regularizer
        self.kernel_constraint = kernel_constraint
        self.bias_constraint = bias_constraint
        self.bias = None

    def build(self, input_shape):
        contracted = tuple(input_shape[len(input_shape) - self.bound_dims :])
        self.kernel = self.add_weight(
            name="kernel",
            shape=contracted + self.output_dims,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=self.output_dims,
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def call(self, inputs):
        x = gf.numpy.tensordot(inputs, self.kernel.value(), axes=self.bound_dims)
        if self.bias is not None:
            x = x + self.bias.value()
        if self.activation is not None:
            x = self.activation(x)
        return x

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[: len(input_shape) - self.bound_dims]) + self.output_dims
