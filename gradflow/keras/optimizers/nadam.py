"""keras.optimizers.Nadam: Adam with Nesterov momentum (Dozat, 2015)."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.optimizers.optimizer import Optimizer, _cast
from gradflow.keras.utils.naming import uniquify

gnp = gf.numpy


class Nadam(Optimizer):
    """Optimizer that implements the Nadam algorithm: Adam with Nesterov momentum and
    Dozat's momentum schedule `u_t = beta_1 * (1 - 0.5 * 0.96**t)`.

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
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = Nadam(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.array([0.5], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.8937
    """

    _config_keys = ("beta_1", "beta_2", "epsilon")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, var_list) -> None:
        """Create the momentum and velocity slots, then the running product of the
        momentum schedule (a scalar, last, as Keras lays it out)."""
        if self.built:
            return
        var_list = list(var_list)
        dtype = var_list[0].dtype if var_list else backend.floatx()
        super().build(var_list)
        self._momentums, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        # Keras makes this one a plain, auto-named variable ('variable', 'variable_1' …)
        name = uniquify("variable")
        self._u_product = self._new_variable(np.asarray(1.0, dtype), name, path=name)

    def _backend_update_step(self, grads, trainable_variables, learning_rate) -> None:
        dtype = self._u_product.dtype
        step = _cast(self.iterations + 1, dtype)
        self.assign(
            self._u_product,
            self._u_product * self.beta_1 * (1.0 - 0.5 * gnp.pow(_cast(0.96, dtype), step)),
        )
        super()._backend_update_step(grads, trainable_variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = _cast(learning_rate, dtype)
        gradient = _cast(gradient, dtype)
        local_step = _cast(self.iterations + 1, dtype)
        next_step = _cast(self.iterations + 2, dtype)
        decay = _cast(0.96, dtype)
        beta_1 = _cast(self.beta_1, dtype)
        beta_2 = _cast(self.beta_2, dtype)
        u_t = beta_1 * (1.0 - 0.5 * gnp.pow(decay, local_step))
        u_t_1 = beta_1 * (1.0 - 0.5 * gnp.pow(decay, next_step))
        u_product_t = _cast(self._u_product, dtype)
        u_product_t_1 = u_product_t * u_t_1
        beta_2_power = gnp.pow(beta_2, local_step)
        index = self._get_variable_index(variable)
        m = self._momentums[index]
        v = self._velocities[index]
        self.assign_add(m, (gradient - m) * (1 - beta_1))
        self.assign_add(v, (gnp.square(gradient) - v) * (1 - beta_2))
        m_hat = (u_t_1 * m) / (1 - u_product_t_1) + ((1 - u_t) * gradient) / (1 - u_product_t)
        v_hat = v / (1 - beta_2_power)
        self.assign_sub(variable, (m_hat * lr) / (gnp.sqrt(v_hat) + self.epsilon))
