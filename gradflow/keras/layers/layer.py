"""keras.layers.Layer: state (weights), computation (`call`), and the call machinery
around it — build on first call, training flag, masks, dtype policy, losses, symbolic
calls on KerasTensors for Functional models."""

from __future__ import annotations

import inspect

import numpy as np

import gradflow as gf
from gradflow.core import tree
from gradflow.keras import backend, masking
from gradflow.keras.engine.keras_tensor import KerasTensor, any_symbolic_tensors
from gradflow.keras.engine.node import Node
from gradflow.keras.engine.operation import Operation
from gradflow.keras.layers import call_context
from gradflow.keras.layers.input_spec import assert_input_compatibility
from gradflow.keras.mixed_precision import policies as dtype_policies
from gradflow.keras.saving import serialization_lib
from gradflow.keras.variables import AutocastScope, Variable

_INPUT_SHAPE_KWARGS = ("input_shape", "input_dim", "batch_input_shape", "batch_size")


class Layer(Operation):
    """The base class of all layers: weights plus a `call`.

    Subclasses create weights in `build(input_shape)` (run on the first call) with
    `add_weight`, and compute in `call(inputs, training=None, mask=None)`.

    Args:
        activity_regularizer: applied to the outputs; the penalty joins `losses`.
        trainable: whether the layer's weights are trained.
        dtype: the dtype policy: a name ('float32', 'mixed_float16') or a DTypePolicy.
        autocast: whether float inputs are cast to the compute dtype.
        name: the layer's name; unique from the class name when None.

    Example:
    >>> import numpy as np
    >>> from gradflow import keras
    >>> class Scale(keras.layers.Layer):
    ...     def build(self, input_shape):
    ...         self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
    ...     def call(self, x):
    ...         return x * self.w
    >>> Scale()(np.ones((2, 3), "float32")).shape
    (2, 3)
    """

    def __new__(cls, *args, **kwargs):
        layer = super().__new__(cls)
        object.__setattr__(layer, "_layers", [])
        object.__setattr__(layer, "_trainable_variables", [])
        object.__setattr__(layer, "_non_trainable_variables", [])
        object.__setattr__(layer, "_seed_generators", [])
        object.__setattr__(layer, "_metrics", [])
        object.__setattr__(layer, "_losses", [])
        object.__setattr__(layer, "_super_called", False)
        return layer

    def __init__(
        self,
        *,
        activity_regularizer=None,
        trainable=True,
        dtype=None,
        autocast=True,
        name=None,
        **kwargs,
    ):
        input_shape = kwargs.pop("input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        batch_size = kwargs.pop("batch_size", None)
        if kwargs:
            raise ValueError(
                f"Unrecognized keyword arguments passed to {self.__class__.__name__}: {kwargs}"
            )
        Operation.__init__(self, name=name)
        self._super_called = True
        if input_dim is not None and input_shape is None:
            input_shape = (input_dim,)
        if batch_input_shape is not None:
            batch_size, input_shape = batch_input_shape[0], tuple(batch_input_shape[1:])
        self._input_shape_arg = None if input_shape is None else tuple(input_shape)
        self._batch_size_arg = batch_size
        self._dtype_policy = dtype_policies.get(dtype)
        self.autocast = autocast
        self.built = False
        self._trainable = bool(trainable)
        self.supports_masking = False
        self.input_spec = None
        self.activity_regularizer = _get_regularizer(activity_regularizer)
        self._build_shapes_dict = None
        self._call_signature = inspect.signature(self.call)
        params = self._call_signature.parameters
        self._call_has_training = "training" in params
        self._call_has_mask = "mask" in params

    # -- attribute tracking --------------------------------------------------------
    def __setattr__(self, name: str, value) -> None:
        if not name.startswith("__"):
            self._track(value)
        object.__setattr__(self, name, value)

    def _track(self, value) -> None:
        from gradflow.random import SeedGenerator

        if isinstance(value, Layer):
            if value is not self and all(value is not x for x in self._layers):
                self._layers.append(value)
        elif isinstance(value, gf.Variable):
            if all(
                value is not v for v in self._trainable_variables + self._non_trainable_variables
            ):
                target = (
                    self._trainable_variables if value.trainable else self._non_trainable_variables
                )
                target.append(value)
        elif isinstance(value, SeedGenerator):
            if all(value is not s for s in self._seed_generators):
                self._seed_generators.append(value)
        elif isinstance(value, (list, tuple)) and value and len(value) < 10_000:
            for item in value:
                if isinstance(item, (Layer, gf.Variable)):
                    self._track(item)
        elif _is_metric(value):
            if all(value is not m for m in self._metrics):
                self._metrics.append(value)

    # -- weights ----------------------------------------------------------------------
    def add_weight(
        self,
        shape=None,
        initializer=None,
        dtype=None,
        trainable=True,
        autocast=True,
        regularizer=None,
        constraint=None,
        aggregation="none",
        overwrite_with_gradient=False,
        name=None,
    ):
        """Create a weight variable tracked by this layer.

        Args:
            shape: the weight's shape (fully known); () by default.
            initializer: an initializer or its name; 'glorot_uniform' for floats and
                'zeros' otherwise by default.
            dtype: the variable's dtype; the policy's variable dtype by default.
            trainable: whether the optimizer trains it.
            autocast: whether mixed-precision reads cast it to the compute dtype.
            regularizer: a penalty on the weight, added to `losses`.
            constraint: a projection applied after each optimizer update.
            aggregation: Keras's multi-replica annotation.
            overwrite_with_gradient: Keras's float8 flag (kept for compatibility).
            name: the weight's name.

        Returns:
            The new `keras.Variable`.
        """
        from gradflow.keras import constraints, initializers

        self._check_super_called()
        shape = () if shape is None else tuple(shape)
        if any(d is None for d in shape):
            raise ValueError(
                f"Layer '{self.name}': weight '{name}' must have a fully defined shape. "
                f"Received: shape={shape}"
            )
        dtype = backend.standardize_dtype(dtype) if dtype is not None else self.variable_dtype
        if initializer is None:
            initializer = "glorot_uniform" if "float" in dtype else "zeros"
        variable = Variable(
            initializer=initializers.get(initializer),
            shape=shape,
            dtype=dtype,
            trainable=trainable,
            autocast=autocast,
            aggregation=aggregation,
            name=name,
            path=f"{self.name}/{name}" if name else self.name,
        )
        variable.regularizer = _get_regularizer(regularizer)
        variable.constraint = constraints.get(constraint)
        variable.overwrite_with_gradient = overwrite_with_gradient
        self._track(variable)
        return variable

    add_variable = add_weight

    @property
    def variables(self) -> list:
        """All state: weights, then seed-generator states, then sublayers' variables."""
        found, seen = [], set()
        for v in self._trainable_variables + self._non_trainable_variables:
            if id(v) not in seen:
                found.append(v)
                seen.add(id(v))
        for generator in self._seed_generators:
            found.append(generator.state)
        for layer in self._layers:
            for v in layer.variables:
                if id(v) not in seen:
                    found.append(v)
                    seen.add(id(v))
        return found

    @property
    def trainable_variables(self) -> list:
        return [v for v in self.variables if v.trainable] if self.trainable else []

    @property
    def non_trainable_variables(self) -> list:
        if not self.trainable:
            return self.variables
        return [v for v in self.variables if not v.trainable]

    @property
    def weights(self) -> list:
        """The layer's weights and its sublayers', in Keras's order (no seed states)."""
        found, seen = [], set()
        for w in self._trainable_variables + self._non_trainable_variables:
            if id(w) not in seen:
                found.append(w)
                seen.add(id(w))
        for layer in self._layers:
            for w in layer.weights:
                if id(w) not in seen:
                    found.append(w)
                    seen.add(id(w))
        return found

    @property
    def trainable_weights(self) -> list:
        return [v for v in self.weights if v.trainable] if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if not self.trainable:
            return self.weights
        return [v for v in self.weights if not v.trainable]

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)
        for variable in self._trainable_variables:
            variable.trainable = bool(value)
        for layer in self._layers:
            layer.trainable = value

    @property
    def metrics(self) -> list:
        found = list(self._metrics)
        for layer in self._layers:
            found.extend(layer.metrics)
        return found

    @property
    def metrics_variables(self) -> list:
        return [v for metric in self.metrics for v in metric.variables]

    def get_weights(self) -> list[np.ndarray]:
        """The weights' values as NumPy arrays, in `weights` order."""
        return [np.array(w.numpy()) for w in self.weights]

    def set_weights(self, weights) -> None:
        """Assign NumPy arrays to the weights, in `weights` order."""
        layer_weights = self.weights
        if len(layer_weights) != len(weights):
            raise ValueError(
                f"You called `set_weights(weights)` on layer '{self.name}' with a weight "
                f"list of length {len(weights)}, but the layer was expecting "
                f"{len(layer_weights)} weights."
            )
        for variable, value in zip(layer_weights, weights):
            value = np.asarray(value)
            if tuple(variable.shape) != value.shape:
                raise ValueError(
                    f"Layer {self.name} weight shape {tuple(variable.shape)} is not "
                    f"compatible with provided weight shape {value.shape}."
                )
        for variable, value in zip(layer_weights, weights):
            variable.assign(np.asarray(value, dtype=variable.dtype))

    def count_params(self) -> int:
        """The number of scalars in the weights (the layer must be built)."""
        if not self.built:
            raise ValueError(
                f"You tried to call `count_params` on layer '{self.name}', but the layer "
                "isn't built. You can build it manually via: "
                f"`{self.name}.build(batch_input_shape)`."
            )
        return int(sum(int(np.prod(w.shape)) for w in self.weights))

    # -- dtypes ---------------------------------------------------------------------
    @property
    def dtype_policy(self):
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value) -> None:
        self._dtype_policy = dtype_policies.get(value)

    @property
    def dtype(self) -> str:
        """The variable dtype (Keras 3's meaning of `layer.dtype`)."""
        return self._dtype_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self._dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self._dtype_policy.variable_dtype

    # -- losses ---------------------------------------------------------------------
    def add_loss(self, loss) -> None:
        """Add a loss tensor (or list) that training adds to the model's loss."""
        for value in tree.flatten(loss):
            if value is not None:
                self._losses.append(value)

    @property
    def losses(self) -> list:
        """Losses added in the last call plus weight-regularization penalties."""
        found = list(self._losses)
        for variable in self._trainable_variables + self._non_trainable_variables:
            regularizer = getattr(variable, "regularizer", None)
            if regularizer is not None:
                found.append(regularizer(variable))
        for layer in self._layers:
            found.extend(layer.losses)
        return found

    def _clear_losses(self) -> None:
        self._losses.clear()
        for layer in self._layers:
            layer._clear_losses()

    # -- building ---------------------------------------------------------------------
    def build(self, input_shape=None) -> None:
        """Create the weights for inputs of `input_shape` (subclasses override)."""
        self.built = True

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        if self.built:
            return
        shapes = self._build_shapes(args, kwargs)
        self._build_shapes_dict = shapes
        build_params = list(inspect.signature(self.build).parameters)
        if len(shapes) == 1 or len(build_params) <= 1:
            self.build(next(iter(shapes.values())))
        else:
            self.build(**{k: v for k, v in shapes.items() if k in build_params})
        self.built = True

    def _build_shapes(self, args: tuple, kwargs: dict) -> dict:
        """{'<arg>_shape': shapes} for the tensor arguments of the call."""
        bound = self._call_signature.bind_partial(*args, **kwargs).arguments
        shapes = {}
        for name, value in bound.items():
            if name in ("training", "mask") or value is None:
                continue
            leaves = tree.flatten(value)
            if leaves and all(_is_tensor_like(x) for x in leaves):
                shapes[f"{name}_shape"] = _shape_structure(value)
            if not shapes:
                break  # the first argument decides, as in Keras
        if not shapes:
            shapes["input_shape"] = None
        if len(shapes) == 1:
            shapes = {"input_shape": next(iter(shapes.values()))}
        return shapes

    def get_build_config(self) -> dict | None:
        if self._build_shapes_dict is not None:
            return {k: _listify(v) for k, v in self._build_shapes_dict.items()}
        return None

    def build_from_config(self, config: dict) -> None:
        if config:
            if "input_shape" in config:
                self.build(_tuplify(config["input_shape"]))
            else:
                self.build(**{k: _tuplify(v) for k, v in config.items()})
            self._build_shapes_dict = {k: _tuplify(v) for k, v in config.items()}
            self.built = True

    # -- calling --------------------------------------------------------------------
    def call(self, *args, **kwargs):
        """The layer's computation (subclasses override)."""
        raise TypeError(f"Layer {self.__class__.__name__} does not have a `call()` method.")

    def __call__(self, *args, **kwargs):
        self._check_super_called()
        args = _convert_first_argument(args)
        if any_symbolic_tensors(args, kwargs):
            return self._symbolic_call(*args, **kwargs)
        return self._eager_call(*args, **kwargs)

    def _resolve_call_kwargs(self, args, kwargs, context):
        if self._call_has_training:
            training = kwargs.get("training")
            if training is None:
                training = context.training
            if training is None:
                default = self._call_signature.parameters["training"].default
                training = None if default is inspect.Parameter.empty else default
            kwargs["training"] = training
        else:
            kwargs.pop("training", None)
        if self._call_has_mask and kwargs.get("mask") is None and args:
            masks = tree.map_structure(masking.get_keras_mask, args[0])
            if any(m is not None for m in tree.flatten(masks)):
                kwargs["mask"] = masks
        return kwargs

    def _eager_call(self, *args, **kwargs):
        explicit_training = kwargs.get("training")
        with call_context.enter(self, explicit_training) as context:
            outer_training = context.training
            if explicit_training is not None:
                context.training = explicit_training
            try:
                if context.entry_layer is self:
                    self._clear_losses()
                kwargs = self._resolve_call_kwargs(args, kwargs, context)
                if args:
                    assert_input_compatibility(self.input_spec, args[0], self.name)
                self._maybe_build(args, kwargs)
                if self.autocast and args:
                    args = (self._autocast_inputs(args[0]),) + args[1:]
                outputs = self._run_call(args, kwargs)
                if self.activity_regularizer is not None:
                    for output in tree.flatten(outputs):
                        self.add_loss(self._activity_penalty(output))
                self._set_output_mask(args, kwargs, outputs)
                return outputs
            finally:
                context.training = outer_training

    def _activity_penalty(self, output):
        """The activity regularizer's penalty per sample, as Keras computes it."""
        penalty = self.activity_regularizer(output)
        if output.ndim > 0 and output.shape[0]:
            penalty = penalty / output.shape[0]
        return penalty

    def _run_call(self, args, kwargs):
        policy = self._dtype_policy
        cast_to = policy.compute_dtype if policy.compute_dtype != policy.variable_dtype else None
        try:
            with AutocastScope(cast_to):
                return self.call(*args, **kwargs)
        except (ValueError, TypeError) as error:
            raise _with_call_info(error, self, args, kwargs) from None

    def _autocast_inputs(self, inputs):
        compute = self.compute_dtype

        def cast(x):
            if (
                isinstance(x, gf.Tensor)
                and backend.is_float_dtype(x.dtype)
                and x.dtype.name != compute
            ):
                return gf.numpy.astype(x, compute)
            return x

        return tree.map_structure(cast, inputs)

    def compute_mask(self, inputs, previous_mask=None):
        """The mask of the outputs: the input mask when `supports_masking`, else None."""
        if not self.supports_masking:
            return None
        return previous_mask

    def _set_output_mask(self, args, kwargs, outputs) -> None:
        if not args:
            return
        previous = (
            kwargs.get("mask")
            if self._call_has_mask
            else tree.map_structure(masking.get_keras_mask, args[0])
        )
        if previous is not None and not tree.flatten(previous):
            previous = None
        if all(m is None for m in tree.flatten(previous)) and not _overrides(self, "compute_mask"):
            return
        flat_outputs = tree.flatten(outputs)
        if any(masking.get_keras_mask(o) is not None for o in flat_outputs):
            return  # a mask `call` attached itself wins, as in Keras
        mask = self.compute_mask(args[0], previous)
        if mask is None:
            return
        flat_masks = tree.flatten(mask) if isinstance(mask, (list, tuple)) else [mask]
        if len(flat_masks) == 1:
            flat_masks = flat_masks * len(flat_outputs)
        for output, m in zip(flat_outputs, flat_masks):
            masking.set_keras_mask(output, m)

    def _symbolic_call(self, *args, **kwargs):
        kwargs = dict(kwargs)
        context = call_context.CallContext(kwargs.get("training"))
        if args:
            assert_input_compatibility(self.input_spec, args[0], self.name)
        resolved = self._resolve_call_kwargs(args, dict(kwargs), context)
        self._maybe_build(args, resolved)

        def run(*a, **k):
            outputs = self._run_call(a, k)
            self._set_output_mask(a, k, outputs)
            masks = tree.map_structure(masking.get_keras_mask, outputs)
            return outputs, masks

        try:
            outputs, masks = backend.compute_output_spec(run, *args, **resolved)
        finally:
            self._losses.clear()
        for output, mask in zip(tree.flatten(outputs), tree.flatten(masks)):
            if isinstance(output, KerasTensor) and isinstance(mask, KerasTensor):
                output._keras_mask = mask
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def compute_output_spec(self, *args, **kwargs):
        return backend.compute_output_spec(self.call, *args, **kwargs)

    def compute_output_shape(self, input_shape):
        """The output shape for `input_shape`, found from the op shape rules."""
        if not self.built:
            self._maybe_build((KerasTensor(input_shape, self.compute_dtype),), {})
        out = backend.compute_output_spec(self.call, KerasTensor(input_shape, self.compute_dtype))
        return (
            tree.map_structure(lambda t: t.shape, out)
            if not isinstance(out, KerasTensor)
            else out.shape
        )

    # -- functional graph conveniences -----------------------------------------------
    @property
    def input(self):
        """The symbolic input of the layer's first call in a Functional model."""
        return self._node_tensors("input")

    @property
    def output(self):
        """The symbolic output of the layer's first call in a Functional model."""
        return self._node_tensors("output")

    def _node_tensors(self, which: str):
        if not self._inbound_nodes:
            raise AttributeError(
                f"The layer {self.name} has never been called and thus has no defined {which}."
            )
        node = self._inbound_nodes[0]
        tensors = node.input_tensors if which == "input" else node.outputs
        return tensors[0] if len(tensors) == 1 else tensors

    # -- saving ---------------------------------------------------------------------
    def save_own_variables(self, store) -> None:
        """Write this layer's own variables into `store` ("0", "1", … as Keras does)."""
        from gradflow.keras.saving import keras_saveable

        keras_saveable.default_save_own_variables(self, store)

    def load_own_variables(self, store) -> None:
        """Read this layer's own variables from `store` (written by Keras or gradflow)."""
        from gradflow.keras.saving import keras_saveable

        keras_saveable.default_load_own_variables(self, store)

    # -- config ---------------------------------------------------------------------
    def get_config(self) -> dict:
        """The layer's constructor arguments as a JSON-able dict."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": serialization_lib.serialize_keras_object(self._dtype_policy),
        }
        if self.activity_regularizer is not None:
            from gradflow.keras import regularizers

            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        if self._input_shape_arg is not None:
            config["batch_shape"] = (self._batch_size_arg,) + self._input_shape_arg
        return config

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        if (
            "batch_shape" in config
            and "batch_shape" not in inspect.signature(cls.__init__).parameters
        ):
            batch_shape = config.pop("batch_shape")
            config["batch_input_shape"] = batch_shape
        return cls(**config)

    def _check_super_called(self) -> None:
        if not self._super_called:
            raise RuntimeError(
                "In layer '{}', you forgot to call `super().__init__()` as the first "
                "statement in the `__init__()` method. Go add it!".format(self.__class__.__name__)
            )

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} name={self.name}, built={self.built}>"


def _overrides(layer, method: str) -> bool:
    return getattr(type(layer), method) is not getattr(Layer, method, None)


def _is_metric(value) -> bool:
    return type(value).__name__ != "type" and any(
        klass.__name__ == "Metric" and klass.__module__.startswith("gradflow.keras.metrics")
        for klass in type(value).__mro__
    )


def _get_regularizer(identifier):
    if identifier is None:
        return None
    from gradflow.keras import regularizers

    return regularizers.get(identifier)


def _is_tensor_like(x) -> bool:
    return isinstance(x, (gf.Tensor, gf.Variable, KerasTensor, np.ndarray))


def _shape_structure(value):
    if isinstance(value, (list, tuple)):
        return (
            type(value)(_shape_structure(v) for v in value)
            if not _is_tensor_like(value)
            else tuple(value.shape)
        )
    if isinstance(value, dict):
        return {k: _shape_structure(v) for k, v in value.items()}
    return tuple(value.shape)


def _listify(shape):
    if isinstance(shape, tuple) and all(d is None or isinstance(d, int) for d in shape):
        return list(shape)
    if isinstance(shape, (list, tuple)):
        return [_listify(s) for s in shape]
    if isinstance(shape, dict):
        return {k: _listify(v) for k, v in shape.items()}
    return shape


def _tuplify(shape):
    if isinstance(shape, list) and all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    if isinstance(shape, list):
        return [_tuplify(s) for s in shape]
    if isinstance(shape, dict):
        return {k: _tuplify(v) for k, v in shape.items()}
    return shape


def _convert_first_argument(args: tuple) -> tuple:
    """NumPy arrays and Python numbers in the first argument become tensors (Keras does
    the same, so `layer(np_array)` works)."""
    if not args:
        return args

    def convert(x):
        if isinstance(x, np.ndarray):
            return backend.convert_to_tensor(x)
        return x

    return (tree.map_structure(convert, args[0]),) + tuple(args[1:])


def _describe(value) -> str:
    if isinstance(value, (gf.Tensor, gf.Variable, KerasTensor)):
        dtype = value.dtype if isinstance(value.dtype, str) else value.dtype.name
        return f"tensor(shape={tuple(value.shape)}, dtype={dtype})"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_describe(v) for v in value) + "]"
    return repr(value)


def _with_call_info(error: Exception, layer: Layer, args, kwargs) -> Exception:
    """`error` with Keras's 'Exception encountered when calling X.call()' framing."""
    if getattr(error, "_keras_call_info_injected", False):
        return error
    try:
        bound = layer._call_signature.bind(*args, **kwargs).arguments
    except TypeError:
        bound = {f"arg{i}": a for i, a in enumerate(args)} | kwargs
    lines = "\n".join(f"  • {name}={_describe(value)}" for name, value in bound.items())
    name = layer.__class__.__name__
    message = (
        f"Exception encountered when calling {name}.call().\n\n"
        f"{error}\n\n"
        f"Arguments received by {name}.call():\n{lines}"
    )
    try:
        wrapped = type(error)(message)
        wrapped._keras_call_info_injected = True
    except (TypeError, AttributeError):
        return error
    return wrapped.with_traceback(error.__traceback__)
