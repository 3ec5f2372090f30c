"""keras.optimizers.Optimizer: the base class every optimizer builds on.

One `apply` serves eager calls and traced train steps alike: it uses only gradflow ops
and variable assignments, so the trainer can run it inside one `gf.function` graph.
Python `if`s here look only at configuration (clipnorm set? EMA on?), never at tensor
values; what depends on the step counter (gradient accumulation, EMA overwrites) is
computed for every step and selected with `where`, as Keras's JAX backend does.
"""

from __future__ import annotations

import re
import warnings

import numpy as np

import gradflow as gf
from gradflow.core import context
from gradflow.errors import GraphError
from gradflow.keras import backend
from gradflow.keras.optimizers.schedules import learning_rate_schedule
from gradflow.keras.saving import serialization_lib
from gradflow.keras.utils.naming import auto_name

gnp = gf.numpy
_UNTRACKED_ATTRIBUTES = ("_variables", "_trainable_variables")


def _cast(x, dtype):
    """`x` (a tensor, variable or Python number) as a tensor of `dtype`."""
    return backend.convert_to_tensor(x, dtype=dtype)


class Optimizer:
    """The base class of Keras optimizers.

    Subclasses create their per-variable state in `build` (with
    `add_variable_from_reference` or `add_optimizer_variables`), implement
    `update_step(gradient, variable, learning_rate)` with gradflow ops and
    `self.assign*`, and add their hyperparameters to `get_config` (the built-in ones
    name them in `_config_keys`).

    Args:
        learning_rate: a float, a
            `keras.optimizers.schedules.LearningRateSchedule`, or a callable that takes
            no arguments and returns the learning rate.
        weight_decay: float. If set, weight decay is applied.
        clipnorm: float. If set, each gradient is clipped so that its norm is no higher
            than this value.
        clipvalue: float. If set, each gradient is clipped to `[-clipvalue, clipvalue]`.
        global_clipnorm: float. If set, all gradients are clipped together so that
            their global norm is no higher than this value.
        use_ema: whether to keep an exponential moving average of the model's weights.
        ema_momentum: the EMA momentum (`new_average = ema_momentum * old_average +
            (1 - ema_momentum) * value`).
        ema_overwrite_frequency: every this many iterations, overwrite the model's
            weights with their moving average (None: only in
            `finalize_variable_values`).
        loss_scale_factor: float or None. `scale_loss` multiplies the loss by it and
            `apply` divides the gradients by it.
        gradient_accumulation_steps: int >= 2 or None. If set, the variables are
            updated every this many steps with the mean of the accumulated gradients.
        name: the optimizer's name; by default the snake-case class name, uniquified.

    Example:
    >>> import numpy as np
    >>> import gradflow as gf
    >>> from gradflow.keras import optimizers
    >>> w = gf.Variable(np.array([1.0, 2.0], np.float32))
    >>> opt = optimizers.SGD(learning_rate=0.5)
    >>> opt.apply([gf.constant(np.array([1.0, 1.0], np.float32))], [w])
    >>> w.numpy().tolist(), int(opt.iterations.numpy())
    ([0.5, 1.5], 1)
    """

    # A subclass's own hyperparameters: constructor arguments kept as same-named
    # attributes, which `get_config` writes after the base arguments, in this order.
    _config_keys: tuple = ()

    def __init__(
        self,
        learning_rate,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored.")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        self._variables: list = []
        self._trainable_variables: list = []
        self._trainable_variables_indices: dict[int, int] = {}
        self.built = False

        self.name = auto_name(self.__class__.__name__) if name is None else name
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.global_clipnorm = global_clipnorm
        self.clipvalue = clipvalue
        self.use_ema = use_ema
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        _check_arguments(
            gradient_accumulation_steps,
            use_ema,
            ema_momentum,
            ema_overwrite_frequency,
            (clipnorm, clipvalue, global_clipnorm),
        )
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency

        # "int" is int32 under Keras's JAX backend, which the .keras weights files record.
        self._iterations = self._new_variable(np.int32(0), "iteration")
        self._learning_rate = self._learning_rate_from(learning_rate, previous=None)

    # -- variables --------------------------------------------------------------------
    def _new_variable(self, value, name: str, path: str | None = None):
        """A non-trainable variable holding `value`, tracked in `variables`."""
        self._refuse_while_tracing(name)
        from gradflow.keras.variables import Variable

        array = np.asarray(value)
        variable = Variable(
            initializer=array,
            shape=array.shape,
            dtype=array.dtype.name,
            trainable=False,
            autocast=False,
            name=name,
        )
        variable.path = f"{self.name}/{name}" if path is None else path
        self._track_variable(variable)
        return variable

    def _refuse_while_tracing(self, name: str) -> None:
        if context.state().tracer is not None:
            raise GraphError(
                f"Optimizer '{self.name}' cannot create its variable '{name}' inside a traced "
                "function (gf.function): variables made while tracing would not persist "
                "between calls. Build the optimizer before the first traced step, e.g. "
                "`optimizer.build(model.trainable_variables)`, or call `optimizer.apply` "
                "once eagerly."
            )

    def _track_variable(self, variable) -> None:
        if not any(v is variable for v in self._variables):
            self._variables.append(variable)

    def _untrack_variable(self, variable) -> None:
        self._variables = [v for v in self._variables if v is not variable]

    def __setattr__(self, name, value):
        # As in Keras, a variable (or a list of them) set as an attribute is tracked; the
        # model's own variables (kept by `build`) are not the optimizer's.
        if "_variables" in self.__dict__ and name not in _UNTRACKED_ATTRIBUTES:
            values = value if isinstance(value, (list, tuple)) else [value]
            for item in values:
                if isinstance(item, gf.Variable):
                    self._track_variable(item)
        super().__setattr__(name, value)

    @property
    def variables(self) -> list:
        """The optimizer's variables, in the order Keras saves them: `iteration`, then
        `learning_rate` (unless a schedule or callable), then what `build` added."""
        return self._variables[:]

    @property
    def iterations(self):
        """The number of update steps taken (a variable; with gradient accumulation,
        the accumulated steps: the raw counter divided by the accumulation steps)."""
        if self.gradient_accumulation_steps:
            return gnp.floor_divide(self._iterations.value(), self.gradient_accumulation_steps)
        return self._iterations

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", name=None):
        """Add a variable to the optimizer.

        Args:
            shape: the variable's shape (fully defined).
            initializer: an initializer (or its name, e.g. "zeros"), a callable
                `initializer(shape, dtype=dtype)`, or a Python number for every entry.
            dtype: the dtype; `keras.backend.floatx()` by default.
            aggregation: Keras's multi-replica annotation (kept for compatibility).
            name: the variable's name.

        Returns:
            The new variable, also appended to `optimizer.variables`.
        """
        del aggregation  # single-replica: nothing to aggregate
        self._refuse_while_tracing(name or "variable")
        dtype = backend.standardize_dtype(dtype)
        shape = tuple(shape)
        value = _initial_value(initializer, shape, dtype)
        return self._new_variable(value, name or "variable")

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Add a variable shaped and typed like `reference_variable`, named
        `{reference path with / as _}_{name}` (e.g. 'dense_kernel_momentum').

        Args:
            reference_variable: the model variable it belongs to.
            name: the slot's name ("var" by default).
            initializer: as in `add_variable`.

        Returns:
            The new variable.
        """
        name = name or "var"
        path = getattr(reference_variable, "path", None)
        if path is not None:
            prefix = path.replace("/", "_")
        else:
            prefix = str(reference_variable.name).replace("/", "_").replace(":", "_")
        return self.add_variable(
            shape=reference_variable.shape,
            initializer=initializer,
            dtype=reference_variable.dtype,
            name=f"{prefix}_{name}",
        )

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """Add one slot per model variable (interleaved per variable when `name` is a
        list, as Keras lays them out).

        Args:
            trainable_variables: the model variables.
            name: a slot name, or a list of them.
            initializer: an initializer, or one per name.

        Returns:
            A list of new variables, or a tuple of lists when `name` is a list.
        """
        names = [name] if isinstance(name, str) else list(name)
        if isinstance(name, str) or not isinstance(initializer, (list, tuple)):
            initializers = [initializer] * len(names)
        else:
            initializers = list(initializer)
        if len(names) != len(initializers):
            raise ValueError(
                "The number of provided names must match the number of provided "
                f"initializers.  Received name='{name}', initializer='{initializer}'"
            )
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            for i, (slot_name, slot_init) in enumerate(zip(names, initializers)):
                slots[i].append(
                    self.add_variable_from_reference(
                        variable, name=slot_name, initializer=slot_init
                    )
                )
        return slots[0] if isinstance(name, str) else slots

    def build(self, variables) -> None:
        """Create the optimizer's state for `variables` (call before tracing a step).

        Args:
            variables: the model's trainable variables.
        """
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(
                variables, "average"
            )
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = []
        for i, variable in enumerate(variables):
            self._trainable_variables_indices[self._var_key(variable)] = i
            if self.gradient_accumulation_steps:
                self._accumulated_gradients.append(
                    self.add_variable_from_reference(variable, name="gradient_accumulator")
                )
        self._trainable_variables = variables[:]
        self.built = True

    def _var_key(self, variable) -> int:
        return id(variable)

    def _get_variable_index(self, variable) -> int:
        return self._trainable_variables_indices[self._var_key(variable)]

    def _check_variables_are_known(self, variables) -> None:
        for v in variables:
            if self._var_key(v) not in self._trainable_variables_indices:
                raise ValueError(
                    f"Unknown variable: {v}. This optimizer can only be called for the "
                    "variables it was originally built with. When working with a new set "
                    "of variables, you should recreate a new optimizer instance."
                )

    def assign(self, variable, value) -> None:
        """`variable.assign(value)`; optimizers update variables through this."""
        variable.assign(value)

    def assign_add(self, variable, value) -> None:
        """`variable.assign_add(value)`."""
        variable.assign_add(value)

    def assign_sub(self, variable, value) -> None:
        """`variable.assign_sub(value)`."""
        variable.assign_sub(value)

    # -- learning rate ----------------------------------------------------------------
    def _learning_rate_from(self, learning_rate, previous):
        if isinstance(learning_rate, learning_rate_schedule.LearningRateSchedule):
            return learning_rate
        if callable(learning_rate):
            return learning_rate
        if isinstance(previous, learning_rate_schedule.LearningRateSchedule):
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not "
                "settable. If you need the learning rate to be settable, you should "
                "instantiate the optimizer with a float `learning_rate` argument."
            )
        if isinstance(previous, gf.Variable):
            previous.assign(_cast(learning_rate, previous.dtype))
            return previous
        if not isinstance(learning_rate, float):
            raise ValueError(
                "Argument `learning_rate` should be float, or an instance of "
                "LearningRateSchedule, or a callable (that takes in the current iteration "
                "value and returns the corresponding learning rate value). "
                f"Received instead: learning_rate={learning_rate}"
            )
        return self._new_variable(np.asarray(learning_rate, backend.floatx()), "learning_rate")

    @property
    def learning_rate(self):
        """The current learning rate: the variable, or the schedule's value at the
        current iteration. Settable (to a float, a schedule or a callable)."""
        return self._get_current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        previous = self._learning_rate
        self._learning_rate = self._learning_rate_from(learning_rate, previous)
        if isinstance(previous, gf.Variable) and self._learning_rate is not previous:
            self._untrack_variable(previous)

    def _get_current_learning_rate(self):
        if isinstance(self._learning_rate, learning_rate_schedule.LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if isinstance(self._learning_rate, gf.Variable):
            return self._learning_rate
        if callable(self._learning_rate):
            return self._learning_rate()
        return self._learning_rate

    # -- applying gradients -----------------------------------------------------------
    def update_step(self, gradient, variable, learning_rate) -> None:
        """Update `variable` (and this optimizer's slots for it) from `gradient`."""
        raise NotImplementedError(
            f"Optimizer '{self.__class__.__name__}' must override "
            "`update_step(self, gradient, variable, learning_rate)`."
        )

    def apply_gradients(self, grads_and_vars):
        """Apply `(gradient, variable)` pairs. Returns the iterations variable.

        Args:
            grads_and_vars: an iterable of `(gradient, variable)` pairs.
        """
        grads, trainable_variables = zip(*grads_and_vars)
        self.apply(grads, trainable_variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> None:
        """Update the trainable variables from their gradients (one optimizer step).

        Works eagerly and inside `gf.function`; an unbuilt optimizer is built on the
        first eager call.

        Args:
            grads: one gradient per variable (None for a variable without one).
            trainable_variables: the variables, in the order of `grads`; None means
                the variables the optimizer was built with.
        """
        grads = list(grads)
        if len(grads) == 0:
            return
        trainable_variables = self._variables_to_update(grads, trainable_variables)
        grads, trainable_variables = self._filter_empty_gradients(grads, trainable_variables)
        grads = [_cast(g, v.dtype) for g, v in zip(grads, trainable_variables)]
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        self._backend_apply_gradients(grads, trainable_variables)
        for variable in trainable_variables:
            constraint = getattr(variable, "constraint", None)
            if constraint is not None:
                variable.assign(constraint(variable))
        self._iterations.assign_add(np.int32(1))

    def _variables_to_update(self, grads: list, trainable_variables) -> list:
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer must already "
                    "be built on a list of variables. Call "
                    "`optimizer.build(trainable_variables)` first. "
                )
            if len(grads) != len(self._trainable_variables_indices):
                raise ValueError(
                    "When passing `grads` as a list of gradient tensors, the gradients must "
                    "match `optimizer.variables` one-to-one. Received a list of "
                    f"{len(grads)} gradients, but the optimizer is tracking "
                    f"{len(self._trainable_variables)} trainable variables."
                )
            return self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            if context.state().tracer is not None:
                raise GraphError(
                    f"Optimizer '{self.name}' is not built, and it cannot create its "
                    "variables inside a traced function (gf.function). Call "
                    "`optimizer.build(model.trainable_variables)` before the first traced "
                    "step."
                )
            self.build(trainable_variables)
            self.built = True
        self._check_variables_are_known(trainable_variables)
        return trainable_variables

    def _filter_empty_gradients(self, grads: list, variables: list):
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not kept:
            raise ValueError("No gradients provided for any variable.")
        missing = [getattr(v, "path", v.name) for g, v in zip(grads, variables) if g is None]
        if missing:
            warnings.warn(
                f"Gradients do not exist for variables {missing} when minimizing the loss. "
                "If using `model.compile()`, did you forget to provide a `loss` argument?"
            )
        return [g for g, _ in kept], [v for _, v in kept]

    def _backend_apply_gradients(self, grads: list, trainable_variables: list) -> None:
        """Clip, decay, update; then the EMA. With gradient accumulation every step
        computes the update and `where` keeps it only on every N-th step."""
        if self.gradient_accumulation_steps:
            self._accumulate_and_maybe_update(grads, trainable_variables)
        else:
            grads = self._clip_gradients(grads)
            self._apply_weight_decay(trainable_variables)
            self._backend_update_step(grads, trainable_variables, self.learning_rate)
        if self.use_ema:
            self._update_model_variables_moving_average(self._trainable_variables)
            if self.ema_overwrite_frequency is not None:
                overwrite = (self.iterations + 1) % self.ema_overwrite_frequency == 0
                for var, average in zip(
                    self._trainable_variables, self._model_variables_moving_average
                ):
                    var.assign(gnp.where(overwrite, average.value(), var.value()))

    def _accumulate_and_maybe_update(self, grads: list, trainable_variables: list) -> None:
        steps = self.gradient_accumulation_steps
        is_update_step = (self._iterations.value() + 1) % steps == 0
        accumulators = [
            self._accumulated_gradients[self._get_variable_index(v)] for v in trainable_variables
        ]
        # 1. remember the state, to restore it on the steps that only accumulate
        old_model = [v.value() for v in trainable_variables]
        old_optimizer = [v.value() for v in self.variables]
        summed = [g + acc.value() for g, acc in zip(grads, accumulators)]
        new_accumulators = [gnp.where(is_update_step, gnp.zeros_like(s), s) for s in summed]
        # 2. the update, as if this were an update step
        grads = [gnp.where(is_update_step, s / steps, g) for s, g in zip(summed, grads)]
        grads = self._clip_gradients(grads)
        self._apply_weight_decay(trainable_variables)
        self._backend_update_step(grads, trainable_variables, self.learning_rate)
        # 3. keep it only on update steps
        for variable, old in zip(trainable_variables, old_model):
            variable.assign(gnp.where(is_update_step, variable.value(), old))
        for variable, old in zip(self.variables, old_optimizer):
            variable.assign(gnp.where(is_update_step, variable.value(), old))
        for accumulator, value in zip(accumulators, new_accumulators):
            accumulator.assign(value)

    def _backend_update_step(self, grads: list, trainable_variables: list, learning_rate) -> None:
        for grad, variable in zip(grads, trainable_variables):
            self.update_step(grad, variable, learning_rate)

    def scale_loss(self, loss):
        """`loss * loss_scale_factor` (or `loss` when no factor is set)."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    # -- clipping and weight decay ------------------------------------------------------
    def _clip_gradients(self, grads: list) -> list:
        if self.clipnorm and self.clipnorm > 0:
            return [self._clip_by_norm(g) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            v = self.clipvalue
            return [gnp.clip(g, -v, v) for g in grads]
        return grads

    def _clip_by_norm(self, values):
        l2sum = gnp.sum(gnp.square(values), keepdims=True)
        positive = l2sum > 0
        # where twice, so that a zero gradient neither divides by zero nor makes NaNs
        l2sum_safe = gnp.where(positive, l2sum, gnp.ones_like(l2sum))
        l2norm = gnp.where(positive, gnp.sqrt(l2sum_safe), l2sum)
        return values * self.clipnorm / gnp.maximum(l2norm, _cast(self.clipnorm, l2norm.dtype))

    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Exclude variables from weight decay (call before the optimizer is built).

        Args:
            var_list: variables to exclude.
            var_names: strings; a variable whose name contains any of them is excluded
                (e.g. `["bias"]`).
        """
        if self.built:
            raise ValueError(
                "`exclude_from_weight_decay()` can only be configured before the optimizer "
                "is built."
            )
        self._exclude_from_weight_decay = {self._var_key(v) for v in var_list or ()}
        if var_names:
            self._exclude_from_weight_decay_pattern = re.compile("|".join(sorted(var_names)))
        else:
            self._exclude_from_weight_decay_pattern = None

    def _use_weight_decay(self, variable) -> bool:
        if self._var_key(variable) in getattr(self, "_exclude_from_weight_decay", set()):
            return False
        pattern = getattr(self, "_exclude_from_weight_decay_pattern", None)
        return pattern is None or re.search(pattern, variable.name) is None

    def _apply_weight_decay(self, variables: list) -> None:
        if self.weight_decay is None:
            return
        for variable in variables:
            if self._use_weight_decay(variable):
                lr = _cast(self.learning_rate, variable.dtype)
                wd = _cast(self.weight_decay, variable.dtype)
                variable.assign(variable - variable * wd * lr)

    # -- moving average -----------------------------------------------------------------
    def _update_model_variables_moving_average(self, trainable_variables: list) -> None:
        not_first_step = self.iterations != 0
        for var, average in zip(trainable_variables, self._model_variables_moving_average):
            momentum = gnp.astype(not_first_step, var.dtype) * self.ema_momentum
            average.assign(momentum * average + (1 - momentum) * var)

    def _overwrite_model_variables_with_average_value(self, trainable_variables) -> None:
        averages = self._model_variables_moving_average
        if len(trainable_variables) != len(averages):
            raise ValueError(
                f"The length of model variables ({len(trainable_variables)}) to override "
                "does not match the length of model variables stored in the optimizer "
                f"({len(averages)}). Please check if the optimizer was called on your model."
            )
        for var, average in zip(trainable_variables, averages):
            var.assign(average.value())

    def finalize_variable_values(self, var_list) -> None:
        """End of training: with `use_ema`, overwrite `var_list` with its moving average.

        Args:
            var_list: the model variables, in the order the optimizer was built with.
        """
        if self.use_ema:
            self._overwrite_model_variables_with_average_value(list(var_list))

    # -- state and config ---------------------------------------------------------------
    def set_weights(self, weights) -> None:
        """Set every optimizer variable from a list of arrays (in `variables` order)."""
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has not yet been "
                "built. Please call `optimizer.build(trainable_variables)` to create the "
                "optimizer weights before calling `set_weights()`."
            )
        for variable, weight in zip(self._variables, weights):
            weight = np.asarray(weight)
            if tuple(variable.shape) != tuple(weight.shape):
                raise ValueError(
                    f"Optimizer variable {getattr(variable, 'path', variable.name)} has shape "
                    f"{variable.shape} not compatible with provided weight shape "
                    f"{weight.shape}."
                )
            variable.assign(weight.astype(variable.dtype))

    def save_own_variables(self, store) -> None:
        """Write the variables into `store` as '0', '1', … (the .keras layout)."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store) -> None:
        """Read the variables back from `store` (skipped, with a warning, on a mismatch)."""
        if len(store.keys()) != len(self.variables):
            message = (
                f"Skipping variable loading for optimizer '{self.name}', because it has "
                f"{len(self.variables)} variables whereas the saved optimizer has "
                f"{len(store.keys())} variables. "
            )
            if len(self.variables) == 0:
                message += "This is likely because the optimizer has not been called/built yet."
            warnings.warn(message, stacklevel=2)
            return
        for i, variable in enumerate(self.variables):
            variable.assign(np.asarray(store[str(i)]).astype(variable.dtype))

    def _obj_type(self) -> str:
        return "Optimizer"

    def get_config(self) -> dict:
        """The optimizer's constructor arguments, with Keras's keys."""
        lr = self._learning_rate
        if isinstance(lr, learning_rate_schedule.LearningRateSchedule):
            learning_rate = learning_rate_schedule.serialize(lr)
        elif isinstance(lr, gf.Variable):
            learning_rate = float(lr.numpy())
        elif callable(lr):
            learning_rate = serialization_lib.serialize_keras_object(lr)
        else:
            learning_rate = float(lr)
        config = {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }
        config.update({key: getattr(self, key) for key in self._config_keys})
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        """An optimizer from `get_config()`'s output (no state is restored)."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = serialization_lib.deserialize_keras_object(
                config["learning_rate"], custom_objects=custom_objects
            )
        return cls(**config)


