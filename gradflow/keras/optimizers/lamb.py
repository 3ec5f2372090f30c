"""keras.optimizers.Lamb: Adam with layer-wise trust ratios (You et al., 2019)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Lamb(Optimizer):
    """Optimizer that implements the Lamb algorithm: each variable's Adam update is
    rescaled by the trust ratio `||w|| / ||update||` (1 where either norm is 0).

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        beta_1: the decay rate of the first-moment estimates. Defaults to 0.9.
        beta_2: the decay rate of the second-moment estimates. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([3.0, 4.0], np.float32))
    >>> opt = Lamb(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.array([1.0, 0.0], np.float32))], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [2.5, 4.0]
    """

    _config_keys = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        """Create the momentum and velocity slots."""
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = _cast(learning_rate, dtype)
        gradient = _cast(gradient, dtype)
        local_step = _cast(self.iterations + 1, dtype)
        beta_1_power = gnp.pow(_cast(self.beta_1, dtype), local_step)
        beta_2_power = gnp.pow(_cast(self.beta_2, dtype), local_step)
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        self.assign_add(m, (gradient - m) * (1 - self.beta_1))
        self.assign_add(v, (gnp.square(gradient) - v) * (1 - self.beta_2))
        m_t_hat = m / (1.0 - beta_1_power)
        v_sqrt = gnp.sqrt(v / (1.0 - beta_2_power)) + self.epsilon
        update = m_t_hat / v_sqrt
        w_norm = gnp.sqrt(gnp.sum(gnp.pow(variable.value(), 2)))
        g_norm = gnp.sqrt(gnp.sum(gnp.pow(update, 2)))
        one = gnp.ones_like(w_norm)
        # the trust ratio, 1 where either norm is 0 (no division by zero is selected)
        ratio = gnp.where(w_norm > 0, gnp.where(g_norm > 0, w_norm / g_norm, one), one)
        self.assign_sub(variable, ratio * lr * update)
