"""Embedding: maps integer indices to rows of a trained matrix."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import constraints, initializers, regularizers
from gradflow.keras.layers.layer import Layer

gnp = gf.numpy


def _check_positive(value, name: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(
            f"`{name}` must be a positive integer. Received: {name}={value} "
            f"(of type {type(value).__name__})."
        )


class Embedding(Layer):
    """Turns nonnegative integers (indexes) into dense vectors of fixed size.

    e.g. `[[4], [20]] -> [[0.25, 0.1], [0.6, -0.2]]`. The inputs must be integers in
    `[0, input_dim)`.

    Args:
        input_dim: the vocabulary size (largest index + 1).
        output_dim: the size of each embedding vector.
        embeddings_initializer: initializer of the `embeddings` matrix ('uniform').
        embeddings_regularizer: regularizer applied to the `embeddings` matrix.
        embeddings_constraint: constraint applied to the `embeddings` matrix.
        mask_zero: whether index 0 is padding to be masked out (then `input_dim`
            should be the vocabulary size + 1).
        weights: an optional `(input_dim, output_dim)` matrix of initial values.

    Input shape:
        N-D integer tensor `(batch_size, ...)`.

    Output shape:
        `(batch_size, ..., output_dim)`.

    Example:
    >>> import numpy as np
    >>> Embedding(10, 4)(np.array([[1, 2, 3]])).shape
    (1, 3, 4)
    """

    def __init__(
        self,
        input_dim,
        output_dim,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        weights=None,
        lora_rank=None,
        lora_alpha=None,
        quantization_config=None,
        **kwargs,
    ):
        _check_positive(input_dim, "input_dim")
        _check_positive(output_dim, "output_dim")
        kwargs.pop("input_length", None)  # deprecated in Keras 3, ignored
        super().__init__(**kwargs)
        if lora_rank is not None or quantization_config is not None:
            raise ValueError(
                "gradflow's Embedding does not support LoRA or quantization. "
                f"Received: lora_rank={lora_rank}, quantization_config={quantization_config}"
            )
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        self.autocast = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            name="embeddings",
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            trainable=True,
        )
        self.built = True

    def call(self, inputs):
        if inputs.dtype.name not in ("int32", "int64"):
            inputs = gnp.astype(inputs, gf.int32)
        outputs = gnp.take(self.embeddings, inputs, axis=0)
        return gnp.astype(outputs, self.compute_dtype)

    def compute_mask(self, inputs, previous_mask=None):
        if not self.mask_zero:
            return None
        return gnp.not_equal(inputs, gnp.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }
