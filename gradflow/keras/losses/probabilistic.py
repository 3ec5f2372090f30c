"""Probabilistic losses: cross-entropies (binary, categorical, sparse, focal,
generalized), Kullback-Leibler divergence and Poisson — functions and `Loss` classes."""

from __future__ import annotations

import warnings

import gradflow as gf
from gradflow.keras import backend, masking
from gradflow.keras.losses.loss_function_wrapper import BuiltinLossWrapper
from gradflow.keras.losses.numerics import convert_inputs, to_float


def _check_axis(axis) -> None:
    if isinstance(axis, bool):
        raise ValueError(
            f"`axis` must be of type `int`. Received: axis={axis} of type {type(axis)}"
        )


def _warn_single_class(name: str, y_pred) -> None:
    if y_pred.ndim and y_pred.shape[-1] == 1:
        warnings.warn(
            f"In loss {name}, expected y_pred.shape to be (batch_size, num_classes) with "
            f"num_classes > 1. Received: y_pred.shape={y_pred.shape}. Consider using "
            "'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def _smooth_categorical(y_true, label_smoothing):
    num_classes = float(y_true.shape[-1])
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


def _clip(x, low, high):
    return gf.numpy.clip(x, low, high)


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred))` over the last
    axis, both clipped to [epsilon, 1].

    Args:
        y_true: target distributions.
        y_pred: predicted distributions.

    Returns:
        The divergence per sample.

    Example:
    >>> [round(v, 6) for v in kl_divergence([[0.5, 0.5]], [[0.25, 0.75]]).tolist()]
    [0.143841]
    """
    y_true, y_pred = convert_inputs(y_true, y_pred)
    y_true = _clip(y_true, backend.epsilon(), 1.0)
    y_pred = _clip(y_pred, backend.epsilon(), 1.0)
    return gf.numpy.sum(y_true * gf.numpy.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """Poisson loss, `mean(y_pred - y_true * log(y_pred + epsilon))` over the last axis.

    Args:
        y_true: ground truth counts.
        y_pred: predicted rates.

    Returns:
        The loss per sample.

    Example:
    >>> [round(v, 6) for v in poisson([[1.0]], [[1.0]]).tolist()]
    [1.0]
    """
    y_true, y_pred = convert_inputs(y_true, y_pred)
    return gf.numpy.mean(y_pred - y_true * gf.numpy.log(y_pred + backend.epsilon()), axis=-1)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Categorical cross-entropy between one-hot (or soft) labels and predictions.

    Args:
        y_true: one-hot labels.
        y_pred: predicted probabilities, or logits if `from_logits`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - s) + s / num_classes`.
        axis: the class axis.

    Returns:
        The cross-entropy per sample.

    Example:
    >>> [round(v, 6) for v in categorical_crossentropy([[0, 1]], [[0.5, 0.5]]).tolist()]
    [0.693147]
    """
    _check_axis(axis)
    y_true, y_pred = convert_inputs(y_true, y_pred)
    _warn_single_class("categorical_crossentropy", y_pred)
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing)
    return gf.nn.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def categorical_focal_crossentropy(
    y_true, y_pred, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1
):
    """Categorical focal cross-entropy: `alpha * (1 - p)**gamma` down-weights easy
    examples.

    Args:
        y_true: one-hot labels.
        y_pred: predicted probabilities, or logits if `from_logits`.
        alpha: the weighting factor.
        gamma: the focusing parameter.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1].
        axis: the class axis.

    Returns:
        The focal cross-entropy per sample.

    Example:
    >>> [round(v, 6) for v in categorical_focal_crossentropy([[0, 1]], [[0.5, 0.5]]).tolist()]
    [0.043322]
    """
    _check_axis(axis)
    y_true, y_pred = convert_inputs(y_true, y_pred)
    _warn_single_class("categorical_focal_crossentropy", y_pred)
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing)
    if from_logits:
        y_pred = gf.nn.softmax(y_pred, axis=axis)
    output = y_pred / gf.numpy.sum(y_pred, axis=axis, keepdims=True)
    output = _clip(output, backend.epsilon(), 1.0 - backend.epsilon())
    cce = -y_true * gf.numpy.log(output)
    focal = gf.numpy.pow(1.0 - output, gamma) * alpha * cce
    return gf.numpy.sum(focal, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Cross-entropy between integer labels and predictions.

    Args:
        y_true: integer class indices (a trailing axis of size 1 is dropped).
        y_pred: predicted probabilities, or logits if `from_logits`.
        from_logits: whether `y_pred` holds logits.
        ignore_class: a class index whose entries count as 0 and are masked out of
            the loss's reduction.
        axis: the class axis of `y_pred`.

    Returns:
        The cross-entropy per sample.

    Example:
    >>> loss = sparse_categorical_crossentropy([1], [[0.5, 0.5]])
    >>> [round(v, 6) for v in loss.tolist()]
    [0.693147]
    """
    y_pred = to_float(y_pred)
    y_true = backend.convert_to_tensor(y_true)
    if y_true.ndim == y_pred.ndim and y_true.shape[axis] == 1:
        y_true = gf.numpy.squeeze(y_true, axis=axis)
    valid = None
    if ignore_class is not None:
        class_axis = axis % y_pred.ndim
        result_shape = tuple(d for i, d in enumerate(y_pred.shape) if i != class_axis)
        valid = y_true != gf.numpy.astype(gf.constant(ignore_class), y_true.dtype)
        y_true = gf.numpy.where(valid, y_true, gf.numpy.zeros_like(y_true))
        y_pred = gf.numpy.where(
            gf.numpy.expand_dims(valid, axis=axis), y_pred, gf.numpy.zeros_like(y_pred)
        )
    result = gf.nn.sparse_categorical_crossentropy(
        y_true, y_pred, from_logits=from_logits, axis=axis
    )
    if valid is not None:
        valid = gf.numpy.reshape(valid, result_shape)
        result = gf.numpy.where(valid, result, gf.numpy.zeros_like(result))
        masking.set_keras_mask(result, valid)
    return result


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Binary cross-entropy, averaged over `axis`.

    Args:
        y_true: labels in [0, 1].
        y_pred: predicted probabilities, or logits if `from_logits`.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; labels become `y * (1 - s) + 0.5 * s`.
        axis: the axis to average over.

    Returns:
        The cross-entropy per sample.

    Example:
    >>> [round(v, 6) for v in binary_crossentropy([[1.0, 0.0]], [[0.5, 0.5]]).tolist()]
    [0.693147]
    """
    y_true, y_pred = convert_inputs(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    values = gf.nn.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return gf.numpy.mean(values, axis=axis)


def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary focal cross-entropy: `(1 - p_t)**gamma * bce`, averaged over `axis`.

    Args:
        y_true: labels in [0, 1].
        y_pred: predicted probabilities, or logits if `from_logits`.
        apply_class_balancing: weigh positives by `alpha` and negatives by `1 - alpha`.
        alpha: the class-balancing weight.
        gamma: the focusing parameter.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1].
        axis: the axis to average over.

    Returns:
        The focal cross-entropy per sample.

    Example:
    >>> [round(v, 6) for v in binary_focal_crossentropy([[1.0]], [[0.5]]).tolist()]
    [0.173287]
    """
    y_true, y_pred = convert_inputs(y_true, y_pred)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = gf.nn.sigmoid(y_pred)
    bce = gf.nn.binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal_bce = gf.numpy.pow(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        weight = y_true * alpha + (1.0 - y_true) * (1.0 - alpha)
        focal_bce = weight * focal_bce
    return gf.numpy.mean(focal_bce, axis=axis)


def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """Generalized cross-entropy `(1 - p**q) / q`, where `p` is the predicted
    probability of the true (integer) class; robust to noisy labels.

    Args:
        y_true: integer class labels.
        y_pred: predicted probabilities.
        q: in (0, 1); towards 0 it behaves like cross-entropy, at 1 like MAE.

    Returns:
        The loss per sample.

    Example:
    >>> categorical_generalized_cross_entropy([1], [[0.75, 0.25]], q=0.5).tolist()
    [1.0]
    """
    y_pred = backend.convert_to_tensor(y_pred)
    labels = gf.numpy.astype(backend.convert_to_tensor(y_true), gf.int32)
    hot = gf.nn.one_hot(labels, y_pred.shape[-1], dtype=y_pred.dtype)
    p = gf.numpy.sum(y_pred * hot, axis=-1)
    return (1.0 - gf.numpy.pow(p, q)) / q


class KLDivergence(BuiltinLossWrapper):
    """Kullback-Leibler divergence between labels and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 6)
    0.143841
    """

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction, name, dtype)


