"""gf.nn: activation functions, with Keras 3 `keras.ops` names, arguments and defaults.

Integer inputs become float32 (relu and relu6 keep integers, as in Keras). The hot or
numerically delicate ones are fused primitives (gradflow/ops/nn.py); the rest are
composites of primitives, bound directly (the inputs already share one shape and dtype).
"""

from __future__ import annotations

import math

from gradflow.core.spec import format_spec, normalize_axes, normalize_axis
from gradflow.core.tensor import Tensor
from gradflow.errors import ShapeError
from gradflow.numpy._args import tensor, to_float
from gradflow.ops import elementwise as ew
from gradflow.ops import nn as nn_ops
from gradflow.ops import unary_math as um
from gradflow.ops.indexing import FULL, getitem
from gradflow.ops.nn import full_like

__all__ = [
    "relu", "relu6", "sigmoid", "softplus", "softsign", "silu", "swish", "log_sigmoid",
    "leaky_relu", "hard_sigmoid", "hard_silu", "hard_swish", "elu", "selu", "gelu", "celu",
    "glu", "softmax", "log_softmax",
]  # fmt: skip

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _float(x, op: str) -> Tensor:
    return to_float(tensor(x, op))


def relu(x) -> Tensor:
    """Rectified linear unit, `max(x, 0)` (the gradient at 0 is 0).

    Args:
        x: a tensor.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.relu(gf.constant([-1.0, 0.0, 2.0])).tolist()
    [0.0, 0.0, 2.0]
    """
    return nn_ops.relu(tensor(x, "relu"))


def relu6(x) -> Tensor:
    """`min(max(x, 0), 6)`.

    Args:
        x: a tensor.

    Returns:
        A tensor of the shape and dtype of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.relu6(gf.constant([-1.0, 3.0, 8.0])).tolist()
    [0.0, 3.0, 6.0]
    """
    x = nn_ops.relu(tensor(x, "relu6"))
    return ew.minimum(x, full_like(x, 6))


def sigmoid(x) -> Tensor:
    """Logistic sigmoid, `1 / (1 + exp(-x))`, accurate for large |x|.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`, values in [0, 1].

    Example:
    >>> import gradflow as gf
    >>> gf.nn.sigmoid(gf.constant([0.0])).tolist()
    [0.5]
    """
    return nn_ops.sigmoid(_float(x, "sigmoid"))


def softplus(x) -> Tensor:
    """`log(1 + exp(x))`, without overflow.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> round(float(gf.nn.softplus(gf.constant(0.0))), 6)
    0.693147
    """
    return nn_ops.softplus(_float(x, "softplus"))


def softsign(x) -> Tensor:
    """`x / (1 + |x|)`.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`, values in (-1, 1).

    Example:
    >>> import gradflow as gf
    >>> gf.nn.softsign(gf.constant([1.0, -3.0])).tolist()
    [0.5, -0.75]
    """
    x = _float(x, "softsign")
    return ew.divide(x, ew.add(ew.abs(x), full_like(x, 1)))


def silu(x) -> Tensor:
    """Sigmoid linear unit (swish), `x * sigmoid(x)`.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.silu(gf.constant([0.0])).tolist()
    [0.0]
    """
    x = _float(x, "silu")
    return ew.multiply(x, nn_ops.sigmoid(x))


swish = silu


def log_sigmoid(x) -> Tensor:
    """`log(sigmoid(x)) = -softplus(-x)`, accurate for large |x|.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> round(float(gf.nn.log_sigmoid(gf.constant(0.0))), 6)
    -0.693147
    """
    x = _float(x, "log_sigmoid")
    return ew.negative(nn_ops.softplus(ew.negative(x)))


def leaky_relu(x, negative_slope: float = 0.2) -> Tensor:
    """`x` where `x >= 0`, else `negative_slope * x`.

    Args:
        x: a tensor.
        negative_slope: the slope for negative inputs.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.leaky_relu(gf.constant([-1.0, 2.0])).tolist()
    [-0.20000000298023224, 2.0]
    """
    x = _float(x, "leaky_relu")
    return ew.where(
        ew.greater_equal(x, ew.zeros_like(x)), x, ew.multiply(x, full_like(x, negative_slope))
    )


def hard_sigmoid(x) -> Tensor:
    """Piecewise-linear sigmoid, `relu6(x + 3) / 6`.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`, values in [0, 1].

    Example:
    >>> import gradflow as gf
    >>> gf.nn.hard_sigmoid(gf.constant([-4.0, 0.0, 4.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    x = _float(x, "hard_sigmoid")
    return ew.divide(relu6(ew.add(x, full_like(x, 3))), full_like(x, 6))


def hard_silu(x) -> Tensor:
    """Hard SiLU (hard swish), `x * hard_sigmoid(x)`.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.hard_silu(gf.constant([-4.0, 0.0, 4.0])).tolist()
    [-0.0, 0.0, 4.0]
    """
    x = _float(x, "hard_silu")
    return ew.multiply(x, hard_sigmoid(x))


hard_swish = hard_silu


def _elu(x: Tensor, alpha) -> Tensor:
    # expm1 of min(x, 0), not of x: the unused branch must not overflow
    negative_part = um.expm1(ew.minimum(x, ew.zeros_like(x)))
    if alpha != 1.0:
        negative_part = ew.multiply(negative_part, full_like(x, alpha))
    return ew.where(ew.greater(x, ew.zeros_like(x)), x, negative_part)


def elu(x, alpha: float = 1.0) -> Tensor:
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`.

    Args:
        x: a tensor.
        alpha: the scale of the negative part.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.elu(gf.constant([0.0, 2.0])).tolist()
    [0.0, 2.0]
    """
    return _elu(_float(x, "elu"), alpha)


