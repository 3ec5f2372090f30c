"""Hashing: values hashed into `num_bins` buckets with TensorFlow's exact hashes
(FarmHash Fingerprint64, or SipHash-2-4 under a salt) of their string forms."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.core import context
from gradflow.keras import backend
from gradflow.keras.engine.keras_tensor import KerasTensor
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.preprocessing import (
    categorical,
    integer_hash,
    string_data,
    string_hash,
)

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


class Hashing(Layer):
    """A preprocessing layer which hashes and bins categorical features.

    Strings are hashed as they are, integers (and floats, truncated to integers) as
    their decimal strings — the bucket numbers equal Keras's (TensorFlow's
    `string_to_hash_bucket_fast`, or `_strong` when `salt` is set). Strings are hashed
    in NumPy (call the layer on arrays or lists, e.g. in `gf.data.Dataset.map`);
    numbers are hashed with gradflow ops, so an unsalted Hashing of integers also runs
    inside models and traced functions.

    Args:
        num_bins: the number of buckets (including the mask bucket when
            `mask_value` is set).
        mask_value: a value that goes to bucket 0 (the others then use buckets
            1..num_bins-1).
        salt: an int or a pair of ints: use the keyed SipHash-2-4 instead.
        output_mode: 'int' (default), 'one_hot', 'multi_hot' or 'count'.
        sparse: must be False.

    Input shape:
        Any array of strings or numbers.

    Output shape:
        'int': as input; otherwise the last axis becomes `num_bins`.

    Example:
    >>> Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).numpy().tolist()
    [[1], [0], [1], [1], [2]]
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):  # fmt: skip
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else backend.floatx()
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                f"Received: num_bins={num_bins}."
            )
        if output_mode == "int" and self.dtype_policy.name not in ("int32", "int64"):
            raise ValueError(
                "When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or "
                f"'in64'. Received: dtype={kwargs['dtype']}"
            )
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(
                f"Invalid value for argument `output_mode`. Expected one of {_OUTPUT_MODES}. "
                f"Received: output_mode={output_mode}"
            )
        if sparse:
            raise ValueError(
                "gradflow has no sparse tensors: `sparse` must be False. Received: sparse=True"
            )
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse
        self.salt = None
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                self.salt = list(salt)
            elif isinstance(salt, int):
                self.salt = [salt, salt]
            else:
                raise ValueError(
                    "The `salt` argument for `Hashing` can only be a tuple of size 2 integers, "
                    f"or a single integer. Received: salt={salt}."
                )
        self.built = True

    def __call__(self, inputs, **kwargs):
        if string_data.is_string_data(inputs):
            self._check_super_called()
            return self.call(inputs)
        if self.salt is not None and (
            isinstance(inputs, KerasTensor) or context.state().tracer is not None
        ):
            raise ValueError(
                f"Layer '{self.name}': a salted (SipHash) hash of numbers runs in NumPy, so "
                "eagerly only: call it on arrays or eager tensors (e.g. in "
                f"`gf.data.Dataset.map`), or drop the salt. Received: inputs={inputs}"
            )
        return super().__call__(inputs, **kwargs)

    def call(self, inputs):
        if string_data.is_string_data(inputs) or self.salt is not None:
            values = string_data.to_numpy(inputs)
            if self.output_mode == "one_hot" and values.ndim > 0 and values.shape[-1] == 1:
                values = np.squeeze(values, axis=-1)
            indices = gf.constant(self._hash_values_to_bins(values))
        else:
            indices = self._hash_numbers(backend.convert_to_tensor(inputs))
        return categorical.encode_categorical_inputs(
            indices, self.output_mode, self.num_bins, self.dtype
        )

    def _hash_numbers(self, values):
        """Buckets of numbers with gradflow ops (FarmHash of their decimal strings)."""
        if self.output_mode == "one_hot" and values.ndim > 0 and values.shape[-1] == 1:
            values = gf.numpy.squeeze(values, axis=-1)
        if gf.dtypes.is_floating(values.dtype):
            values = gf.numpy.astype(values, "int64")
        bins, mask = self.num_bins, None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = values == self.mask_value
        flat = gf.numpy.reshape(values, (-1,))
        hashed = gf.numpy.reshape(integer_hash.decimal_hash_buckets(flat, bins), values.shape)
        if mask is not None:
            hashed = gf.numpy.where(mask, gf.constant(np.int64(0)), hashed + 1)
        return hashed

    def _hash_values_to_bins(self, values: np.ndarray) -> np.ndarray:
        """Buckets of strings (or of numbers under a salt) in NumPy."""
        bins, mask = self.num_bins, None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = _equal(values, self.mask_value)
        if values.dtype.kind == "f":
            values = values.astype(np.int64)
        if values.dtype.kind in "iub":
            strings = np.vectorize(lambda v: str(int(v)), otypes=[object])(values)
        else:
            strings = string_data.to_str_array(values)
        hashed = string_hash.hash_buckets(strings, bins, self.salt)
        if mask is not None:
            hashed = np.where(mask, 0, hashed + 1)
        return hashed

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "num_bins": self.num_bins,
            "salt": self.salt,
            "mask_value": self.mask_value,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
        }


def _equal(values: np.ndarray, mask_value) -> np.ndarray:
    """Elementwise `values == mask_value`, comparing text as text."""
    if values.dtype.kind in "SO" or isinstance(mask_value, (str, bytes)):
        text = string_data.to_str_array(values)
        target = mask_value.decode() if isinstance(mask_value, bytes) else str(mask_value)
        return text == target
    return values == mask_value
