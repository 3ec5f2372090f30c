"""Primitives: the few strict ops everything else is built from, and `bind`, the one door.

A primitive is declared once, in one block: its name, its shape/dtype rule, its gradient
(a VJP written in gradflow ops, so gradients are themselves differentiable), its NumPy
kernel and its XLA rule. `bind` runs the rule on every call, in every mode, so the same
error comes out eagerly and while tracing; then it either runs the kernel (eager) or
hands the call to the tracer (graph mode), and lets active tapes record it.
"""

from __future__ import annotations

import inspect
from typing import Callable

import numpy as np

from gradflow import config
from gradflow.core import context
from gradflow.core.spec import TensorSpec, format_spec
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, BackendError, DTypeError, ShapeError


class _NotDifferentiable:
    def __repr__(self) -> str:
        return "NOT_DIFFERENTIABLE"


NOT_DIFFERENTIABLE = _NotDifferentiable()
"""The gradient of ops whose outputs carry no gradient (comparisons, argmax, casts to int)."""

REGISTRY: dict[str, "Primitive"] = {}
"""Every primitive by name, filled as the ops modules are imported."""

OBSERVERS: list[Callable] = []
"""Called as `observer(prim, args, attrs, raw_result, out_spec)` after each eager kernel
runs; the test harness uses this to check rules against kernels and to measure coverage.
Empty in normal use, so it costs one truthiness test per op."""


class Primitive:
    """One op with its rules; call it (or `bind` it) with Tensors and keyword attributes."""

    __slots__ = ("name", "infer", "grad", "impls", "xla", "multiple_results")

    def __init__(
        self,
        name: str,
        infer: Callable[..., TensorSpec | tuple],
        grad,
        numpy: Callable,
        xla: Callable | None,
        multiple_results: bool,
    ):
        self.name = name
        self.infer = infer
        self.grad = grad
        self.impls = {"numpy": numpy}
        self.xla = xla
        self.multiple_results = multiple_results

    def __call__(self, *args: Tensor, **attrs):
        return bind(self, *args, **attrs)

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


def primitive(
    name: str,
    *,
    infer: Callable[..., TensorSpec | tuple],
    grad,
    numpy: Callable,
    xla: Callable | None = None,
    multiple_results: bool = False,
) -> Primitive:
    """Declare and register a primitive.

    Args:
        name: the op's name; equals the Python name it is bound to.
        infer: `(*specs, **attrs) -> TensorSpec` (a tuple of them with
            `multiple_results`); raises ShapeError/DTypeError/ArgumentError on bad input,
            and `bind` prefixes the op name and the operands to the message.
        grad: `(g, *inputs, out, **attrs) -> tuple` of one gradient (or None) per
            input, written in gradflow ops; or NOT_DIFFERENTIABLE.
        numpy: the NumPy kernel, `(*arrays, **attrs) -> array` (a tuple of arrays with
            `multiple_results`).
        xla: the XLA rule, `(lax, *arrays, **attrs) -> array(s)`, given the lowering
            namespace so that importing an op never imports jax. `lax` offers every
            name of `jax.lax` (`lax.linalg` included), plus `lax.np` (jax.numpy) and
            `lax.random` (jax.random) for what jax.lax lacks.
        multiple_results: whether the op returns a tuple of tensors.

    Returns:
        The registered Primitive.

    Example:
    >>> import numpy as np
    >>> from gradflow.ops._rules import unary_float
    >>> demo_sin = primitive("demo_sin", infer=unary_float, grad=NOT_DIFFERENTIABLE,
    ...                      numpy=np.sin)
    >>> _ = REGISTRY.pop("demo_sin")
    """
    if name in REGISTRY:
        raise ValueError(f"primitive: '{name}' is already registered")
    prim = Primitive(name, infer, grad, numpy, xla, multiple_results)
    REGISTRY[name] = prim
    return prim


def bind(prim: Primitive, *args: Tensor, **attrs):
    """Run `prim` on `args`: the single door every op call passes through."""
    try:
        out_spec = prim.infer(*[a.spec for a in args], **attrs)
    except (ShapeError, DTypeError, ArgumentError) as e:
        raise type(e)(f"{prim.name}: {e} ({_describe_operands(prim, args)})") from None
    except AttributeError:
        _check_operands(prim, args)
        raise
    state = context.state()
    if state.tracer is not None:
        outs = state.tracer.bind(prim, args, attrs, out_spec)
    else:
        outs = _run_kernel(prim, args, attrs, out_spec)
    if state.tapes and prim.grad is not NOT_DIFFERENTIABLE:
        for tape in state.tapes:
            tape._record(prim, args, attrs, outs)
    return outs


def _run_kernel(prim: Primitive, args, attrs: dict, out_spec):
    kernel = prim.impls.get(config.backend_name())
    if kernel is None:
        kernel = _install_kernel(prim)
    result = kernel(*[a._value for a in args], **attrs)
    if OBSERVERS:
        for observe in OBSERVERS:
            observe(prim, args, attrs, result, out_spec)
    if prim.multiple_results:
        return tuple(_wrap(v, s) for v, s in zip(result, out_spec))
    return _wrap(result, out_spec)


def _install_kernel(prim: Primitive):
    """The kernel of `prim` on the current backend, made on first use (the xla backend
    builds its kernels from the XLA rules); BackendError naming the op if there is none."""
    backend = config.backend_name()
    if backend != "xla":
        raise BackendError(f"{prim.name}: no kernel for the '{backend}' backend")
    from gradflow.backends.xla.eager import array_type, kernel_for

    kernel = prim.impls[backend] = kernel_for(prim)
    BACKEND_ARRAYS[backend] = array_type()
    return kernel


BACKEND_ARRAYS: dict[str, type] = {}
"""The array type of each loaded backend other than numpy (jax.Array for xla): kernel
results of these types are kept as they are rather than converted to NumPy."""


def _wrap(value, spec: TensorSpec) -> Tensor:
    if type(value) is not np.ndarray or value.dtype != spec.dtype:
        value = _coerce(value, spec.dtype)
    return Tensor(value)


def _coerce(value, dtype: np.dtype):
    for array_type in BACKEND_ARRAYS.values():
        if isinstance(value, array_type) and value.dtype == dtype:
            return value
    return np.asarray(value, dtype=dtype)


def _check_operands(prim: Primitive, args) -> None:
    for i, a in enumerate(args):
        if not isinstance(a, Tensor):
            raise TypeError(
                f"{prim.name}: operand {i} is a {type(a).__name__}, but primitives take "
                "Tensors; call the public function (gf.numpy / gf.nn), which converts"
            )


def _describe_operands(prim: Primitive, args) -> str:
    try:
        params = [
            p.name
            for p in inspect.signature(prim.infer).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
    except (TypeError, ValueError):
        params = []
    names = params if len(params) >= len(args) else [f"x{i}" for i in range(len(args))]
    return ", ".join(f"{n}: {format_spec(a.spec)}" for n, a in zip(names, args))