def selu(x) -> Tensor:
    """Scaled exponential linear unit: `scale * elu(x, alpha)` with the SELU constants.

    Args:
        x: a tensor.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> round(float(gf.nn.selu(gf.constant(1.0))), 6)
    1.050701
    """
    x = _float(x, "selu")
    return ew.multiply(_elu(x, _SELU_ALPHA), full_like(x, _SELU_SCALE))


def gelu(x, approximate: bool = True) -> Tensor:
    """Gaussian error linear unit, `x * P(X <= x)` for a standard normal X.

    Args:
        x: a tensor.
        approximate: use the tanh approximation (Keras's default) rather than erf.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> round(float(gf.nn.gelu(gf.constant(1.0))), 4)
    0.8412
    >>> round(float(gf.nn.gelu(gf.constant(1.0), approximate=False)), 4)
    0.8413
    """
    x = _float(x, "gelu")
    half_x = ew.multiply(x, full_like(x, 0.5))
    if approximate:
        # 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x**3)))
        cubic = ew.multiply(ew.multiply(x, x), full_like(x, 0.044715))
        inner = ew.multiply(ew.multiply(x, ew.add(cubic, full_like(x, 1))),
                            full_like(x, math.sqrt(2 / math.pi)))  # fmt: skip
        return ew.multiply(half_x, ew.add(ew.tanh(inner), full_like(x, 1)))
    # 0.5 x (1 + erf(x / sqrt(2)))
    scaled = ew.multiply(x, full_like(x, 1 / math.sqrt(2)))
    return ew.multiply(half_x, ew.add(nn_ops.erf(scaled), full_like(x, 1)))


def celu(x, alpha: float = 1.0) -> Tensor:
    """Continuously differentiable ELU: `max(x, 0) + alpha * expm1(min(x, 0) / alpha)`.

    Args:
        x: a tensor.
        alpha: the scale of the negative part (not 0).

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.celu(gf.constant([0.0, 2.0])).tolist()
    [0.0, 2.0]
    """
    x = _float(x, "celu")
    negative_part = ew.minimum(x, ew.zeros_like(x))
    if alpha != 1.0:
        negative_part = ew.divide(negative_part, full_like(x, alpha))
    negative_part = um.expm1(negative_part)
    if alpha != 1.0:
        negative_part = ew.multiply(negative_part, full_like(x, alpha))
    return ew.add(nn_ops.relu(x), negative_part)


def glu(x, axis: int = -1) -> Tensor:
    """Gated linear unit: `a * sigmoid(b)`, where `a` and `b` are the halves of `x`.

    Args:
        x: a tensor whose size along `axis` is even.
        axis: the axis to split.

    Returns:
        A floating tensor, half the size of `x` along `axis`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.glu(gf.constant([2.0, 0.0])).tolist()
    [1.0]
    """
    x = _float(x, "glu")
    if x.ndim == 0:
        raise ShapeError("glu: needs a tensor of rank >= 1, got a 0-d tensor")
    axis = normalize_axis(axis, x.ndim, "glu")
    size = x.shape[axis]
    if size % 2:
        raise ShapeError(
            f"glu: the size of axis {axis} must be even to split it in halves, got {size} "
            f"(x: {format_spec(x.spec)})"
        )
    half = size // 2
    lead = (FULL,) * axis
    a = getitem(x, key=lead + (("s", 0, half, None),))
    b = getitem(x, key=lead + (("s", half, size, None),))
    return ew.multiply(a, nn_ops.sigmoid(b))


def softmax(x, axis=-1) -> Tensor:
    """`exp(x) / sum(exp(x))` over `axis`, computed without overflow.

    Args:
        x: a tensor.
        axis: an int or a tuple of ints: the axes to normalize over.

    Returns:
        A floating tensor of the shape of `x`, summing to 1 over `axis`.

    Example:
    >>> import gradflow as gf
    >>> gf.nn.softmax(gf.constant([0.0, 0.0])).tolist()
    [0.5, 0.5]
    """
    x = _float(x, "softmax")
    if x.ndim == 0:
        return ew.ones_like(x)
    return nn_ops.softmax(x, axes=normalize_axes(axis, x.ndim, "softmax"))


def log_softmax(x, axis=-1) -> Tensor:
    """`x - log(sum(exp(x)))` over `axis`, computed without overflow.

    Args:
        x: a tensor.
        axis: an int or a tuple of ints: the axes to normalize over.

    Returns:
        A floating tensor of the shape of `x`.

    Example:
    >>> import gradflow as gf
    >>> [round(v, 6) for v in gf.nn.log_softmax(gf.constant([0.0, 0.0])).tolist()]
    [-0.693147, -0.693147]
    """
    x = _float(x, "log_softmax")
    if x.ndim == 0:
        return ew.zeros_like(x)
    return nn_ops.log_softmax(x, axes=normalize_axes(axis, x.ndim, "log_softmax"))
