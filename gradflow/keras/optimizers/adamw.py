"""keras.optimizers.AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019)."""

from __future__ import annotations

from gradflow.keras.optimizers.adam import Adam


class AdamW(Adam):
    """Optimizer that implements the AdamW algorithm: Adam plus decoupled weight decay
    (`w = w - w * weight_decay * learning_rate` before each Adam step).

    Args:
        learning_rate: a float, a `LearningRateSchedule` or a callable.
            Defaults to 0.001.
        weight_decay: float, the decoupled weight decay. Defaults to 0.004.
        beta_1: the decay rate of the first-moment estimates. Defaults to 0.9.
        beta_2: the decay rate of the second-moment estimates. Defaults to 0.999.
        epsilon: a small constant for numerical stability. Defaults to 1e-7.
        amsgrad: whether to apply the AMSGrad variant. Defaults to False.
        **kwargs: the other base `Optimizer` arguments (clipnorm, clipvalue,
            global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
            loss_scale_factor, gradient_accumulation_steps, name).

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = AdamW(learning_rate=0.1, weight_decay=0.5)
    >>> opt.apply([gf.constant(np.array([0.5], np.float32))], [w])
    >>> round(float(w.numpy()[0]), 4)
    0.85
    """

    def __init__(
        self,
        learning_rate=0.001,
        weight_decay=0.004,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            weight_decay=weight_decay,
            **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
