"""PReLU: a leaky ReLU whose negative slope is learned per unit."""

from __future__ import annotations

from gradflow.keras import activations, constraints, initializers, regularizers
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class PReLU(Layer):
    """Parametric Rectified Linear Unit activation layer.

    Formula: `f(x) = alpha * x for x < 0`, `f(x) = x for x >= 0`, where `alpha` is a
    learned array with the same shape as x (without the batch axis).

    Args:
        alpha_initializer: initializer of the weights ('Zeros').
        alpha_regularizer: regularizer of the weights.
        alpha_constraint: constraint of the weights.
        shared_axes: the axes along which the activation parameters are shared, e.g.
            `[1, 2]` for 2D feature maps `(batch, height, width, channels)`, so each
            filter has one parameter.

    Input shape:
        Arbitrary.

    Output shape:
        Same as the input.

    Example:
    >>> import numpy as np
    >>> layer = PReLU(alpha_initializer="ones", shared_axes=[1])
    >>> layer(np.array([[[-2.0, 1.0]]], "float32")).tolist(), layer.alpha.shape
    ([[[-2.0, 1.0]]], (1, 2))
    """

    def __init__(
        self,
        alpha_initializer="Zeros",
        alpha_regularizer=None,
        alpha_constraint=None,
        shared_axes=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif not isinstance(shared_axes, (list, tuple)):
            self.shared_axes = [shared_axes]
        else:
            self.shared_axes = list(shared_axes)

    def build(self, input_shape):
        param_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            param_shape[axis - 1] = 1
        self.alpha = self.add_weight(
            shape=param_shape,
            name="alpha",
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )
        axes = {}
        if self.shared_axes:
            axes = {
                i: input_shape[i] for i in range(1, len(input_shape)) if i not in self.shared_axes
            }
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)
        self.built = True

    def call(self, inputs):
        positive = activations.relu(inputs)
        negative = -self.alpha * activations.relu(-inputs)
        return positive + negative

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }
