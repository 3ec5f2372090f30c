"""Functional autodiff on top of GradientTape: grad, value_and_grad, custom_gradient."""

from __future__ import annotations

import functools
from typing import Callable, Sequence

from gradflow.core import context, tree
from gradflow.core.convert import as_tensor
from gradflow.core.tape import GradientTape
from gradflow.core.tensor import Tensor
from gradflow.errors import ArgumentError, GradientError


def _argnums_tuple(argnums, nargs: int, fn_name: str) -> tuple[int, ...]:
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)
    for n in nums:
        if not -nargs <= n < nargs:
            raise ArgumentError(
                f"grad: argnums {argnums!r} is out of range for {fn_name}, called with "
                f"{nargs} positional arguments"
            )
    return nums


def value_and_grad(f: Callable, argnums: int | Sequence[int] = 0, has_aux: bool = False):
    """A function returning `(f(*args), gradient of f w.r.t. args[argnums])`.

    Args:
        f: a function returning a scalar tensor (or `(scalar, aux)` with `has_aux`).
        argnums: which positional argument(s) to differentiate; an int gives one
            gradient, a sequence a tuple of them. Arguments may be nested structures.
        has_aux: `f` returns `(value, aux)`; aux is passed through undifferentiated.

    Returns:
        The wrapped function.

    Example:
    >>> import gradflow as gf
    >>> value, g = gf.value_and_grad(lambda x: x * x)(gf.constant(3.0))
    >>> float(value), float(g)
    (9.0, 6.0)
    """
    name = getattr(f, "__name__", "f")

    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        nums = _argnums_tuple(argnums, len(args), name)
        args = list(args)
        for n in nums:
            args[n] = tree.map_structure(_as_source, args[n])
        with GradientTape() as tape:
            for n in nums:
                tape.watch(args[n])
            out = f(*args, **kwargs)
        value, aux = out if has_aux else (out, None)
        if not isinstance(value, Tensor) or value.ndim != 0:
            shape = getattr(value, "shape", None)
            raise GradientError(
                f"grad: {name} must return a scalar (0-d) tensor to differentiate, got "
                f"{type(value).__name__} of shape {shape}; reduce it (e.g. gf.numpy.sum)"
            )
        grads = tape.gradient(value, [args[n] for n in nums], unconnected_gradients="zero")
        grads = grads[0] if isinstance(argnums, int) else tuple(grads)
        return ((value, aux), grads) if has_aux else (value, grads)

    return wrapped


def _as_source(x):
    return x if isinstance(x, Tensor) or hasattr(x, "_read") else as_tensor(x)


def grad(f: Callable, argnums: int | Sequence[int] = 0, has_aux: bool = False):
    """A function returning the gradient of scalar-valued `f` w.r.t. `args[argnums]`.

    Args:
        f: a function returning a scalar tensor (or `(scalar, aux)` with `has_aux`).
        argnums: which positional argument(s) to differentiate.
        has_aux: `f` returns `(value, aux)`; the result is then `(grads, aux)`.

    Returns:
        The wrapped function.

    Example:
    >>> import gradflow as gf
    >>> float(gf.grad(gf.numpy.sin)(gf.constant(0.0)))
    1.0
    """
    vg = value_and_grad(f, argnums, has_aux)

    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        (value_aux, grads) = vg(*args, **kwargs)
        return (grads, value_aux[1]) if has_aux else grads

    return wrapped


class _CustomGradientOp:
    """Stands in for a primitive on the tape: its `grad` calls the user's function."""

    multiple_results = True

    def __init__(self, name: str, grad_fn: Callable, n_inputs: int, variables: list):
        self.name = name
        self._grad_fn = grad_fn
        self._n_inputs = n_inputs
        self._variables = variables

    def grad(self, g, *inputs, out):
        upstream = g[0] if len(g) == 1 else list(g)
        if self._variables:
            input_grads, var_grads = self._grad_fn(upstream, variables=self._variables)
            var_grads = list(var_grads)
        else:
            input_grads, var_grads = self._grad_fn(upstream), []
        input_grads = list(input_grads) if isinstance(input_grads, (list, tuple)) else [input_grads]
        if len(input_grads) != self._n_inputs or len(var_grads) != len(self._variables):
            raise GradientError(
                f"custom_gradient: {self.name}'s gradient function returned "
                f"{len(input_grads)} input gradients and {len(var_grads)} variable gradients, "
                f"but the function has {self._n_inputs} tensor inputs and reads "
                f"{len(self._variables)} variables"
            )
        return tuple(input_grads) + tuple(var_grads)


def custom_gradient(f: Callable):
    """Decorate `f(*xs) -> (y, grad_fn)` so tapes use `grad_fn(dy)` as its gradient.

    `grad_fn(dy)` returns one gradient per tensor argument. If `f` reads trainable
    variables, `grad_fn(dy, variables=...)` must return `(input_grads, variable_grads)`,
    as in TensorFlow.

    Args:
        f: the function; its positional arguments are the differentiable inputs.

    Returns:
        The decorated function.

    Example:
    >>> import gradflow as gf
    >>> @gf.custom_gradient
    ... def clip_grad(x):
    ...     return x * 1.0, lambda dy: gf.numpy.clip(dy, -1.0, 1.0)
    >>> x = gf.constant(2.0)
    >>> with gf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = clip_grad(x) * 10.0
    >>> float(tape.gradient(y, x))
    1.0
    """
    name = getattr(f, "__name__", "custom_gradient")

    @functools.wraps(f)
    def wrapped(*args, **kwargs):
        inputs = [as_tensor(a) for a in args]
        state = context.state()
        outer = [t for t in state.tapes if t._recording]
        with GradientTape(watch_accessed_variables=True) as probe:
            saved, state.tapes = state.tapes, [probe]
            try:
                out, grad_fn = f(*inputs, **kwargs)
            finally:
                state.tapes = saved
        variables = list(probe.watched_variables())
        outputs = tree.flatten(out)
        if outer:
            op = _CustomGradientOp(name, grad_fn, len(inputs), variables)
            var_values = [v._tensor for v in variables]
            for tape in outer:
                for v, value in zip(variables, var_values):
                    tape._variable_read(v, value)
                tape._record(op, tuple(inputs) + tuple(var_values), {}, tuple(outputs))
        return out

    return wrapped
