"""keras.optimizers.RMSprop: divide the gradient by a running RMS of recent gradients."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class RMSprop(Optimizer):
    """Optimizer that implements the RMSprop algorithm (Hinton, 2012).

    Keeps a moving average of the squared gradients and divides the gradient by its
    root; `centered=True` also keeps a moving average of the gradients and uses the
    variance instead. Momentum here is plain, not Nesterov.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        rho: the discounting factor for old gradients. Defaults to 0.9.
        momentum: if above 0, the increments accumulate with this decay. Defaults to 0.0.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        centered: whether to normalize by the estimated variance of the gradient.
            Defaults to False.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([10.0], np.float32))
    >>> opt = RMSprop(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.array([10.0], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    9.6838
    """

    _config_keys = ("rho", "momentum", "epsilon", "centered")

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-7,
        centered=False,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, var_list) -> None:
        """Create the velocity slots, then momentum and average_gradient when used."""
        if self.built:
            return
        super().build(var_list)
        self._velocities = self.add_optimizer_variables(var_list, "velocity")
        self._momentums = []
        if self.momentum > 0:
            self._momentums = self.add_optimizer_variables(var_list, "momentum")
        self._average_gradients = []
        if self.centered:
            self._average_gradients = self.add_optimizer_variables(var_list, "average_gradient")

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = _cast(learning_rate, variable.dtype)
        gradient = _cast(gradient, variable.dtype)
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        rho = self.rho
        self.assign(velocity, rho * velocity + (1 - rho) * gnp.square(gradient))
        if self.centered:
            average_grad = self._average_gradients[index]
            self.assign(average_grad, rho * average_grad + (1 - rho) * gradient)
            denominator = velocity - gnp.square(average_grad.value()) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = (lr * gradient) / gnp.sqrt(denominator)
        if self.momentum > 0:
            momentum = self._momentums[index]
            self.assign(momentum, self.momentum * momentum + increment)
            self.assign_sub(variable, momentum.value())
        else:
            self.assign_sub(variable, increment)
