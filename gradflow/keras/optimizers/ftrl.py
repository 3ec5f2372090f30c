"""keras.optimizers.Ftrl: Follow The Regularized Leader (McMahan et al., 2013)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import initializers
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Ftrl(Optimizer):
    """Optimizer that implements the FTRL algorithm, suited to shallow models with large
    sparse feature spaces; supports online L1, L2 and L2-shrinkage regularization.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        learning_rate_power: how the learning rate decreases during training (<= 0;
            0 is a fixed learning rate). Defaults to -0.5.
        initial_accumulator_value: the starting value of the accumulators (>= 0).
            Defaults to 0.1.
        l1_regularization_strength: >= 0. Defaults to 0.0.
        l2_regularization_strength: >= 0 (a stabilization penalty). Defaults to 0.0.
        l2_shrinkage_regularization_strength: >= 0 (a magnitude penalty).
            Defaults to 0.0.
        beta: the beta of the paper. Defaults to 0.0.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = Ftrl(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.array([0.5], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.381
    """

    _config_keys = (
        "learning_rate_power",
        "initial_accumulator_value",
        "l1_regularization_strength",
        "l2_regularization_strength",
        "l2_shrinkage_regularization_strength",
        "beta",
    )

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        _check_non_negative("initial_accumulator_value", initial_accumulator_value)
        if learning_rate_power > 0.0:
            raise ValueError(
                "`learning_rate_power` needs to be negative or zero. Received: "
                f"learning_rate_power={learning_rate_power}."
            )
        _check_non_negative("l1_regularization_strength", l1_regularization_strength)
        _check_non_negative("l2_regularization_strength", l2_regularization_strength)
        _check_non_negative(
            "l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength
        )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, var_list) -> None:
        """Create the accumulator and linear slots (interleaved per variable)."""
        if self.built:
            return
        super().build(var_list)
        self._accumulators, self._linears = self.add_optimizer_variables(
            var_list,
            ["accumulator", "linear"],
            initializer=[initializers.Constant(self.initial_accumulator_value), "zeros"],
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = _cast(learning_rate, variable.dtype)
        gradient = _cast(gradient, variable.dtype)
        index = self._get_variable_index(variable)
        accum = self._accumulators[index]
        linear = self._linears[index]
        lr_power = self.learning_rate_power
        l2_reg = self.l2_regularization_strength + self.beta / (2.0 * lr)
        grad_to_use = gradient + 2 * self.l2_shrinkage_regularization_strength * variable
        new_accum = accum + gnp.square(gradient)
        self.assign_add(
            linear,
            grad_to_use
            - ((gnp.pow(new_accum, -lr_power) - gnp.pow(accum.value(), -lr_power)) / lr) * variable,
        )
        quadratic = gnp.pow(new_accum, -lr_power) / lr + 2 * l2_reg
        l1 = self.l1_regularization_strength
        linear_clipped = gnp.clip(linear.value(), -l1, l1)
        self.assign(variable, (linear_clipped - linear) / quadratic)
        self.assign(accum, new_accum)


def _check_non_negative(name: str, value) -> None:
    if value < 0.0:
        raise ValueError(f"`{name}` needs to be positive or zero. Received: {name}={value}.")
