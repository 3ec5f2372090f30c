"""keras.optimizers.schedules: learning rates as functions of the optimizer step.

Every schedule is written in gradflow ops on the step tensor, so an optimizer can
evaluate it on its (symbolic) `iterations` inside a traced train step.
"""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.saving import serialization_lib

gnp = gf.numpy
_MODULE = "keras.optimizers.schedules"


class LearningRateSchedule:
    """The base class of learning rate schedules: `schedule(step) -> learning rate`.

    Subclasses implement `__call__(self, step)` (a scalar integer tensor in, a scalar
    tensor out) and, to be serializable, `get_config`.

    Example:
    >>> class Halving(LearningRateSchedule):
    ...     def __init__(self, initial_learning_rate):
    ...         self.initial_learning_rate = initial_learning_rate
    ...     def __call__(self, step):
    ...         return self.initial_learning_rate / (step + 1)
    >>> float(Halving(0.1)(1))
    0.05
    """

    _keras_module = _MODULE
    # The built-in schedules' constructor arguments, kept as same-named attributes:
    # the default `get_config` returns them, in this order.
    _config_keys: tuple = ()

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must override "
            "`__call__(self, step)`."
        )

    def get_config(self) -> dict:
        if not self._config_keys:
            raise NotImplementedError(
                f"Learning rate schedule '{self.__class__.__name__}' must override "
                "`get_config()` in order to be serializable."
            )
        return {key: getattr(self, key) for key in self._config_keys}

    @classmethod
    def from_config(cls, config: dict):
        """The schedule `get_config()` describes."""
        return cls(**config)


def _check_decay_steps(name: str, value) -> None:
    if value <= 0:
        raise ValueError(f"Argument `{name}` must be > 0. Received: {name}={value}")


