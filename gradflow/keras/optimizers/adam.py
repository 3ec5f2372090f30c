"""keras.optimizers.Adam: adaptive moment estimation (Kingma & Ba, 2014), with AMSGrad."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Adam(Optimizer):
    """Optimizer that implements the Adam algorithm.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        beta_1: the decay rate of the first-moment estimates. Defaults to 0.9.
        beta_2: the decay rate of the second-moment estimates. Defaults to 0.999.
        epsilon: the "epsilon hat" of the paper, for numerical stability.
            Defaults to 1e-7.
        amsgrad: whether to apply the AMSGrad variant ("On the Convergence of Adam and
            beyond"). Defaults to False.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = Adam(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.array([0.5], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.9
    """

    _config_keys = ("beta_1", "beta_2", "epsilon", "amsgrad")

    def __init__(
        self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, **kwargs
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.amsgrad = amsgrad

    def build(self, var_list) -> None:
        """Create the momentum and velocity slots (and velocity_hat with AMSGrad)."""
        if self.built:
            return
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        if self.amsgrad:
            self._velocity_hats = self.add_optimizer_variables(var_list, "velocity_hat")

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
        alpha = lr * gnp.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        self.assign_add(m, (gradient - m) * (1 - self.beta_1))
        self.assign_add(v, (gnp.square(gradient) - v) * (1 - self.beta_2))
        if self.amsgrad:
            v_hat = self._velocity_hats[index]
            self.assign(v_hat, gnp.maximum(v_hat.value(), v.value()))
            v = v_hat
        self.assign_sub(variable, (m * alpha) / (gnp.sqrt(v.value()) + self.epsilon))
