"""keras.optimizers.Adagrad: per-parameter learning rates from the sum of squared
gradients."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import initializers
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Adagrad(Optimizer):
    """Optimizer that implements the Adagrad algorithm: each parameter's learning rate
    shrinks with the sum of its squared gradients.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        initial_accumulator_value: the starting value of the accumulators (>= 0).
            Defaults to 0.1.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = Adagrad(learning_rate=0.1, initial_accumulator_value=0.0)
    >>> opt.apply([gf.constant(np.array([2.0], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9
    """

    _config_keys = ("initial_accumulator_value", "epsilon")

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        """Create the accumulator slots, filled with `initial_accumulator_value`."""
        if self.built:
            return
        super().build(var_list)
        initializer = initializers.Constant(self.initial_accumulator_value)
        self._accumulators = self.add_optimizer_variables(
            var_list, "accumulator", initializer=initializer
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = _cast(learning_rate, variable.dtype)
        gradient = _cast(gradient, variable.dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        self.assign_add(accumulator, gnp.square(gradient))
        self.assign_sub(variable, (lr * gradient) / gnp.sqrt(accumulator.value() + self.epsilon))