def _float_step(step, dtype):
    """The optimizer step (a variable, tensor or Python int) as a float tensor."""
    return backend.convert_to_tensor(step, dtype=dtype)


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`; with `staircase`
    the exponent is floored.

    Args:
        initial_learning_rate: float, the initial learning rate.
        decay_steps: int > 0.
        decay_rate: float.
        staircase: whether to decay at discrete intervals.
        name: a name. Defaults to "ExponentialDecay".

    Example:
    >>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    >>> round(float(schedule(20)), 6)
    0.025
    """

    _keras_module = _MODULE
    _config_keys = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_decay_steps("decay_steps", decay_steps)

    def __call__(self, step):
        initial_learning_rate = backend.convert_to_tensor(self.initial_learning_rate)
        dtype = initial_learning_rate.dtype
        p = _float_step(step, dtype) / _float_step(self.decay_steps, dtype)
        if self.staircase:
            p = gnp.floor(p)
        return initial_learning_rate * gnp.pow(_float_step(self.decay_rate, dtype), p)


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[0]` while `step <= boundaries[0]`, `values[1]` while
    `step <= boundaries[1]`, …, and `values[-1]` after the last boundary.

    Args:
        boundaries: strictly increasing Python numbers (compared with the step in the
            step's dtype).
        values: one more number than `boundaries`.
        name: a name. Defaults to "PiecewiseConstant".

    Example:
    >>> schedule = PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    >>> [float(schedule(s)) for s in (10, 11, 21)]
    [1.0, 0.5, 0.10000000149011612]
    """

    _keras_module = _MODULE
    _config_keys = ("boundaries", "values", "name")

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        super().__init__()
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. "
                f"Received: boundaries={boundaries} of length {len(boundaries)}, and "
                f"values={values} of length {len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = backend.convert_to_tensor(step)
        boundaries = [backend.convert_to_tensor(b, dtype=step.dtype) for b in self.boundaries]
        values = [backend.convert_to_tensor(v) for v in self.values]
        dtype = values[0].dtype
        # a sum of indicator * value: one tensor expression, no Python branch on `step`
        result = gnp.astype(step <= boundaries[0], dtype) * values[0]
        result = result + gnp.astype(step > boundaries[-1], dtype) * values[-1]
        for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
            in_range = gnp.logical_and(step > low, step <= high)
            result = result + gnp.astype(in_range, dtype) * value
        return result


class PolynomialDecay(LearningRateSchedule):
    """Decay from `initial_learning_rate` to `end_learning_rate` over `decay_steps`:
    `(initial - end) * (1 - step / decay_steps) ** power + end`, with the step capped at
    `decay_steps`, or, with `cycle`, `decay_steps` stretched to the next multiple.

    Args:
        initial_learning_rate: float.
        decay_steps: int > 0.
        end_learning_rate: float. Defaults to 0.0001.
        power: float. Defaults to 1.0.
        cycle: whether to cycle beyond `decay_steps`.
        name: a name. Defaults to "PolynomialDecay".

    Example:
    >>> schedule = PolynomialDecay(0.1, decay_steps=10, end_learning_rate=0.0)
    >>> [round(float(schedule(s)), 6) for s in (0, 5, 50)]
    [0.1, 0.05, 0.0]
    """

    _keras_module = _MODULE
    _config_keys = (
        "initial_learning_rate",
        "decay_steps",
        "end_learning_rate",
        "power",
        "cycle",
        "name",
    )

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name
        _check_decay_steps("decay_steps", decay_steps)

    def __call__(self, step):
        initial_learning_rate = backend.convert_to_tensor(self.initial_learning_rate)
        dtype = initial_learning_rate.dtype
        end_learning_rate = _float_step(self.end_learning_rate, dtype)
        power = _float_step(self.power, dtype)
        global_step = _float_step(step, dtype)
        decay_steps = _float_step(self.decay_steps, dtype)
        if self.cycle:
            multiplier = gnp.where(
                global_step == 0,
                gnp.ones_like(global_step),
                gnp.ceil(global_step / self.decay_steps),
            )
            decay_steps = decay_steps * multiplier
        else:
            global_step = gnp.minimum(global_step, decay_steps)
        p = global_step / decay_steps
        return (initial_learning_rate - end_learning_rate) * gnp.pow(
            1 - p, power
        ) + end_learning_rate


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`; with
    `staircase` the quotient is floored.

    Args:
        initial_learning_rate: float.
        decay_steps: how often to apply decay (> 0).
        decay_rate: float.
        staircase: whether to decay at discrete intervals.
        name: a name. Defaults to "InverseTimeDecay".

    Example:
    >>> schedule = InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)
    >>> round(float(schedule(2)), 6)
    0.05
    """

    _keras_module = _MODULE
    _config_keys = ("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name")

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="InverseTimeDecay",
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name
        _check_decay_steps("decay_steps", decay_steps)

    def __call__(self, step):
        initial_learning_rate = backend.convert_to_tensor(self.initial_learning_rate)
        dtype = initial_learning_rate.dtype
        p = _float_step(step, dtype) / _float_step(self.decay_steps, dtype)
        if self.staircase:
            p = gnp.floor(p)
        denominator = _float_step(1, dtype) + _float_step(self.decay_rate, dtype) * p
        return initial_learning_rate / denominator


class CosineDecay(LearningRateSchedule):
    """Cosine decay (SGDR, Loshchilov & Hutter 2016), with an optional linear warmup.

    With `warmup_target`, the rate first rises linearly from `initial_learning_rate`
    to `warmup_target` over `warmup_steps`; then it decays over `decay_steps` as
    `lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha)`, where
    `lr0` is `warmup_target` (or `initial_learning_rate` without warmup).

    Args:
        initial_learning_rate: float.
        decay_steps: int > 0, the number of steps to decay over.
        alpha: the final rate as a fraction of `lr0`. Defaults to 0.0.
        name: a name. Defaults to "CosineDecay".
        warmup_target: float or None (no warmup).
        warmup_steps: int, the number of warmup steps. Defaults to 0.

    Example:
    >>> schedule = CosineDecay(0.0, 10, warmup_target=0.1, warmup_steps=5)
    >>> [round(float(schedule(s)), 6) for s in (0, 5, 10, 15)]
    [0.0, 0.1, 0.05, 0.0]
    """

    _keras_module = _MODULE
    _config_keys = (
        "initial_learning_rate",
        "decay_steps",
        "alpha",
        "name",
        "warmup_target",
        "warmup_steps",
    )

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_steps = warmup_steps
        self.warmup_target = warmup_target
        _check_decay_steps("decay_steps", decay_steps)

    def _decay_function(self, step, decay_steps, decay_from_lr, dtype):
        completed_fraction = step / decay_steps
        pi = _float_step(math.pi, dtype)
        cosine_decayed = 0.5 * (1.0 + gnp.cos(pi * completed_fraction))
        decayed = (1 - self.alpha) * cosine_decayed + self.alpha
        return decay_from_lr * decayed

    def _warmup_function(self, step, warmup_steps, warmup_target, initial_learning_rate):
        completed_fraction = step / warmup_steps
        total_step_delta = warmup_target - initial_learning_rate
        return total_step_delta * completed_fraction + initial_learning_rate

    def __call__(self, step):
        initial_learning_rate = backend.convert_to_tensor(self.initial_learning_rate)
        dtype = initial_learning_rate.dtype
        decay_steps = _float_step(self.decay_steps, dtype)
        global_step = _float_step(step, dtype)
        if self.warmup_target is None:
            global_step = gnp.minimum(global_step, decay_steps)
            return self._decay_function(global_step, decay_steps, initial_learning_rate, dtype)
        warmup_target = _float_step(self.warmup_target, dtype)
        warmup_steps = _float_step(self.warmup_steps, dtype)
        global_step = gnp.minimum(global_step, decay_steps + warmup_steps)
        # both phases are computed and `where` picks one: no Python branch on the step
        warmup = self._warmup_function(
            global_step, warmup_steps, warmup_target, initial_learning_rate
        )
        decay = self._decay_function(global_step - warmup_steps, decay_steps, warmup_target, dtype)
        return gnp.where(global_step < warmup_steps, warmup, decay)


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR): the multiplier decays from 1 to `alpha`
    over `first_decay_steps`, then restarts; each period is `t_mul` times longer and
    starts `m_mul` times lower than the previous one.

    Args:
        initial_learning_rate: float.
        first_decay_steps: int > 0, the length of the first period.
        t_mul: the period-length factor. Defaults to 2.0.
        m_mul: the restart-height factor. Defaults to 1.0.
        alpha: the minimum rate as a fraction of `initial_learning_rate`.
            Defaults to 0.0.
        name: a name. Defaults to "SGDRDecay".

    Example:
    >>> schedule = CosineDecayRestarts(0.1, first_decay_steps=10, t_mul=1.0)
    >>> [round(float(schedule(s)), 6) for s in (0, 5, 10)]
    [0.1, 0.05, 0.1]
    """

    _keras_module = _MODULE

    def __init__(
        self,
        initial_learning_rate,
        first_decay_steps,
        t_mul=2.0,
        m_mul=1.0,
        alpha=0.0,
        name="SGDRDecay",
    ):
        super().__init__()
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name
        _check_decay_steps("first_decay_steps", first_decay_steps)

    def __call__(self, step):
        initial_learning_rate = backend.convert_to_tensor(self.initial_learning_rate)
        dtype = initial_learning_rate.dtype
        first_decay_steps = _float_step(self.first_decay_steps, dtype)
        alpha = _float_step(self.alpha, dtype)
        t_mul = _float_step(self._t_mul, dtype)
        m_mul = _float_step(self._m_mul, dtype)
        completed_fraction = _float_step(step, dtype) / first_decay_steps
        # t_mul is a Python number, so which formula applies is known while tracing
        if self._t_mul == 1.0:
            i_restart = gnp.floor(completed_fraction)
            completed_fraction = completed_fraction - i_restart
        else:
            i_restart = gnp.floor(
                gnp.log(1.0 - completed_fraction * (1.0 - t_mul)) / gnp.log(t_mul)
            )
            sum_r = (1.0 - gnp.pow(t_mul, i_restart)) / (1.0 - t_mul)
            completed_fraction = (completed_fraction - sum_r) / gnp.pow(t_mul, i_restart)
        m_fac = gnp.pow(m_mul, i_restart)
        pi = _float_step(math.pi, dtype)
        cosine_decayed = 0.5 * m_fac * (1.0 + gnp.cos(pi * completed_fraction))
        decayed = (1 - alpha) * cosine_decayed + alpha
        return initial_learning_rate * decayed

    def get_config(self) -> dict:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


ALL_OBJECTS_DICT = {
    cls.__name__: cls
    for cls in (
        LearningRateSchedule,
        ExponentialDecay,
        PiecewiseConstantDecay,
        PolynomialDecay,
        InverseTimeDecay,
        CosineDecay,
        CosineDecayRestarts,
    )
}


def serialize(learning_rate_schedule) -> dict:
    """A schedule as Keras's config dict.

    Example:
    >>> serialize(ExponentialDecay(0.1, 10, 0.9))["class_name"]
    'ExponentialDecay'
    """
    return serialization_lib.serialize_keras_object(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """The schedule a config dict (from `serialize`) describes.

    Example:
    >>> deserialize(serialize(ExponentialDecay(0.1, 10, 0.9))).decay_rate
    0.9
    """
    return serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )
