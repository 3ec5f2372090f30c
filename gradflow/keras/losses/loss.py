"""The `Loss` base class and the reductions every Keras loss shares.

A loss computes per-sample values in `call`; `__call__` converts the inputs to the
loss's dtype, merges any Keras mask into the sample weights, weights the values and
reduces them. With `"sum_over_batch_size"` (the default) a weighted sum is divided by
the number of values, not by the sum of the weights, as in Keras 3.
"""

from __future__ import annotations

import math

import gradflow as gf
from gradflow.keras import backend, masking
from gradflow.keras.losses.numerics import divide_no_nan
from gradflow.keras.utils.naming import auto_name

REDUCTIONS = ("sum_over_batch_size", "sum", None, "none", "mean", "mean_with_sample_weight")


def standardize_reduction(reduction):
    """`reduction`, checked against the reductions Keras accepts.

    Example:
    >>> standardize_reduction("sum")
    'sum'
    """
    if reduction not in REDUCTIONS:
        raise ValueError(
            "Invalid value for argument `reduction`. "
            f"Expected one of {set(REDUCTIONS)}. Received: reduction={reduction}"
        )
    return reduction


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1: bool = True):
    """Make ranks equal when they differ by one trailing axis of size 1.

    A rank-1 operand is expanded (when `expand_rank_1`) rather than the other squeezed.

    Example:
    >>> import gradflow as gf
    >>> a, b = squeeze_or_expand_to_same_rank(gf.numpy.ones((3, 1)), gf.numpy.ones((3,)))
    >>> a.shape, b.shape
    ((3, 1), (3, 1))
    """
    rank1, rank2 = len(x1.shape), len(x2.shape)
    if rank1 == rank2 + 1 and x1.shape[-1] == 1:
        if rank2 == 1 and expand_rank_1:
            x2 = gf.numpy.expand_dims(x2, axis=-1)
        else:
            x1 = gf.numpy.squeeze(x1, axis=-1)
    if rank2 == rank1 + 1 and x2.shape[-1] == 1:
        if rank1 == 1 and expand_rank_1:
            x1 = gf.numpy.expand_dims(x1, axis=-1)
        else:
            x2 = gf.numpy.squeeze(x2, axis=-1)
    return x1, x2


def _count(x, dtype):
    """The number of elements of `x`, as a scalar of `dtype` (dynamic dims allowed)."""
    if all(d is not None for d in x.shape):
        return gf.constant(float(math.prod(x.shape)), dtype=dtype)
    return gf.numpy.sum(gf.numpy.ones_like(x, dtype=dtype))


def reduce_values(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Reduce (already weighted) loss values to a scalar as `reduction` says.

    Example:
    >>> import gradflow as gf
    >>> float(reduce_values(gf.constant([1.0, 2.0, 3.0])))
    2.0
    """
    if reduction is None or reduction == "none" or tuple(values.shape) in ((), (0,)):
        return values
    loss = gf.numpy.sum(values)
    if reduction in ("sum_over_batch_size", "mean", "mean_with_sample_weight"):
        if reduction == "mean_with_sample_weight" and sample_weight is not None:
            divisor = gf.numpy.astype(gf.numpy.sum(sample_weight), loss.dtype)
        else:
            divisor = _count(values, loss.dtype)
        loss = divide_no_nan(loss, divisor)
    return loss


def apply_mask(sample_weight, mask, dtype, reduction):
    """Merge a Keras mask into the sample weights.

    For "mean" and "sum_over_batch_size", valid entries weigh `total / valid`, so the
    reduced loss is the mean over valid entries only.
    """
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = _count(mask, dtype)
        valid = gf.numpy.sum(gf.numpy.astype(mask, dtype))  # may be 0
        weight = divide_no_nan(total, valid)
        float_mask = gf.numpy.where(
            gf.numpy.astype(mask, gf.bool), weight, gf.numpy.zeros_like(weight)
        )
    else:
        float_mask = gf.numpy.astype(mask, dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = gf.numpy.astype(sample_weight, dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    return sample_weight * float_mask


def reduce_weighted_values(
    values, sample_weight=None, mask=None, reduction="sum_over_batch_size", dtype=None
):
    """Weight loss values by `sample_weight` (and `mask`), then reduce them.

    Args:
        values: per-sample (or per-element) loss values.
        sample_weight: weights broadcasting against `values` after a trailing axis of
            size 1 is squeezed or added.
        mask: a boolean mask of the shape of `values`, or None.
        reduction: one of "sum_over_batch_size", "sum", "mean",
            "mean_with_sample_weight", "none" or None.
        dtype: the dtype to compute in; `values`' own by default.

    Returns:
        The reduced loss (the weighted values for "none"/None).

    Example:
    >>> import gradflow as gf
    >>> float(reduce_weighted_values(gf.constant([1.0, 3.0]), sample_weight=[1.0, 0.0]))
    0.5
    """
    reduction = standardize_reduction(reduction)
    values = backend.convert_to_tensor(values, dtype=dtype)
    if sample_weight is not None:
        sample_weight = backend.convert_to_tensor(sample_weight, dtype=values.dtype)
    if mask is not None:
        mask = backend.convert_to_tensor(mask)
    sample_weight = apply_mask(sample_weight, mask, values.dtype, reduction)
    if sample_weight is not None:
        sample_weight = gf.numpy.astype(sample_weight, values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    return reduce_values(values, sample_weight, reduction)


class Loss:
    """Loss base class: subclass it and implement `call(y_true, y_pred)`.

    Args:
        name: the loss's name; a snake_case name of the class by default.
        reduction: "sum_over_batch_size" (the default), "sum", "mean",
            "mean_with_sample_weight", "none" or None.
        dtype: the dtype the loss computes in (`keras.backend.floatx()` by default; a
            DTypePolicy gives its compute dtype).

    Example:
    >>> import gradflow as gf
    >>> class Squares(Loss):
    ...     def call(self, y_true, y_pred):
    ...         return gf.numpy.mean(gf.numpy.square(y_pred - y_true), axis=-1)
    >>> float(Squares()([[0.0, 1.0]], [[1.0, 1.0]]))
    0.5
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or auto_name(self.__class__.__name__)
        self.reduction = standardize_reduction(reduction)
        self._dtype_policy = dtype
        self._dtype = backend.standardize_dtype(dtype)

    @property
    def dtype(self) -> str:
        """The dtype the loss computes in."""
        return self._dtype

    def __call__(self, y_true, y_pred, sample_weight=None):
        in_mask = masking.get_keras_mask(y_pred)
        y_pred = backend.convert_to_tensor(y_pred, dtype=self.dtype)
        y_true = backend.convert_to_tensor(y_true, dtype=self.dtype)
        losses = self.call(y_true, y_pred)
        out_mask = masking.get_keras_mask(losses)
        if in_mask is not None and out_mask is not None:
            mask = gf.numpy.logical_and(in_mask, out_mask)
        else:
            mask = in_mask if in_mask is not None else out_mask
        return reduce_weighted_values(
            losses,
            sample_weight=sample_weight,
            mask=mask,
            reduction=self.reduction,
            dtype=self.dtype,
        )

    def call(self, y_true, y_pred):
        """The unreduced loss; subclasses implement it."""
        raise TypeError(
            f"{type(self).__name__} must implement `call(y_true, y_pred)` to be used as a loss."
        )

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)
