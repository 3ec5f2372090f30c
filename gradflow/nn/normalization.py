"""gf.nn: moments, batch normalization and layer normalization (Keras 3 semantics)."""

from __future__ import annotations

from gradflow import dtypes
from gradflow.core.spec import format_spec, normalize_axes, normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import ShapeError
from gradflow.numpy._args import cast, promote_and_broadcast, tensor, to_float
from gradflow.ops import elementwise as ew
from gradflow.ops.nn import full_like
from gradflow.ops.reduce import expand_reduced
from gradflow.ops.reduce import sum as reduce_sum
from gradflow.ops.shape import reshape

__all__ = ["moments", "batch_normalization", "layer_norm"]

_NARROW = (dtypes.float16, dtypes.bfloat16)


def _mean_var(x: Tensor, axes: tuple) -> tuple[Tensor, Tensor]:
    """Mean and (biased) variance over `axes`, keeping the reduced axes as size 1."""
    count = 1
    for a in axes:
        count *= x.shape[a]
    total = reduce_sum(x, axes=axes, keepdims=True)
    inv_n = full_like(total, 1.0 / max(count, 1))
    mean = ew.multiply(total, inv_n)
    centered = ew.subtract(x, expand_reduced(mean, x, axes, True))
    variance = ew.multiply(
        reduce_sum(ew.multiply(centered, centered), axes=axes, keepdims=True), inv_n
    )
    return mean, variance


def moments(x, axes, keepdims: bool = False, synchronized: bool = False) -> tuple[Tensor, Tensor]:
    """Mean and variance of `x` over `axes`.

    float16 and bfloat16 inputs are reduced in float32 and the results cast back, as
    Keras does.

    Args:
        x: a tensor.
        axes: an int or a tuple of ints: the axes to reduce.
        keepdims: keep the reduced axes as size-1 dimensions.
        synchronized: accepted for Keras compatibility; a single device computes the
            same thing either way.

    Returns:
        A tuple `(mean, variance)`.

    Example:
    >>> import gradflow as gf
    >>> mean, var = gf.nn.moments(gf.constant([1.0, 2.0, 3.0, 4.0]), axes=0)
    >>> float(mean), float(var)
    (2.5, 1.25)
    """
    x = to_float(tensor(x, "moments"))
    axes = normalize_axes(axes, x.ndim, "moments")
    original = x.dtype
    if original in _NARROW:
        x = cast(x, dtypes.float32)
    mean, variance = _mean_var(x, axes)
    if not keepdims:
        kept = tuple(d for i, d in enumerate(x.shape) if i not in axes)
        mean, variance = reshape(mean, shape=kept), reshape(variance, shape=kept)
    return cast(mean, original), cast(variance, original)


def _per_channel(v, x: Tensor, axis: int, name: str) -> Tensor:
    """A 1-d per-channel tensor reshaped to broadcast along `axis` of `x`, in x's dtype."""
    v = cast(to_float(tensor(v, "batch_normalization")), x.dtype)
    if v.shape != (x.shape[axis],):
        raise ShapeError(
            f"batch_normalization: {name} must be 1-d with one entry per channel "
            f"(x.shape[{axis}] = {x.shape[axis]}), got {format_spec(v.spec)}"
        )
    shape = tuple(x.shape[axis] if i == axis else 1 for i in range(x.ndim))
    return reshape(v, shape=shape)


def batch_normalization(
    x, mean, variance, axis: int, offset=None, scale=None, epsilon: float = 1e-3
) -> Tensor:
    """Normalize `x` with given per-channel statistics: `(x - mean) / sqrt(variance +
    epsilon) * scale + offset`.

    Args:
        x: a floating tensor.
        mean: the per-channel means, shape `(x.shape[axis],)`.
        variance: the per-channel variances, same shape.
        axis: the channel axis.
        offset: an optional per-channel offset (beta).
        scale: an optional per-channel scale (gamma).
        epsilon: added to the variance to avoid dividing by zero.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
    >>> import gradflow as gf
    >>> x = gf.constant([[1.0, 2.0], [3.0, 4.0]])
    >>> y = gf.nn.batch_normalization(x, [2.0, 3.0], [1.0, 1.0], axis=-1, epsilon=0.0)
    >>> y.tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    """
    x = to_float(tensor(x, "batch_normalization"))
    if x.ndim == 0:
        raise ShapeError("batch_normalization: x must have a channel axis, got a 0-d tensor")
    axis = normalize_axis(axis, x.ndim, "batch_normalization")
    mean = _per_channel(mean, x, axis, "mean")
    variance = _per_channel(variance, x, axis, "variance")
    # inv = scale / sqrt(var + eps); out = x * inv + (offset - mean * inv), as Keras
    inv = ew.divide(full_like(variance, 1), ew.sqrt(ew.add(variance, full_like(variance, epsilon))))
    if scale is not None:
        inv = ew.multiply(inv, _per_channel(scale, x, axis, "scale"))
    shift = ew.negative(ew.multiply(mean, inv))
    if offset is not None:
        shift = ew.add(shift, _per_channel(offset, x, axis, "offset"))
    out, inv, shift = promote_and_broadcast("batch_normalization", x, inv, shift)
    return ew.add(ew.multiply(out, inv), shift)


def _affine_param(v, x: Tensor, axes: tuple, name: str) -> Tensor:
    """gamma/beta in x's dtype, reshaped to broadcast over the normalized axes."""
    v = cast(to_float(tensor(v, "layer_norm")), x.dtype)
    normalized = tuple(x.shape[a] for a in axes)
    if v.shape == normalized and len(axes) < x.ndim:
        v = reshape(v, shape=tuple(x.shape[i] if i in axes else 1 for i in range(x.ndim)))
    return v


def layer_norm(x, gamma=None, beta=None, axis=-1, epsilon: float = 1e-3) -> Tensor:
    """Layer normalization: normalize `x` over `axis` by its own mean and variance, then
    scale by `gamma` and shift by `beta`.

    Args:
        x: a floating tensor.
        gamma: an optional scale with the shape of the normalized axes (or any shape
            broadcasting against `x`).
        beta: an optional offset, shaped like `gamma`.
        axis: an int or a tuple of ints: the axes to normalize over.
        epsilon: added to the variance to avoid dividing by zero.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.layer_norm(gf.constant([[1.0, 3.0]]), epsilon=0.0).tolist()
    [[-1.0, 1.0]]
    """
    x = to_float(tensor(x, "layer_norm"))
    axes = normalize_axes(axis, x.ndim, "layer_norm")
    mean, variance = _mean_var(x, axes)
    inv = ew.divide(full_like(variance, 1), ew.sqrt(ew.add(variance, full_like(variance, epsilon))))
    out = ew.multiply(
        ew.subtract(x, expand_reduced(mean, x, axes, True)),
        expand_reduced(inv, x, axes, True),
    )
    if gamma is not None:
        out = ew.multiply(
            *promote_and_broadcast("layer_norm", out, _affine_param(gamma, x, axes, "gamma"))
        )
    if beta is not None:
        out = ew.add(
            *promote_and_broadcast("layer_norm", out, _affine_param(beta, x, axes, "beta"))
        )
    return out
