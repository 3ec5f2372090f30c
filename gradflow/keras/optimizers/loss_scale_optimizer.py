"""keras.optimizers.LossScaleOptimizer: dynamic loss scaling around another optimizer."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras.optimizers.optimizer import Optimizer
from gradflow.keras.saving import serialization_lib

gnp = gf.numpy

# Base-optimizer arguments that older configs carry; only their defaults are accepted.
_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


class LossScaleOptimizer(Optimizer):
    """An optimizer that dynamically scales the loss to prevent float16 underflow.

    `scale_loss` multiplies the loss by the current scale, and `apply` divides the
    gradients by it before handing them to the inner optimizer. On a step with a
    non-finite gradient the update is skipped and the scale halved; after
    `dynamic_growth_steps` finite steps in a row the scale doubles. The skip is a
    `where` on the step's results, so `apply` works inside a traced train step.

    Args:
        inner_optimizer: the `Optimizer` to wrap.
        initial_scale: float, the initial loss scale. Defaults to 2**15.
        dynamic_growth_steps: int, how many finite steps double the scale.
            Defaults to 2000.
        name: the optimizer's name.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow.keras.optimizers import SGD
    >>> w = gf.Variable(np.array([1.0], np.float32))
    >>> opt = LossScaleOptimizer(SGD(learning_rate=0.5), initial_scale=4.0)
    >>> opt.apply([gf.constant(np.array([np.inf], np.float32))], [w])  # skipped
    >>> opt.apply([gf.constant(np.array([2.0], np.float32))], [w])  # 2.0 / 2.0
    >>> w.numpy().tolist(), float(opt.dynamic_scale.numpy())
    ([0.5], 2.0)
    """

    def __init__(
        self, inner_optimizer, initial_scale=2.0**15, dynamic_growth_steps=2000, name=None, **kwargs
    ):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. Instead, simply set "
                "`loss_scale_factor` directly on the `inner_optimizer`."
            )
        for arg_name, default in _BASE_DEFAULTS.items():
            if arg_name in kwargs and kwargs.pop(arg_name) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{arg_name}`. Instead, set "
                    f"`{arg_name}` on the `inner_optimizer`."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer does not support arguments: `{'`, `'.join(kwargs)}`."
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        # the inner optimizer must not unscale the gradients a second time
        self.inner_optimizer.loss_scale_factor = None

    def build(self, var_list) -> None:
        """Create the step counter and the scale, then build the inner optimizer."""
        self.step_counter = self.add_variable(shape=(), dtype="int32", name="step_counter")
        self.dynamic_scale = self.add_variable(
            shape=(), dtype="float32", initializer=self.initial_scale, name="dynamic_scale"
        )
        self.inner_optimizer.build(var_list)
        super().build(var_list)

    @property
    def variables(self) -> list:
        """This optimizer's variables, then the inner optimizer's."""
        return self._variables + self.inner_optimizer.variables

    def check_finite(self, grads):
        """A boolean scalar: whether every gradient is finite."""
        finite = [gnp.all(gnp.isfinite(g)) for g in grads if g is not None]
        return gnp.all(gnp.stack(finite))

    def apply(self, grads, trainable_variables=None) -> None:
        """Unscale the gradients and apply them with the inner optimizer, unless one is
        not finite; then update the loss scale."""
        grads = list(grads)
        if not self.built:
            if trainable_variables is None:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already "
                    "be built on a list of variables. Call "
                    "`optimizer.build(trainable_variables)` first. "
                )
            self.build(list(trainable_variables))
            self.built = True
        variables = (
            self._trainable_variables if trainable_variables is None else list(trainable_variables)
        )
        finite = self.check_finite(grads)
        scale = self.dynamic_scale.value()
        # 1. run the inner step, remembering the state to restore on a skipped step
        old_model = [v.value() for v in variables]
        old_inner = [v.value() for v in self.inner_optimizer.variables]
        # zeros on a skipped step: its results are dropped, and zeros make no inf/NaN noise
        unscaled = [
            None if g is None else gnp.where(finite, g / scale, gnp.zeros_like(g)) for g in grads
        ]
        self.inner_optimizer.apply(unscaled, trainable_variables=trainable_variables)
        for variable, old in zip(variables, old_model):
            variable.assign(gnp.where(finite, variable.value(), old))
        for variable, old in zip(self.inner_optimizer.variables, old_inner):
            variable.assign(gnp.where(finite, variable.value(), old))
        # 2. halve the scale after a non-finite step; double it every N finite steps
        counter = self.step_counter.value()
        grow = counter == self.dynamic_growth_steps - 1
        zero = gnp.zeros_like(counter)
        self.step_counter.assign(gnp.where(finite, gnp.where(grow, zero, counter + 1), zero))
        self.dynamic_scale.assign(
            gnp.where(finite, gnp.where(grow, scale * 2.0, scale), scale * 0.5)
        )

    @property
    def learning_rate(self):
        """The inner optimizer's learning rate (settable)."""
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self.inner_optimizer.learning_rate = learning_rate

    @property
    def iterations(self):
        """The inner optimizer's iterations (skipped steps do not count)."""
        return self.inner_optimizer.iterations

    def scale_loss(self, loss):
        """`loss` times the current loss scale."""
        scale = self.dynamic_scale if self.built else self.initial_scale
        return loss * scale

    def finalize_variable_values(self, var_list) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "inner_optimizer": serialization_lib.serialize_keras_object(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        config = dict(config)
        inner_optimizer = serialization_lib.deserialize_keras_object(
            config.pop("inner_optimizer"), custom_objects=custom_objects
        )
        return cls(inner_optimizer, **config)