class Poisson(BuiltinLossWrapper):
    """Poisson loss between labels and predictions.

    Args:
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(Poisson()([[1.0]], [[1.0]])), 6)
    1.0
    """

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction, name, dtype)


class BinaryCrossentropy(BuiltinLossWrapper):
    """Cross-entropy between binary labels and predicted probabilities (or logits).

    Args:
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1]; squeezes labels towards 0.5.
        axis: the axis to average over.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(BinaryCrossentropy()([[1.0, 0.0]], [[0.5, 0.5]])), 6)
    0.693147
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class BinaryFocalCrossentropy(BuiltinLossWrapper):
    """Binary focal cross-entropy, which focuses training on hard examples.

    Args:
        apply_class_balancing: weigh positives by `alpha`, negatives by `1 - alpha`.
        alpha: the class-balancing weight.
        gamma: the focusing parameter.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1].
        axis: the axis to average over.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(BinaryFocalCrossentropy()([[1.0]], [[0.5]])), 6)
    0.173287
    """

    _config_keys = (
        "from_logits",
        "label_smoothing",
        "axis",
        "apply_class_balancing",
        "alpha",
        "gamma",
    )

    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_focal_crossentropy,
            reduction,
            name,
            dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class CategoricalCrossentropy(BuiltinLossWrapper):
    """Cross-entropy between one-hot labels and predicted probabilities (or logits).

    Args:
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1].
        axis: the class axis.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(CategoricalCrossentropy()([[0, 1]], [[0.5, 0.5]])), 6)
    0.693147
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class CategoricalFocalCrossentropy(BuiltinLossWrapper):
    """Categorical focal cross-entropy, which focuses training on hard examples.

    Args:
        alpha: the weighting factor.
        gamma: the focusing parameter.
        from_logits: whether `y_pred` holds logits.
        label_smoothing: in [0, 1].
        axis: the class axis.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(CategoricalFocalCrossentropy()([[0, 1]], [[0.5, 0.5]])), 6)
    0.043322
    """

    _config_keys = ("from_logits", "label_smoothing", "axis", "alpha", "gamma")

    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_focal_crossentropy,
            reduction,
            name,
            dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(BuiltinLossWrapper):
    """Cross-entropy between integer labels and predicted probabilities (or logits).

    Args:
        from_logits: whether `y_pred` holds logits.
        ignore_class: a class index left out of the loss (e.g. a padding class).
        reduction: how per-sample losses are reduced (see `Loss`).
        axis: the class axis of `y_pred`.
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> round(float(SparseCategoricalCrossentropy()([1], [[0.5, 0.5]])), 6)
    0.693147
    """

    _config_keys = ("from_logits", "ignore_class")

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        axis=-1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            reduction,
            name,
            dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )


class CategoricalGeneralizedCrossEntropy(BuiltinLossWrapper):
    """Generalized cross-entropy for integer labels, robust to label noise.

    Args:
        q: in (0, 1); towards 0 it behaves like cross-entropy, at 1 like MAE.
        reduction: how per-sample losses are reduced (see `Loss`).
        name: the loss's name.
        dtype: the dtype the loss computes in.

    Example:
    >>> float(CategoricalGeneralizedCrossEntropy()([1], [[0.75, 0.25]]))
    1.0
    """

    _config_keys = ("q",)

    def __init__(
        self,
        q=0.5,
        reduction="sum_over_batch_size",
        name="categorical_generalized_cross_entropy",
        dtype=None,
    ):
        if not 0 < q < 1:
            raise ValueError(f"q must be in the interval (0, 1). Received: q={q}")
        super().__init__(categorical_generalized_cross_entropy, reduction, name, dtype, q=q)
