"""EinsumDense: a dense layer whose contraction is any einsum equation."""

from __future__ import annotations

import re

from gradflow.keras import activations, constraints, initializers, ops, regularizers
from gradflow.keras.initializers.random_initializers import VarianceScaling
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


def analyze_einsum_string(equation, bias_axes, input_shape, output_shape):
    """Keras's weight-shape analysis of an EinsumDense equation.

    Returns:
        `(kernel_shape, bias_shape, full_output_shape, input_axes, output_axes)`;
        `bias_shape` is None without `bias_axes`.

    Example:
    >>> analyze_einsum_string("ab,bc->ac", "c", (None, 3), (4,))[:3]
    ([3, 4], [4], [None, 4])
    """
    dotless = re.sub(r"\.\.\.", "0", equation)
    forms = (
        ("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", False),
        ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", True),
        ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", False),
    )
    for pattern, left_elided in forms:
        match = re.match(pattern, dotless)
        if match:
            return _analyze_split_string(
                match.groups(), bias_axes, input_shape, output_shape, left_elided
            )
    raise ValueError(
        f"Invalid einsum equation '{equation}'. Equations must be in the form "
        "[X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]...."
    )


def _full_output_shape(input_shape, input_spec, output_shape, left_elided):
    elided = len(input_shape) - len(input_spec)
    output_shape = [output_shape] if isinstance(output_shape, int) else list(output_shape)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        output_shape.extend(input_shape[len(input_shape) - elided :])
    return output_shape, elided


def _analyze_split_string(groups, bias_axes, input_shape, output_shape, left_elided):
    input_spec, weight_spec, output_spec = groups
    output_shape, elided = _full_output_shape(input_shape, input_spec, output_shape, left_elided)
    if left_elided:
        input_dim_map = {d: i + elided - len(input_shape) for i, d in enumerate(input_spec)}
        output_dim_map = {d: i + elided for i, d in enumerate(output_spec)}
    else:
        input_dim_map = {d: i for i, d in enumerate(input_spec)}
        output_dim_map = {d: i for i, d in enumerate(output_spec)}
    for dim in input_spec:
        size = input_shape[input_dim_map[dim]]
        if dim in output_dim_map:
            out = output_shape[output_dim_map[dim]]
            if out is not None and out != size:
                raise ValueError(
                    f"Input shape and output shape do not match at shared dimension '{dim}'. "
                    f"Input shape is {size}, and output shape is {out}."
                )
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"Dimension '{dim}' was specified in the output '{output_spec}' but has no "
                f"corresponding dim in the input spec '{input_spec}' or weight spec "
                f"'{output_spec}'"
            )
    weight_shape, input_axes, output_axes = [], [], []
    for i, dim in enumerate(weight_spec):
        if dim in output_dim_map:
            weight_shape.append(output_shape[output_dim_map[dim]])
            output_axes.append(i)
        elif dim in input_dim_map:
            weight_shape.append(input_shape[input_dim_map[dim]])
            input_axes.append(i)
        else:
            raise ValueError(
                f"Weight dimension '{dim}' did not have a match in either the input spec "
                f"'{input_spec}' or the output spec '{output_spec}'. For this layer, the "
                "weight must be fully specified."
            )
    bias_shape = None
    if bias_axes is not None:
        bias_shape = _bias_shape(bias_axes, output_spec, output_shape, elided, left_elided)
    return weight_shape, bias_shape, output_shape, input_axes, output_axes


def _bias_shape(bias_axes, output_spec, output_shape, elided, left_elided):
    offset = elided if left_elided else 0
    sizes = {c: output_shape[i + offset] for i, c in enumerate(output_spec)}
    for char in bias_axes:
        if char not in output_spec:
            raise ValueError(
                f"Bias dimension '{char}' was requested, but is not part of the output "
                f"spec '{output_spec}'"
            )
    first = min(output_spec.find(c) for c in bias_axes)
    shape = [sizes[c] if c in bias_axes else 1 for c in output_spec[first:]]
    if not left_elided:
        shape.extend([1] * elided)
    return shape


class EinsumDense(Layer):
    """A layer that uses `einsum` as the backing computation.

    It computes `einsum(equation, inputs, kernel) + bias` for an equation such as
    `"ab,bc->ac"` (a Dense layer) or `"abc,cde->abde"` (a multi-head projection).

    Args:
        equation: the einsum equation `"<input>,<kernel>-><output>"`; `...` may stand
            for leading or trailing axes.
        output_shape: the expected output shape without the batch dimension (None
            for unknown dims); an int for a single axis.
        activation: the activation function; None means linear.
        bias_axes: the output labels that get a bias (e.g. "c"); None for no bias.
        kernel_initializer: the kernel's initializer ('glorot_uniform'; its fans come
            from the equation's input and output axes).
        bias_initializer: the bias's initializer ('zeros').
        kernel_regularizer, bias_regularizer: penalties added to the losses.
        kernel_constraint, bias_constraint: projections after each update.
        lora_rank, lora_alpha: not supported (must be None).

    Input shape:
        The shape the equation's input term describes.

    Output shape:
        `(batch_size, *output_shape)` (elided axes kept).

    Example:
    >>> import numpy as np
    >>> layer = EinsumDense("ab,bc->ac", output_shape=64, bias_axes="c")
    >>> layer(np.ones((2, 32), "float32")).shape
    (2, 64)
    """

    def __init__(
        self,
        equation,
        output_shape,
        activation=None,
        bias_axes=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        lora_rank=None,
        lora_alpha=None,
        gptq_unpacked_column_size=None,
        quantization_config=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if lora_rank is not None or quantization_config is not None:
            raise ValueError(
                "gradflow's EinsumDense does not support LoRA or quantization. "
                f"Received: lora_rank={lora_rank}, quantization_config={quantization_config}"
            )
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def _kernel_initializer_for(self, input_axes, output_axes):
        """A VarianceScaling initializer computes its fans from the equation's axes."""
        init = self.kernel_initializer
        if not isinstance(init, VarianceScaling) or (
            init.input_axes is not None and init.output_axes is not None
        ):
            return init
        config = init.get_config()
        config.update(input_axes=input_axes, output_axes=output_axes)
        updated = init.__class__.from_config(config)
        updated.seed = init.seed  # share the seed stream, as Keras does
        return updated

    def build(self, input_shape):
        kernel_shape, bias_shape, _, input_axes, output_axes = analyze_einsum_string(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        self.input_spec = InputSpec(ndim=len(input_shape))
        self.kernel = self.add_weight(
            name="kernel",
            shape=tuple(kernel_shape),
            initializer=self._kernel_initializer_for(input_axes, output_axes),
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            trainable=True,
        )
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias",
                shape=tuple(bias_shape),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
                trainable=True,
            )
        self.built = True

    def compute_output_shape(self, input_shape):
        _, _, full_output_shape, _, _ = analyze_einsum_string(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        return tuple(full_output_shape)

    def call(self, inputs, training=None):
        x = ops.einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = x + self.bias
        if self.activation is not None:
            x = self.activation(x)
        return x

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }
