"""keras.optimizers.SGD: gradient descent, with optional (Nesterov) momentum."""

from __future__ import annotations

from gradflow.keras.optimizers.optimizer import Optimizer, _cast


class SGD(Optimizer):
    """Gradient descent (with momentum) optimizer.

    Without momentum: `w = w - learning_rate * g`. With momentum:
    `velocity = momentum * velocity - learning_rate * g; w = w + velocity`, and with
    Nesterov momentum `w = w + momentum * velocity - learning_rate * g`.

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable. Defaults to 0.01.
        momentum: float in [0, 1]; 0 is vanilla gradient descent. Defaults to 0.0.
        nesterov: whether to apply Nesterov momentum. Defaults to False.
        **kwargs: the base `Optimizer` arguments (weight_decay, clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = SGD(learning_rate=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     opt.apply([gf.constant(np.array([1.0], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.71
    """

    _config_keys = ("momentum", "nesterov")

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        if not isinstance(momentum, float) or momentum < 0 or momentum > 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        self.momentum = momentum
        self.nesterov = nesterov

    def build(self, variables) -> None:
        """Create one momentum slot per variable (none when `momentum` is 0)."""
        if self.built:
            return
        super().build(variables)
        self.momentums = []
        if self.momentum != 0:
            self.momentums = self.add_optimizer_variables(variables, "momentum")

    def update_step(self, gradient, variable, learning_rate) -> None:
        learning_rate = _cast(learning_rate, variable.dtype)
        gradient = _cast(gradient, variable.dtype)
        if self.momentum == 0:
            self.assign_sub(variable, gradient * learning_rate)
            return
        m = self.momentums[self._get_variable_index(variable)]
        momentum = _cast(self.momentum, variable.dtype)
        self.assign(m, m * momentum - gradient * learning_rate)
        if self.nesterov:
            self.assign_add(variable, m * momentum - gradient * learning_rate)
        else:
            self.assign_add(variable, m)
