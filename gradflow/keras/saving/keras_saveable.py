"""What Keras's object-graph walk saves: which objects own variables, what each one
writes, and in which order its children are visited.

The walk is Keras's `_walk_saveable`: Sequential and Functional models visit `layers`
first, then every object visits its attributes sorted by name, private ones last,
leaving out the attributes a bare object of its kind already has (so only what a
subclass or a layer adds is visited). File paths come from attribute names and, inside
lists, from snake_case class names — never from object names, which are not stable.
"""

from __future__ import annotations

import functools

import numpy as np

_ALWAYS_SKIPPED = frozenset({"_self_unconditional_dependency_names"})


def _layer_class():
    from gradflow.keras.layers.layer import Layer

    return Layer


def _optimizer_class():
    from gradflow.keras.optimizers.optimizer import Optimizer

    return Optimizer


def is_saveable(obj) -> bool:
    """Whether the walk visits `obj` (Keras's KerasSaveable: operations, layers, models,
    optimizers, metrics and losses)."""
    from gradflow.keras.engine.operation import Operation
    from gradflow.keras.losses.loss import Loss
    from gradflow.keras.metrics.metric import Metric

    return isinstance(obj, (Operation, _optimizer_class(), Metric, Loss))


def obj_type(obj) -> str:
    """Keras's `_obj_type()`: the kind that decides the walk's skipped attributes."""
    from gradflow.keras.losses.loss import Loss
    from gradflow.keras.metrics.metric import Metric
    from gradflow.keras.models.functional import Functional
    from gradflow.keras.models.sequential import Sequential

    for cls, name in (
        (Sequential, "Sequential"),
        (Functional, "Functional"),
        (_layer_class(), "Layer"),
        (_optimizer_class(), "Optimizer"),
        (Metric, "Metric"),
        (Loss, "Loss"),
    ):
        if isinstance(obj, cls):
            return name
    return "Operation"


@functools.cache
def attr_skipset(kind: str) -> frozenset:
    """The attributes the walk leaves out for objects of `kind`: those of a bare object
    of that kind (built with a fixed name, so no auto-name counter moves)."""
    from gradflow.keras.engine.operation import Operation

    if kind in ("Layer", "Functional", "Sequential"):
        reference = dir(_layer_class()(name="saving_reference"))
        extra = {
            # Keras: a Functional model's operations are its layers again.
            "Functional": {"operations", "_operations"},
            # Keras: `_functional` repeats the layers; gradflow's `_stack` is the list
            # Keras keeps in `_layers` (with the InputLayer, which Keras does not save).
            "Sequential": {"_functional", "_stack"},
        }.get(kind, set())
        return frozenset(reference) | extra | _ALWAYS_SKIPPED
    if kind == "Optimizer":
        reference = set(dir(_optimizer_class()(1.0, name="saving_reference")))
        return frozenset(reference - {"variables"}) | _ALWAYS_SKIPPED
    if kind == "Operation":
        return frozenset(dir(Operation(name="saving_reference"))) | _ALWAYS_SKIPPED
    raise ValueError(
        f"attr_skipset got an invalid kind={kind!r}. Expected one of 'Operation', 'Layer', "
        "'Functional', 'Sequential', 'Optimizer'."
    )


def _name_key(name: str) -> str:
    """Sort key that puts private attributes after public ones, as Keras does."""
    return f"~{name}" if name.startswith("_") else name


def walk_saveable(saveable):
    """Yield `(attribute name, child)` in the order Keras visits `saveable`'s children.

    Metrics and losses yield nothing: Keras walks them but they never hold variables it
    saves (metric state is not part of a saved model).
    """
    kind = obj_type(saveable)
    if kind in ("Metric", "Loss"):
        return
    skipped = attr_skipset(kind)
    if kind in ("Sequential", "Functional"):
        yield "layers", saveable.layers
    for name in sorted(dir(saveable), key=_name_key):
        if name.startswith("__") or name in skipped:
            continue
        try:
            child = getattr(saveable, name)
        except Exception:  # as Keras: a property that fails is not state
            continue
        yield name, child


def owns_variables(saveable) -> bool:
    """Whether `saveable` writes a `vars` group (layers and optimizers do; metrics,
    losses and bare operations do not)."""
    return obj_type(saveable) in ("Layer", "Functional", "Sequential", "Optimizer")


def save_own_variables(saveable, store) -> None:
    """Write `saveable`'s own variables into `store` ('0', '1', …): its
    `save_own_variables` when it has one, else Keras's Layer default."""
    method = getattr(saveable, "save_own_variables", None)
    if method is not None:
        method(store)
    else:
        default_save_own_variables(saveable, store)


def load_own_variables(saveable, store) -> None:
    """Read `saveable`'s own variables from `store`: its `load_own_variables` when it
    has one, else Keras's Layer default."""
    method = getattr(saveable, "load_own_variables", None)
    if method is not None:
        method(store)
    else:
        default_load_own_variables(saveable, store)


def default_save_own_variables(layer, store) -> None:
    """Keras's `Layer.save_own_variables`: trainable then non-trainable variables as
    '0', '1', …"""
    for i, variable in enumerate(layer_own_variables(layer)):
        store[str(i)] = np.asarray(variable.numpy())


def default_load_own_variables(layer, store) -> None:
    """Keras's `Layer.load_own_variables`: the counts and shapes must match."""
    variables = layer_own_variables(layer)
    check_layer_variable_count(layer, variables, store)
    for i, variable in enumerate(variables):
        value = np.asarray(store[str(i)])
        if tuple(value.shape) != tuple(variable.shape):
            raise ValueError(
                f"Layer '{layer.name}': variable {i} ('{variable.name}') has shape "
                f"{tuple(variable.shape)}, but the saved value has shape {value.shape}."
            )
        variable.assign(value.astype(variable.dtype))


def layer_own_variables(layer) -> list:
    """A layer's own variables in Keras's saving order: trainable, then non-trainable."""
    return list(layer._trainable_variables) + list(layer._non_trainable_variables)


def check_layer_variable_count(layer, variables: list, store) -> None:
    """Keras's `_check_load_own_variables`: the saved count must equal the layer's."""
    saved = len(store.keys())
    if saved == len(variables):
        return
    if not variables and not layer.built:
        raise ValueError(
            f"Layer '{layer.name}' was never built and thus it doesn't have any variables. "
            f"However the weights file lists {saved} variables for this layer.\n"
            "In most cases, this error indicates that either:\n\n"
            "1. The layer is owned by a parent layer that implements a `build()` method, "
            "but calling the parent's `build()` method did NOT create the state of the "
            f"child layer '{layer.name}'. A `build()` method must create ALL state for the "
            "layer, including the state of any children layers.\n\n"
            "2. You need to implement the `def build_from_config(self, config)` method on "
            f"layer '{layer.name}', to specify how to rebuild it during loading."
        )
    raise ValueError(
        f"Layer '{layer.name}' expected {len(variables)} variables, but received {saved} "
        f"variables during loading. Expected: {[v.name for v in variables]}"
    )
