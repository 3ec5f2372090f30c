"""Weight regularizers: L1, L2, L1L2 and OrthogonalRegularizer. Each maps a weight
tensor to a scalar penalty that is added to the loss."""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras.losses.numerics import l2_normalize


def validate_float_arg(value, name: str) -> float:
    """`value` as a float, if it is a finite non-negative number."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (float, int))
        or math.isinf(value)
        or math.isnan(value)
        or value < 0
    ):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative float. "
            f"Received: {name}={value}"
        )
    return float(value)


class Regularizer:
    """Base class of regularizers: subclass it, implement `__call__(x)` returning a
    scalar penalty, and `get_config`.

    Example:
    >>> import gradflow as gf
    >>> class Total(Regularizer):
    ...     def __call__(self, x):
    ...         return gf.numpy.sum(x)
    ...     def get_config(self):
    ...         return {}
    >>> float(Total()(gf.constant([1.0, 2.0])))
    3.0
    """

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def get_config(self) -> dict:
        raise TypeError(f"{self} does not implement get_config()")


class L1L2(Regularizer):
    """`l1 * sum(abs(x)) + l2 * sum(square(x))`.

    Args:
        l1: the L1 factor.
        l2: the L2 factor.

    Example:
    >>> import gradflow as gf
    >>> float(L1L2(l1=0.5, l2=0.25)(gf.constant([1.0, -2.0])))
    2.75
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = validate_float_arg(0.0 if l1 is None else l1, name="l1")
        self.l2 = validate_float_arg(0.0 if l2 is None else l2, name="l2")

    def __call__(self, x):
        penalty = gf.numpy.zeros((), dtype=x.dtype)
        if self.l1 != 0.0:
            penalty = penalty + gf.constant(self.l1, dtype=x.dtype) * gf.numpy.sum(gf.numpy.abs(x))
        if self.l2 != 0.0:
            penalty = penalty + gf.constant(self.l2, dtype=x.dtype) * gf.numpy.sum(
                gf.numpy.square(x)
            )
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """`l1 * sum(abs(x))`.

    Args:
        l1: the L1 factor.

    Example:
    >>> import gradflow as gf
    >>> float(L1(0.5)(gf.constant([1.0, -2.0])))
    1.5
    """

    def __init__(self, l1=0.01):
        self.l1 = validate_float_arg(0.01 if l1 is None else l1, name="l1")

    def __call__(self, x):
        return gf.constant(self.l1, dtype=x.dtype) * gf.numpy.sum(gf.numpy.abs(x))

    def get_config(self) -> dict:
        return {"l1": float(gf.constant(self.l1, dtype=gf.float32))}


class L2(Regularizer):
    """`l2 * sum(square(x))`.

    Args:
        l2: the L2 factor.

    Example:
    >>> import gradflow as gf
    >>> float(L2(0.5)(gf.constant([1.0, -2.0])))
    2.5
    """

    def __init__(self, l2=0.01):
        self.l2 = validate_float_arg(0.01 if l2 is None else l2, name="l2")

    def __call__(self, x):
        return gf.constant(self.l2, dtype=x.dtype) * gf.numpy.sum(gf.numpy.square(x))

    def get_config(self) -> dict:
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Encourages the rows (or columns) of a 2-D weight to be orthogonal: `factor` times
    the mean absolute cosine similarity between distinct pairs of them.

    Args:
        factor: the penalty factor.
        mode: 'rows' or 'columns'.

    Example:
    >>> import gradflow as gf
    >>> float(OrthogonalRegularizer(factor=1.0)(gf.constant([[1.0, 0.0], [0.0, 1.0]])))
    0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        validate_float_arg(factor, name="factor")
        # Keras keeps the factor as a float32 tensor; so does its config
        self.factor = float(gf.constant(float(factor), dtype=gf.float32))
        if mode not in {"rows", "columns"}:
            raise ValueError(
                'Invalid value for argument `mode`. Expected one of {"rows", "columns"}. '
                f"Received: mode={mode}"
            )
        self.mode = mode

    def __call__(self, inputs):
        if len(inputs.shape) != 2:
            raise ValueError(
                "Inputs to OrthogonalRegularizer must have rank 2. "
                f"Received: inputs.shape={inputs.shape}"
            )
        if self.mode == "rows":
            inputs = l2_normalize(inputs, axis=1)
            product = gf.numpy.matmul(inputs, gf.numpy.matrix_transpose(inputs))
            size = inputs.shape[0]
        else:
            inputs = l2_normalize(inputs, axis=0)
            product = gf.numpy.matmul(gf.numpy.matrix_transpose(inputs), inputs)
            size = inputs.shape[1]
        off_diagonal = product * (1.0 - gf.numpy.eye(size, dtype=inputs.dtype))
        num_pairs = size * (size - 1.0) / 2.0
        factor = gf.constant(self.factor, dtype=inputs.dtype)
        return factor * 0.5 * gf.numpy.sum(gf.numpy.abs(off_diagonal)) / num_pairs

    def get_config(self) -> dict:
        return {"factor": self.factor, "mode": self.mode}
