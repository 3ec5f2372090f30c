"""Array API elementwise functions: promote and broadcast, then bind a primitive.

Each function takes arrays or Python scalars (weakly typed, see `_args`).
"""

from __future__ import annotations

from gradflow.numpy._args import promote_and_broadcast, tensor, to_float
from gradflow.ops import elementwise as ew

__all__ = [
    "add", "subtract", "multiply", "divide", "negative", "positive", "pow",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
    "exp", "log", "sqrt", "tanh", "abs", "sign", "maximum", "minimum",
]  # fmt: skip


def add(x1, x2, /):
    """Elementwise sum `x1 + x2`, with broadcasting and type promotion.

    Args:
        x1: a tensor or Python scalar.
        x2: a tensor or Python scalar.

    Returns:
        A tensor of the promoted dtype and broadcast shape.

    Example:
    >>> import gradflow as gf
    >>> gf.numpy.add(gf.constant([1.0, 2.0]), 1.0).tolist()
    [2.0, 3.0]
    """
    x1, x2 = promote_and_broadcast("add", x1, x2)
    return ew.add(x1, x2)


def subtract(x1, x2, /):
    """Elementwise difference `x1 - x2`, with broadcasting and type promotion."""
    x1, x2 = promote_and_broadcast("subtract", x1, x2)
    return ew.subtract(x1, x2)


def multiply(x1, x2, /):
    """Elementwise product `x1 * x2`, with broadcasting and type promotion."""
    x1, x2 = promote_and_broadcast("multiply", x1, x2)
    return ew.multiply(x1, x2)


def divide(x1, x2, /):
    """Elementwise true division `x1 / x2`; integer operands give the default float."""
    x1, x2 = promote_and_broadcast("divide", x1, x2)
    return ew.divide(to_float(x1), to_float(x2))


def negative(x, /):
    """Elementwise `-x`."""
    return ew.negative(tensor(x, "negative"))


def positive(x, /):
    """Elementwise `+x` (the input itself)."""
    return tensor(x, "positive")


def pow(x1, x2, /):  # noqa: A001 - the Array API name
    """Elementwise power `x1 ** x2`, with broadcasting and type promotion."""
    x1, x2 = promote_and_broadcast("pow", x1, x2)
    return ew.power(x1, x2)


def _comparison(name: str, prim):
    def compare(x1, x2, /):
        x1, x2 = promote_and_broadcast(name, x1, x2)
        return prim(x1, x2)

    compare.__name__ = name
    compare.__doc__ = f"Elementwise `{name}` comparison, giving a bool tensor."
    return compare


equal = _comparison("equal", ew.equal)
not_equal = _comparison("not_equal", ew.not_equal)
less = _comparison("less", ew.less)
less_equal = _comparison("less_equal", ew.less_equal)
greater = _comparison("greater", ew.greater)
greater_equal = _comparison("greater_equal", ew.greater_equal)


def maximum(x1, x2, /):
    """Elementwise maximum, with broadcasting and type promotion."""
    x1, x2 = promote_and_broadcast("maximum", x1, x2)
    return ew.maximum(x1, x2)


def minimum(x1, x2, /):
    """Elementwise minimum, with broadcasting and type promotion."""
    x1, x2 = promote_and_broadcast("minimum", x1, x2)
    return ew.minimum(x1, x2)


def exp(x, /):
    """Elementwise e**x; integer inputs give the default float."""
    return ew.exp(to_float(tensor(x, "exp")))


def log(x, /):
    """Elementwise natural logarithm; integer inputs give the default float."""
    return ew.log(to_float(tensor(x, "log")))


def sqrt(x, /):
    """Elementwise square root; integer inputs give the default float."""
    return ew.sqrt(to_float(tensor(x, "sqrt")))


def tanh(x, /):
    """Elementwise hyperbolic tangent; integer inputs give the default float."""
    return ew.tanh(to_float(tensor(x, "tanh")))


def abs(x, /):  # noqa: A001 - the Array API name
    """Elementwise absolute value."""
    return ew.abs(tensor(x, "abs"))


def sign(x, /):
    """Elementwise sign (-1, 0 or 1)."""
    return ew.sign(tensor(x, "sign"))
