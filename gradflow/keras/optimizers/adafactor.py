"""keras.optimizers.Adafactor: Adam-like steps with factored second moments (Shazeer &
Stern, 2018)."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Adafactor(Optimizer):
    """Optimizer that implements the Adafactor algorithm: for variables of rank 2 or
    more the second-moment estimate is stored as a row and a column average over the
    last two axes, which saves memory.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        beta_2_decay: the decay exponent of the second-moment rate. Defaults to -0.8.
        epsilon_1: added to the squared gradients. Defaults to 1e-30.
        epsilon_2: the floor of the relative step size. Defaults to 1e-3.
        clip_threshold: the RMS the update is clipped to. Defaults to 1.0.
        relative_step: whether a float learning rate is capped at
            `1 / sqrt(iterations + 1)`. Defaults to True.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.ones((2, 2), np.float32))
    >>> opt = Adafactor(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.full((2, 2), 0.5, np.float32))], [w])
    >>> [round(x, 4) for x in w.numpy().ravel().tolist()]
    [0.9, 0.9, 0.9, 0.9]
    """

    _config_keys = ("beta_2_decay", "epsilon_1", "epsilon_2", "clip_threshold", "relative_step")

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=1e-3,
        clip_threshold=1.0,
        relative_step=True,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, var_list) -> None:
        """Per variable: the row and column factors (int32 scalar placeholders for
        variables of rank < 2, as Keras makes them), then the velocity."""
        if self.built:
            return
        super().build(var_list)
        self._r, self._c, self._v = [], [], []
        for var in var_list:
            shape = tuple(var.shape)
            if len(shape) < 2:
                for factors in (self._r, self._c):
                    factors.append(self._new_variable(np.int32(0), var.name, path=var.name))
            else:
                # always factor the last two dimensions
                self._r.append(self.add_variable(shape[:-1], dtype=var.dtype, name=var.name))
                self._c.append(
                    self.add_variable(shape[:-2] + shape[-1:], dtype=var.dtype, name=var.name)
                )
            self._v.append(self.add_variable_from_reference(var, name="velocity"))

    def _rms(self, x):
        return gnp.sqrt(gnp.mean(gnp.square(x)))

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = variable.dtype
        lr = _cast(learning_rate, dtype)
        gradient = _cast(gradient, dtype)
        epsilon_2 = _cast(self.epsilon_2, dtype)
        one = _cast(1.0, dtype)
        local_step = _cast(self.iterations + 1, dtype)
        if not callable(self._learning_rate) and self.relative_step:
            lr = gnp.minimum(lr, 1 / gnp.sqrt(local_step))
        index = self._get_variable_index(variable)
        r, c, v = self._r[index], self._c[index], self._v[index]
        rho_t = gnp.minimum(lr, 1 / gnp.sqrt(local_step))
        alpha_t = gnp.maximum(epsilon_2, self._rms(variable.value())) * rho_t
        regulated_grad_square = gnp.square(gradient) + self.epsilon_1
        beta_2_t = 1 - gnp.pow(local_step, self.beta_2_decay)
        if len(variable.shape) >= 2:
            rows = gnp.mean(regulated_grad_square, axis=-1)
            cols = gnp.mean(regulated_grad_square, axis=-2)
            self.assign(r, beta_2_t * r + (1 - beta_2_t) * rows)
            self.assign(c, beta_2_t * c + (1 - beta_2_t) * cols)
            r_value = r.value()
            normalized_rows = r_value / gnp.mean(r_value, axis=-1, keepdims=True)
            self.assign(
                v, gnp.expand_dims(normalized_rows, axis=-1) * gnp.expand_dims(c.value(), axis=-2)
            )
        else:
            self.assign(v, beta_2_t * v + (1 - beta_2_t) * regulated_grad_square)
        u_t = gradient / gnp.sqrt(v.value())
        u_t_hat = u_t / gnp.maximum(one, self._rms(u_t) / self.clip_threshold)
        self.assign_sub(variable, alpha_t * u_t_hat)