def _check_arguments(accumulation_steps, use_ema, ema_momentum, overwrite_frequency, clips):
    """Keras's constructor checks, with its messages."""
    if accumulation_steps and not accumulation_steps >= 2:
        raise ValueError(
            "`gradient_accumulation_steps` must be an integer >= 2. "
            f"Received: gradient_accumulation_steps={accumulation_steps}"
        )
    if use_ema:
        if ema_momentum > 1 or ema_momentum < 0:
            raise ValueError(
                f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}"
            )
        if overwrite_frequency and (
            not isinstance(overwrite_frequency, int) or overwrite_frequency < 1
        ):
            raise ValueError(
                "`ema_overwrite_frequency` must be an integer >= 1 or None. "
                f"Received: ema_overwrite_frequency={overwrite_frequency}"
            )
    clipnorm, clipvalue, global_clipnorm = clips
    if sum(c is not None for c in clips) > 1:
        raise ValueError(
            "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
            f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
            f"global_clipnorm={global_clipnorm}"
        )


def _initial_value(initializer, shape: tuple, dtype: str) -> np.ndarray:
    """The initial value of an optimizer variable."""
    if isinstance(initializer, (str, dict)):
        from gradflow.keras import initializers

        initializer = initializers.get(initializer)
    if callable(initializer):
        return np.asarray(backend.convert_to_numpy(initializer(shape, dtype=dtype)), dtype=dtype)
    return np.full(shape, initializer, dtype=dtype)


def global_norm(value_list):
    """The L2 norm of all the tensors in `value_list` together.

    Example:
    >>> import gradflow as gf
    >>> float(global_norm([gf.constant([3.0]), gf.constant([4.0])]))
    5.0
    """
    squared_norms = [gnp.sum(gnp.square(v)) for v in value_list if v is not None]
    return gnp.sqrt(gnp.sum(gnp.stack(squared_norms)))


def clip_by_global_norm(value_list, clip_norm):
    """`value_list` scaled so that its global norm is at most `clip_norm` (all NaN when
    the norm is not finite, as Keras does).

    Example:
    >>> import gradflow as gf
    >>> [x.tolist() for x in clip_by_global_norm([gf.constant([3.0]), gf.constant([4.0])], 1.0)]
    [[0.6000000238418579], [0.800000011920929]]
    """
    use_norm = global_norm(value_list)
    scale_for_finite = clip_norm * gnp.minimum(1.0 / use_norm, 1.0 / clip_norm)
    # use_norm - use_norm is 0 for a finite norm and NaN otherwise
    scale = scale_for_finite + (use_norm - use_norm)
    return [v * scale if v is not None else v for v in value_list]
