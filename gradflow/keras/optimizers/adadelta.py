"""keras.optimizers.Adadelta: adaptive learning rates from windows of past updates."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Adadelta(Optimizer):
    """Optimizer that implements the Adadelta algorithm (Zeiler, 2012): a moving window
    of gradient updates instead of all past gradients.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable. Defaults to
            0.001 (the original paper uses 1.0).
        rho: the decay rate. Defaults to 0.95.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = Adadelta(learning_rate=1.0)
    >>> opt.apply([gf.constant(np.array([1.0], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 5)
    0.99859
    """

    _config_keys = ("rho", "epsilon")

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        """Create the accumulated_grad and accumulated_delta_var slots."""
        if self.built:
            return
        super().build(var_list)
        self._accumulated_grads, self._accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"]
        )

    def _rms(self, x):
        return gnp.sqrt(x + self.epsilon)

    def update_step(self, grad, variable, learning_rate) -> None:
        lr = _cast(learning_rate, variable.dtype)
        grad = _cast(grad, variable.dtype)
        rho = self.rho
        index = self._get_variable_index(variable)
        accumulated_grad = self._accumulated_grads[index]
        accumulated_delta_var = self._accumulated_delta_vars[index]
        self.assign(accumulated_grad, rho * accumulated_grad + (1 - rho) * gnp.square(grad))
        delta_var = -(
            (self._rms(accumulated_delta_var.value()) * grad) / self._rms(accumulated_grad.value())
        )
        self.assign(
            accumulated_delta_var,
            rho * accumulated_delta_var + (1 - rho) * gnp.square(delta_var),
        )
        self.assign_add(variable, lr * delta_var)
