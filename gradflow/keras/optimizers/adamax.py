"""keras.optimizers.Adamax: Adam with the infinity norm (Kingma & Ba, section 7)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Adamax(Optimizer):
    """Optimizer that implements the Adamax algorithm, a variant of Adam based on the
    infinity norm: `u = max(beta_2 * u, |g|)`, `w -= lr * m / ((1 - beta_1**t) * (u + eps))`.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        beta_1: the decay rate of the first-moment estimates. Defaults to 0.9.
        beta_2: the decay rate of the exponentially weighted infinity norm.
            Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = Adamax(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.array([0.5], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9
    """

    _config_keys = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        """Create the momentum and norm slots."""
        if self.built:
            return
        super().build(var_list)
        self._m, self._u = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = _cast(learning_rate, dtype)
        gradient = _cast(gradient, dtype)
        local_step = _cast(self.iterations + 1, dtype)
        beta_1_power = gnp.pow(_cast(self.beta_1, dtype), local_step)
        index = self._get_variable_index(variable)
        m = self._m[index]
        u = self._u[index]
        self.assign_add(m, (gradient - m) * (1 - self.beta_1))
        self.assign(u, gnp.maximum(self.beta_2 * u, gnp.abs(gradient)))
        self.assign_sub(variable, (lr * m) / ((1 - beta_1_power) * (u.value() + self.epsilon)))
