"""Normalization: `(inputs - mean) / sqrt(variance)` per feature, with `adapt` to learn
the mean and variance from data."""

from __future__ import annotations

import itertools
import math

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.layer import Layer

gnp = gf.numpy


def _first(batch):
    """The features of a batch that may be an `(x, y, …)` tuple."""
    return batch[0] if isinstance(batch, tuple) else batch


class Normalization(Layer):
    """A preprocessing layer that normalizes continuous features.

    It shifts and scales inputs into a distribution centered around 0 with standard
    deviation 1: `(input - mean) / sqrt(var)`. The mean and variance are passed in, or
    learned by `adapt()` and kept in the non-trainable weights `mean`, `variance` and
    `count` (Keras's layout).

    Args:
        axis: the axis or axes that keep separate statistics (-1: the last, one
            mean/variance per feature); None: one scalar over everything.
        mean: the mean to use (broadcast to the kept axes); set with `variance`.
        variance: the variance to use; set with `mean`.
        invert: apply the inverse transformation (`mean + input * sqrt(var)`).

    Input shape:
        Arbitrary; the kept axes must have known sizes.

    Output shape:
        Same as input.

    Example:
    >>> import numpy as np
    >>> layer = Normalization(axis=None)
    >>> layer.adapt(np.array([1.0, 2.0, 3.0], "float32"))
    >>> [round(v, 4) for v in layer(np.array([1.0, 3.0], "float32")).numpy().tolist()]
    [-1.2247, 1.2247]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None
        self.mean = None
        if (mean is not None) != (variance is not None):
            raise ValueError(
                "When setting values directly, both `mean` and `variance` must be set. "
                f"Received: mean={mean} and variance={variance}"
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    "When setting values directly, `mean` and `variance` must have the same "
                    f"shape. Received: mean shape {np.shape(mean)} and variance shape "
                    f"{np.shape(variance)}"
                )
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    "The rank of `mean` must be less than or equal to the number of axes "
                    f"({len(self.axis)}). Received: mean shape {np.shape(mean)} for axis "
                    f"{self.axis}"
                )

    def build(self, input_shape):
        if input_shape is None:
            return
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        self._build_input_shape = input_shape
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                "All `axis` values must be in the range [-ndim, ndim). Received inputs "
                f"with ndim={ndim}, while axis={self.axis}"
            )
        self._keep_axis = tuple(sorted(d if d >= 0 else d + ndim for d in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(
                    "All `axis` values to be kept must have a known shape. Received "
                    f"axis={self.axis}, inputs.shape={input_shape}, with unknown axis at "
                    f"index {d}"
                )
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = tuple(
            input_shape[d] if d in self._keep_axis else 1 for d in range(ndim)
        )
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=self._mean_and_var_shape, initializer="zeros",
                trainable=False,
            )  # fmt: skip
            self.adapt_variance = self.add_weight(
                name="variance", shape=self._mean_and_var_shape, initializer="ones",
                trainable=False,
            )  # fmt: skip
            # Kept for Keras's weight layout (older saved models read it).
            self.count = self.add_weight(
                name="count", shape=(), dtype="int", initializer="zeros", trainable=False
            )
            self.built = True
            self.finalize_state()
            return
        self.mean = self._broadcast_constant(self.input_mean, ndim)
        self.variance = self._broadcast_constant(self.input_variance, ndim)
        self.built = True

    def _broadcast_constant(self, value, ndim: int):
        """A given mean/variance aligned right-to-left with the kept axes."""
        value = np.asarray(value)
        if value.ndim > 0:
            expanded = [1] * ndim
            for i in range(1, value.ndim + 1):
                expanded[self._keep_axis[-i]] = value.shape[-i]
            value = value.reshape(expanded)
        value = np.broadcast_to(value, self._broadcast_shape)
        return gf.constant(np.asarray(value, dtype=self.compute_dtype))

    def adapt(self, data) -> None:
        """Compute the mean and variance of `data` and store them in the weights.

        Args:
            data: a NumPy array or tensor, a `gf.data.Dataset` (of batches, or of single
                samples which are batched by 128), or an iterable of batches; tuples
                `(x, y)` use `x`.
        """
        batches, input_shape, whole = self._adapt_source(data)
        if not self.built:
            self.build(input_shape)
        else:
            for d in self._keep_axis:
                if input_shape[d] != self._build_input_shape[d]:
                    raise ValueError(
                        f"The layer was built with input_shape={self._build_input_shape}, "
                        "but adapt() is being called with data with an incompatible shape, "
                        f"data.shape={input_shape}"
                    )
        if whole is not None:
            if isinstance(whole, np.ndarray):
                total_mean = np.mean(whole, axis=self._reduce_axis)
                total_var = np.var(whole, axis=self._reduce_axis)
            else:
                total_mean = gnp.mean(whole, axis=self._reduce_axis).numpy()
                total_var = gnp.var(whole, axis=self._reduce_axis).numpy()
        else:
            total_mean, total_var = self._streaming_moments(batches)
        self.adapt_mean.assign(np.asarray(total_mean, dtype=self.adapt_mean.dtype))
        self.adapt_variance.assign(np.asarray(total_var, dtype=self.adapt_variance.dtype))
        self.finalize_state()

    def _adapt_source(self, data):
        """(batches, input_shape, whole array or None) for the kinds `adapt` accepts."""
        if isinstance(data, (np.ndarray, gf.Tensor)):
            return None, tuple(data.shape), data
        if isinstance(data, gf.data.Dataset):
            spec = _first(data.element_spec)
            if len(spec.shape) == 1:
                data = data.batch(128)
                spec = _first(data.element_spec)
            return iter(data), tuple(spec.shape), None
        if hasattr(data, "__iter__"):
            iterator = iter(data)
            first = next(iterator, None)
            if first is None:
                raise ValueError(
                    "adapt() received an empty iterable (no batches). Expected at least one "
                    "batch. Pass a non-empty iterable of arrays or tensors, e.g. "
                    "layer.adapt([x]) or layer.adapt(list_of_batches)."
                )
            first = _first(first)
            if getattr(first, "shape", None) is None:
                raise TypeError(
                    "adapt() expects an iterable that yields arrays or tensors with a "
                    f"`.shape` attribute. Got an element of type {type(first).__name__}."
                )
            return itertools.chain([first], iterator), tuple(first.shape), None
        raise TypeError(
            f"Unsupported data type: {type(data)}. `adapt` supports `np.ndarray`, tensors, "
            "`gf.data.Dataset` and iterables of batches (e.g. list, generator)."
        )

    def _streaming_moments(self, batches):
        """Mean and variance merged batch by batch (lack-of-fit sum of squares)."""
        total_mean = np.zeros(self._mean_and_var_shape, self.compute_dtype)
        total_var = np.zeros(self._mean_and_var_shape, self.compute_dtype)
        total_count = 0
        for batch in batches:
            batch = np.asarray(_first(batch), dtype=self.compute_dtype)
            for d in self._keep_axis:
                if batch.shape[d] != self._build_input_shape[d]:
                    raise ValueError(
                        "adapt() yielded a batch with incompatible shape. Expected "
                        f"{self._build_input_shape}, got {tuple(batch.shape)}."
                    )
            batch_mean = np.mean(batch, axis=self._reduce_axis)
            batch_var = np.var(batch, axis=self._reduce_axis)
            batch_count = math.prod(batch.shape[d] for d in self._reduce_axis)
            total_count += batch_count
            batch_weight = float(batch_count) / total_count
            existing_weight = 1.0 - batch_weight
            new_mean = total_mean * existing_weight + batch_mean * batch_weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * existing_weight + (
                batch_var + (batch_mean - new_mean) ** 2
            ) * batch_weight
            total_mean = new_mean
        return total_mean, total_var

    def finalize_state(self) -> None:
        """Refresh the broadcast mean/variance from the adapted weights."""
        if self.input_mean is not None or not self.built:
            return
        self.mean = gnp.astype(
            gnp.reshape(self.adapt_mean.value(), self._broadcast_shape), self.compute_dtype
        )
        self.variance = gnp.astype(
            gnp.reshape(self.adapt_variance.value(), self._broadcast_shape), self.compute_dtype
        )

    def call(self, inputs):
        if self.mean is None:
            raise ValueError("You must call `.build(input_shape)` on the layer before using it.")
        inputs = gnp.astype(inputs, self.compute_dtype)
        if self.input_mean is None:
            # read the weights at call time: inside a traced step they are graph state
            mean = gnp.reshape(gnp.astype(self.adapt_mean.value(), self.compute_dtype),
                               self._broadcast_shape)  # fmt: skip
            variance = gnp.reshape(gnp.astype(self.adapt_variance.value(), self.compute_dtype),
                                   self._broadcast_shape)  # fmt: skip
        else:
            mean, variance = self.mean, self.variance
        scale = gnp.maximum(gnp.sqrt(variance), backend.epsilon())
        if self.invert:
            return mean + inputs * scale
        return (inputs - mean) / scale

    def compute_output_shape(self, input_shape):
        return input_shape

    def load_own_variables(self, store) -> None:
        from gradflow.keras.saving import keras_saveable

        variables = keras_saveable.layer_own_variables(self)
        keras_saveable.check_layer_variable_count(self, variables, store)
        for i, variable in enumerate(variables):
            variable.assign(np.asarray(store[str(i)]).astype(variable.dtype))
        self.finalize_state()

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "invert": self.invert,
            "mean": np.array(self.input_mean).tolist(),
            "variance": np.array(self.input_variance).tolist(),
        }

    def get_build_config(self):
        if self._build_input_shape:
            return {"input_shape": list(self._build_input_shape)}
        return None

    def build_from_config(self, config) -> None:
        if config:
            self.build(tuple(config["input_shape"]))
