"""Shape/dtype rules shared by many primitives. Each raises with the rule in words;
`bind` adds the op name and the operands."""

from __future__ import annotations

from gradflow import dtypes
from gradflow.core.spec import TensorSpec, format_spec, spec_of
from gradflow.errors import DTypeError, ShapeError

_FLOATING = frozenset(dtypes.FLOATING)
_REAL_FLOATING = frozenset(dtypes.REAL_FLOATING)
_NUMERIC = frozenset(dtypes.NUMERIC)
_INTEGER = frozenset(dtypes.INTEGER)
_INT_OR_BOOL = frozenset(dtypes.INTEGER + (dtypes.bool,))
_REAL_NUMERIC = frozenset(dtypes.INTEGER + dtypes.REAL_FLOATING)

KINDS = {
    "floating": _FLOATING,
    "real floating": _REAL_FLOATING,
    "numeric": _NUMERIC,
    "real numeric": _REAL_NUMERIC,
    "integer": _INTEGER,
    "integer or boolean": _INT_OR_BOOL,
    "boolean": frozenset((dtypes.bool,)),
    "any": frozenset(dtypes.ALL),
}


def require_kind(spec: TensorSpec, kind: str, what: str = "input") -> None:
    """Raise DTypeError unless `spec.dtype` is of `kind` (a key of KINDS)."""
    if spec.dtype not in KINDS[kind]:
        raise DTypeError(f"{what} must have a {kind} dtype, got {spec.dtype.name}")


def unary(kind: str):
    """A rule for elementwise ops whose output matches the input: `unary('floating')`."""

    def rule(x: TensorSpec) -> TensorSpec:
        require_kind(x, kind)
        return x

    rule.__name__ = f"unary_{kind.replace(' ', '_')}"
    return rule


unary_any = unary("any")
unary_numeric = unary("numeric")
unary_float = unary("floating")
unary_real_float = unary("real floating")


def unary_to(kind: str, out_dtype):
    """An elementwise rule with a fixed output dtype, e.g. isnan: floating -> bool."""

    def rule(x: TensorSpec) -> TensorSpec:
        require_kind(x, kind)
        return spec_of(x.shape, out_dtype)

    return rule


def binary(kind: str, out_dtype=None):
    """A rule for strict elementwise binary ops: same shape, same dtype (explicit
    broadcasting and promotion happen in the public function)."""

    def rule(x: TensorSpec, y: TensorSpec) -> TensorSpec:
        same_shape_and_dtype(x, y)
        require_kind(x, kind, "operands")
        return x if out_dtype is None else spec_of(x.shape, out_dtype)

    rule.__name__ = f"binary_{kind.replace(' ', '_')}"
    return rule


def same_shape_and_dtype(*specs: TensorSpec) -> None:
    first = specs[0]
    for s in specs[1:]:
        if s.dtype != first.dtype:
            raise DTypeError(
                "operands must have one dtype (the public function promotes them), got "
                + " and ".join(format_spec(t) for t in specs)
            )
        if s.shape != first.shape:
            raise ShapeError(
                "operands must have one shape (the public function broadcasts them), got "
                + " and ".join(format_spec(t) for t in specs)
            )


def check_shape_arg(shape, what: str = "shape") -> tuple:
    """A static shape attribute as a tuple of non-negative ints."""
    try:
        out = tuple(int(d) for d in shape)
    except TypeError:
        raise ShapeError(f"{what} must be a tuple of ints, got {shape!r}") from None
    if any(d < 0 for d in out):
        raise ShapeError(f"{what} must not have negative dimensions, got {out}")
    return out
