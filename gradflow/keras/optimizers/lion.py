"""keras.optimizers.Lion: sign updates from an interpolated momentum (Chen et al., 2023)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer, _cast

gnp = gf.numpy


class Lion(Optimizer):
    """Optimizer that implements the Lion algorithm: every update has the same size,
    `learning_rate * sign(beta_1 * m + (1 - beta_1) * g)`.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        beta_1: the interpolation rate between momentum and gradient for the update,
            in (0, 1]. Defaults to 0.9.
        beta_2: the decay rate of the momentum. Defaults to 0.99.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0, 1.0], np.float32))
    >>> opt = Lion(learning_rate=0.1)
    >>> opt.apply([gf.constant(np.array([0.5, -3.0], np.float32))], [w])
    >>> [round(x, 4) for x in w.numpy().tolist()]
    [0.9, 1.1]
    """

    _config_keys = ("beta_1", "beta_2")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "
                f"degenerates to SignSGD. Received: beta_1={beta_1}."
            )

    def build(self, var_list) -> None:
        """Create the momentum slots."""
        if self.built:
            return
        super().build(var_list)
        self._momentums = self.add_optimizer_variables(var_list, "momentum")

    def update_step(self, gradient, variable, learning_rate) -> None:
        lr = _cast(learning_rate, variable.dtype)
        gradient = _cast(gradient, variable.dtype)
        beta_1 = _cast(self.beta_1, variable.dtype)
        beta_2 = _cast(self.beta_2, variable.dtype)
        m = self._momentums[self._get_variable_index(variable)]
        self.assign_sub(variable, lr * gnp.sign(m * beta_1 + gradient * (1.0 - beta_1)))
        self.assign(m, m * beta_2 + gradient * (1.0 - beta_2))
