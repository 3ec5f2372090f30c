"""compile / fit / evaluate / predict. The train step — forward, loss, gradients,
optimizer update and metric updates — is traced into one gf.function, so each batch
runs one optimized graph (compiled by XLA on the xla backend), not a Python loop over
ops."""

from __future__ import annotations

import warnings

import numpy as np

import gradflow as gf
from gradflow import config as gf_config
from gradflow.core import tree
from gradflow.keras import backend
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.trainers.compile_utils import CompileLoss, CompileMetrics
from gradflow.keras.trainers.data_adapters import get_data_adapter
from gradflow.keras.trainers.data_adapters.array_data_adapter import train_validation_split
from gradflow.keras.trainers.epoch_iterator import EpochIterator


def unpack_x_y_sample_weight(data):
    """(x, y, sample_weight) from a batch of 1–3 elements (missing ones are None)."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
        f"found: {data}"
    )


class Trainer:
    """The training half of `keras.Model` (mixed into Model)."""

    def _init_trainer(self) -> None:
        state = {
            "compiled": False,
            "optimizer": None,
            "loss": None,
            "_compile_loss": None,
            "_compile_metrics": None,
            "_loss_tracker": None,
            "_run_eagerly": False,
            "_jit_compile": False,
            "steps_per_execution": 1,
            "train_function": None,
            "test_function": None,
            "predict_function": None,
            "stop_training": False,
            "history": None,
            "_compile_config": None,
        }
        for name, value in state.items():
            object.__setattr__(self, name, value)

    # -- compile --------------------------------------------------------------------
    def compile(
        self,
        optimizer="rmsprop",
        loss=None,
        loss_weights=None,
        metrics=None,
        weighted_metrics=None,
        run_eagerly=False,
        steps_per_execution=1,
        jit_compile="auto",
        auto_scale_loss=True,
    ):
        """Configure the model for training.

        Args:
            optimizer: an optimizer or its name ('rmsprop' by default, as in Keras).
            loss: a loss (object, function or name), or one per output (list/dict).
            loss_weights: scalars weighting each output's loss.
            metrics: metrics to track (names, objects or functions), per output too.
            weighted_metrics: metrics that use `sample_weight` / `class_weight`.
            run_eagerly: run steps op by op (for debugging) instead of as a graph.
            steps_per_execution: batches run per call of the step function; callbacks
                see one batch-end per execution.
            jit_compile: compile the train step with XLA. 'auto' means: on the xla
                backend yes, on the numpy backend no.
            auto_scale_loss: kept for Keras compatibility (loss scaling under
                mixed_float16 is the optimizer's job).
        """
        from gradflow.keras import metrics as metrics_module
        from gradflow.keras import optimizers

        set_attr = object.__setattr__
        optimizer = optimizers.get(optimizer)
        if (
            auto_scale_loss
            and self.dtype_policy.name == "mixed_float16"
            and optimizer
            and not isinstance(optimizer, optimizers.LossScaleOptimizer)
        ):
            # Keras: float16 gradients underflow without a dynamic loss scale
            optimizer = optimizers.LossScaleOptimizer(optimizer, name="loss_scale_optimizer")
        set_attr(self, "optimizer", optimizer)
        output_names = getattr(self, "output_names", None)
        set_attr(self, "loss", loss)
        set_attr(
            self,
            "_compile_loss",
            None if loss is None else CompileLoss(loss, loss_weights, output_names),
        )
        set_attr(
            self,
            "_compile_metrics",
            None
            if metrics is None and weighted_metrics is None
            else CompileMetrics(metrics, weighted_metrics, output_names),
        )
        set_attr(self, "_loss_tracker", metrics_module.Mean(name="loss"))
        if jit_compile == "auto":
            jit_compile = gf_config.get_backend() == "xla" and not run_eagerly
        if jit_compile and run_eagerly:
            raise ValueError(
                "You cannot set `jit_compile=True` and `run_eagerly=True` at the same time."
            )
        set_attr(self, "_jit_compile", bool(jit_compile))
        set_attr(self, "_run_eagerly", bool(run_eagerly))
        if int(steps_per_execution) < 1:
            raise ValueError(f"`steps_per_execution` must be >= 1. Received: {steps_per_execution}")
        set_attr(self, "steps_per_execution", int(steps_per_execution))
        set_attr(self, "compiled", True)
        set_attr(
            self,
            "_compile_config",
            {
                "optimizer": self.optimizer,
                "loss": loss,
                "loss_weights": loss_weights,
                "metrics": metrics,
                "weighted_metrics": weighted_metrics,
                "run_eagerly": run_eagerly,
                "steps_per_execution": int(steps_per_execution),
                "jit_compile": bool(jit_compile),
            },
        )
        self._reset_step_functions()

    def _reset_step_functions(self) -> None:
        for name in ("train_function", "test_function", "predict_function"):
            object.__setattr__(self, name, None)

    @property
    def run_eagerly(self) -> bool:
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value: bool) -> None:
        object.__setattr__(self, "_run_eagerly", bool(value))
        self._reset_step_functions()

    @property
    def jit_compile(self) -> bool:
        return self._jit_compile

    @jit_compile.setter
    def jit_compile(self, value: bool) -> None:
        object.__setattr__(self, "_jit_compile", bool(value))
        self._reset_step_functions()

    def get_compile_config(self) -> dict | None:
        from gradflow.keras.saving.serialization_lib import serialize_keras_object

        if self._compile_config is None:
            return None
        return serialize_keras_object(self._compile_config)

    def compile_from_config(self, config: dict) -> None:
        from gradflow.keras.saving.serialization_lib import deserialize_keras_object

        config = deserialize_keras_object(config)
        if config.get("jit_compile") is True:
            # A saved True is usually the saving backend's own "auto" (Keras on JAX
            # writes True); let this machine decide again.
            config["jit_compile"] = "auto"
        self.compile(**config)
        if self.built and self.optimizer is not None:
            self.optimizer.build(self.trainable_variables)

    # -- metrics --------------------------------------------------------------------
    @property
    def metrics(self) -> list:
        """Keras's order: the loss tracker, the compiled metrics, the per-output loss
        trackers, the model's own metrics, then its layers' (not nested models')."""
        found = []
        if self.compiled:
            found.append(self._loss_tracker)
            if self._compile_metrics is not None and self._compile_metrics.built:
                found.append(self._compile_metrics)
            if self._compile_loss is not None and self._compile_loss.built:
                found.extend(self._compile_loss.metrics)
        found.extend(m for m in self._metrics if all(m is not f for f in found))
        for layer in self._layers:
            if not isinstance(layer, Trainer):  # a nested model keeps its own metrics
                found.extend(layer.metrics)
        return found

    @property
    def metrics_names(self) -> list[str]:
        return [m.name for m in self.metrics]

    def reset_metrics(self) -> None:
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self) -> dict:
        """The current value of every metric, flattened into one dict."""
        results = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results

    # -- the steps ------------------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss of `y_pred` against `y`, plus the layers' added losses."""
        terms = []
        if self._compile_loss is not None and y is not None:
            value = self._compile_loss(y, y_pred, sample_weight)
            if value is not None:
                terms.append(value)
        for loss in self.losses:
            terms.append(gf.numpy.astype(gf.numpy.sum(loss), backend.floatx()))
        if not terms:
            if self._compile_loss is None:
                raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
            raise ValueError(
                "No targets `y` were given to compute the loss. Pass `y` to fit(), or "
                "return (x, y) from your dataset or generator."
            )
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        """Update the compiled metrics with this batch; return every metric's result."""
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def _batch_size_of(self, x) -> int:
        return int(tree.flatten(x)[0].shape[0])

    def train_step(self, data) -> dict:
        """One optimizer step on one batch; returns the metrics' results."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with gf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(
                x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True
            )
            scaled = (
                self.optimizer.scale_loss(loss) if hasattr(self.optimizer, "scale_loss") else loss
            )
        self._loss_tracker.update_state(loss, sample_weight=self._batch_size_of(x))
        variables = self.trainable_variables
        if variables:
            grads = tape.gradient(scaled, variables)
            self.optimizer.apply(grads, variables)
        else:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data) -> dict:
        """Loss and metrics on one batch, without updating weights."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(
            x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False
        )
        self._loss_tracker.update_state(loss, sample_weight=self._batch_size_of(x))
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def predict_step(self, data):
        """The model's outputs on one batch."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _compile_step(self, step):
        if self._run_eagerly:
            return step
        if self._jit_compile:
            return gf.function(step, jit_compile=True)
        return gf.function(step)

    def make_train_function(self, force: bool = False):
        if self.train_function is None or force:
            object.__setattr__(self, "train_function", self._compile_step(self.train_step))
        return self.train_function

    def make_test_function(self, force: bool = False):
        if self.test_function is None or force:
            object.__setattr__(self, "test_function", self._compile_step(self.test_step))
        return self.test_function

    def make_predict_function(self, force: bool = False):
        if self.predict_function is None or force:
            object.__setattr__(self, "predict_function", self._compile_step(self.predict_step))
        return self.predict_function

    def _prepare_for(self, batch, training: bool) -> None:
        """Build everything a traced step needs, eagerly, from the first batch: the
        model's weights, the optimizer's slots and the compiled metrics' variables
        (variables cannot be created inside a traced step)."""
        x, y, _ = unpack_x_y_sample_weight(batch)
        specs = tree.map_structure(
            lambda a: None if a is None else KerasTensor(a.shape, a.dtype.name), x
        )
        y_pred = backend.compute_output_spec(lambda inputs: self(inputs, training=False), specs)
        self._clear_losses()
        if y is not None:
            y_specs = tree.map_structure(lambda a: KerasTensor(a.shape, a.dtype.name), y)
            if self._compile_loss is not None and not self._compile_loss.built:
                self._compile_loss.build(y_specs, y_pred)
            if self._compile_metrics is not None and not self._compile_metrics.built:
                self._compile_metrics.build(y_specs, y_pred)
        if training and self.optimizer is not None and not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)

    def _assert_compiled(self, method: str) -> None:
        if not self.compiled:
            raise RuntimeError(
                f"You must call `compile()` before using the model. ({method} was called "
                "on an uncompiled model.)"
            )

    # -- fit / evaluate / predict -----------------------------------------------------
    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
    ):
        """Train the model for a fixed number of epochs.

        Args:
            x: inputs: arrays (or lists/dicts of arrays), a gf.data.Dataset, a
                keras.utils.PyDataset or a generator yielding (x, y[, sample_weight]).
            y: targets, when `x` is arrays.
            batch_size: samples per step for arrays (32 by default).
            epochs: the epoch to stop at.
            verbose: 0 silent, 1 progress bar, 2 one line per epoch; 'auto' is 1.
            callbacks: keras.callbacks.Callback instances.
            validation_split: the fraction of the arrays (taken from the end, before
                shuffling) held out for validation.
            validation_data: (x_val, y_val[, sample_weight_val]) or a dataset.
            shuffle: shuffle the arrays each epoch (True, False or 'batch').
            class_weight: {class index: weight} for the loss.
            sample_weight: per-sample weights for the loss and weighted metrics.
            initial_epoch: the epoch to start from (to resume training).
            steps_per_epoch: batches per epoch (default: the whole data).
            validation_steps: batches per validation run.
            validation_batch_size: batch size for validation arrays.
            validation_freq: validate every this many epochs.

        Returns:
            A History callback; `history.history` maps each metric to its epoch values.
        """
        from gradflow.keras.callbacks.callback_list import CallbackList

        self._assert_compiled("fit")
        self._validate_fit_inputs(x, y)
        if validation_split and validation_data is None:
            if not _is_arrays(x):
                raise ValueError(
                    "`validation_split` is only supported for NumPy arrays; received x of "
                    f"type {type(x).__name__}. Pass `validation_data` instead."
                )
            (x, y, sample_weight), validation_data = train_validation_split(
                (x, y, sample_weight), validation_split
            )
        iterator = EpochIterator(
            x,
            y,
            sample_weight,
            batch_size=batch_size,
            steps_per_epoch=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
            steps_per_execution=self.steps_per_execution,
        )
        val_iterator = None
        if validation_data is not None:
            val_x, val_y, val_sw = unpack_x_y_sample_weight(validation_data)
            val_iterator = EpochIterator(
                val_x,
                val_y,
                val_sw,
                batch_size=validation_batch_size or batch_size,
                steps_per_epoch=validation_steps,
                shuffle=False,
                steps_per_execution=self.steps_per_execution,
            )
        verbose = 1 if verbose == "auto" else int(verbose)
        callback_list = CallbackList(
            callbacks,
            add_history=True,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=epochs,
            steps=iterator.num_batches,
        )
        object.__setattr__(self, "stop_training", False)
        train_function = self.make_train_function()
        callback_list.on_train_begin()
        # BackupAndRestore.on_train_begin sets the epoch a killed fit resumes at
        initial_epoch = getattr(self, "_initial_epoch", None) or initial_epoch
        object.__setattr__(self, "_initial_epoch", None)
        epoch_logs: dict = {}
        training_logs = None
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            logs = self._run_epoch(iterator, train_function, callback_list, training=True)
            epoch_logs = dict(
                self._logs_to_floats(logs if logs is not None else self.get_metrics_result())
            )
            if val_iterator is not None and (epoch + 1) % validation_freq == 0:
                val_logs = self.evaluate(
                    _iterator=val_iterator,
                    verbose=0,
                    return_dict=True,
                    callbacks=callback_list,
                    _in_fit=True,
                )
                epoch_logs.update({"val_" + k: v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if self.optimizer is not None and hasattr(self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_weights)
        callback_list.on_train_end(training_logs)
        return self.history

    def _run_epoch(self, iterator, step_function, callback_list, training: bool):
        logs = None
        begin = (
            callback_list.on_train_batch_begin if training else callback_list.on_test_batch_begin
        )
        end = callback_list.on_train_batch_end if training else callback_list.on_test_batch_end
        for step, batches in iterator.enumerate_epoch():
            begin(step)
            for batch in batches:
                if step_function is not None and not self._prepared(training):
                    self._prepare_for(batch, training)
                    self._mark_prepared(training)
                logs = step_function(batch)
            logs = self._logs_to_floats(logs)
            end(step + len(batches) - 1, logs)
            if training and self.stop_training:
                break
        return logs

    def _prepared(self, training: bool) -> bool:
        return getattr(self, "_prepared_train" if training else "_prepared_test", False)

    def _mark_prepared(self, training: bool) -> None:
        object.__setattr__(self, "_prepared_train" if training else "_prepared_test", True)

    @staticmethod
    def _logs_to_floats(logs) -> dict:
        if logs is None:
            return {}
        return {
            k: float(np.asarray(v.numpy() if hasattr(v, "numpy") else v)) for k, v in logs.items()
        }

    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose="auto",
        sample_weight=None,
        steps=None,
        callbacks=None,
        return_dict=False,
        **kwargs,
    ):
        """The loss and metrics of the model on data, batch by batch.

        Args:
            x, y, sample_weight: as in `fit`.
            batch_size: samples per batch for arrays (32 by default).
            verbose: 0 silent, 1 progress bar, 2 one line.
            steps: batches to run (default: all of the data).
            callbacks: callbacks to call during evaluation.
            return_dict: return {name: value} instead of a list in `metrics_names` order.

        Returns:
            A scalar loss (no metrics), a list [loss, metric, ...], or a dict.
        """
        from gradflow.keras.callbacks.callback_list import CallbackList

        self._assert_compiled("evaluate")
        iterator = kwargs.pop("_iterator", None)
        in_fit = kwargs.pop("_in_fit", False)
        if kwargs:
            raise ValueError(f"Arguments not recognized: {kwargs}")
        if iterator is None:
            iterator = EpochIterator(
                x,
                y,
                sample_weight,
                batch_size=batch_size,
                steps_per_epoch=steps,
                shuffle=False,
                steps_per_execution=self.steps_per_execution,
            )
        verbose = 1 if verbose == "auto" else int(verbose)
        if in_fit and isinstance(callbacks, CallbackList):
            callback_list = callbacks
        else:
            callback_list = CallbackList(
                callbacks,
                add_progbar=verbose != 0,
                model=self,
                verbose=verbose,
                epochs=1,
                steps=iterator.num_batches,
            )
        test_function = self.make_test_function()
        self.reset_metrics()
        callback_list.on_test_begin()
        logs = self._run_epoch(iterator, test_function, callback_list, training=False)
        logs = self._logs_to_floats(self.get_metrics_result()) if logs is not None else logs
        callback_list.on_test_end(logs)
        if return_dict:
            return logs
        return _flatten_metrics_in_order(logs, self.metrics)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for `x`, batch by batch, concatenated.

        Args:
            x: inputs (arrays, a Dataset, a PyDataset or a generator).
            batch_size: samples per batch for arrays (32 by default).
            verbose: 0 silent, 1 progress bar.
            steps: batches to run (default: all of the data).
            callbacks: callbacks to call during prediction.

        Returns:
            NumPy arrays in the structure of the model's outputs.
        """
        from gradflow.keras.callbacks.callback_list import CallbackList

        iterator = EpochIterator(
            x,
            batch_size=batch_size,
            steps_per_epoch=steps,
            shuffle=False,
            steps_per_execution=self.steps_per_execution,
        )
        verbose = 1 if verbose == "auto" else int(verbose)
        callback_list = CallbackList(
            callbacks,
            add_progbar=verbose != 0,
            model=self,
            verbose=verbose,
            epochs=1,
            steps=iterator.num_batches,
        )
        predict_function = self.make_predict_function()
        outputs = []
        callback_list.on_predict_begin()
        for step, batches in iterator.enumerate_epoch():
            callback_list.on_predict_batch_begin(step)
            for batch in batches:
                x_batch, _, _ = unpack_x_y_sample_weight(batch)
                result = predict_function((x_batch,))
                outputs.append(tree.map_structure(lambda t: np.asarray(t.numpy()), result))
            callback_list.on_predict_batch_end(step + len(batches) - 1, {"outputs": outputs[-1]})
        callback_list.on_predict_end()
        if not outputs:
            raise ValueError(
                "Unexpected result of `predict_function` (Empty batch_outputs). Please use "
                "`Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly"
                "(True)` for more information of where went wrong, or file a issue/bug."
            )
        leaves = [tree.flatten(o) for o in outputs]
        joined = [np.concatenate([step[i] for step in leaves]) for i in range(len(leaves[0]))]
        return tree.unflatten_as(outputs[0], joined)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One optimizer step on one batch; returns the loss and metrics."""
        self._assert_compiled("train_on_batch")
        adapter = get_data_adapter(
            x, y, sample_weight, batch_size=_length(x), class_weight=class_weight
        )
        batch = next(iter(adapter.get_numpy_iterator()))
        if not self._prepared(True):
            self._prepare_for(batch, True)
            self._mark_prepared(True)
        self.reset_metrics()
        logs = self._logs_to_floats(self.make_train_function()(batch))
        return logs if return_dict else _flatten_metrics_in_order(logs, self.metrics)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss and metrics on one batch."""
        self._assert_compiled("test_on_batch")
        adapter = get_data_adapter(x, y, sample_weight, batch_size=_length(x))
        batch = next(iter(adapter.get_numpy_iterator()))
        if not self._prepared(False):
            self._prepare_for(batch, False)
            self._mark_prepared(False)
        self.reset_metrics()
        logs = self._logs_to_floats(self.make_test_function()(batch))
        return logs if return_dict else _flatten_metrics_in_order(logs, self.metrics)

    def predict_on_batch(self, x):
        """The model's outputs on one batch, as NumPy."""
        adapter = get_data_adapter(x, batch_size=_length(x))
        batch = next(iter(adapter.get_numpy_iterator()))
        result = self.make_predict_function()((batch[0],))
        return tree.map_structure(lambda t: np.asarray(t.numpy()), result)

    def _validate_fit_inputs(self, x, y) -> None:
        if x is None:
            raise ValueError("fit() needs training data: pass `x` (and `y`).")


def _length(x) -> int:
    return int(np.shape(tree.flatten(x)[0])[0])


def _is_arrays(x) -> bool:
    return all(isinstance(v, (np.ndarray, gf.Tensor, list)) for v in tree.flatten(x))


def _flatten_metrics_in_order(logs: dict, metrics: list):
    """Logs as Keras's evaluate list: the metrics' own names in `metrics` order (loss
    first), then the remaining keys (compiled metrics' results) sorted; one value alone
    is returned as a scalar."""
    if not logs:
        return logs
    names = [m.name for m in metrics]
    values = [logs[name] for name in names if name in logs]
    values += [logs[key] for key in sorted(logs) if key not in names]
    return values[0] if len(values) == 1 else values
