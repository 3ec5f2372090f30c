"""Reverse-mode autodiff: GradientTape records primitives, `gradient` replays them backwards.

Gradient rules are gradflow ops, so when an outer tape is active while an inner tape
computes its gradient, the outer tape records that computation: nested tapes give
higher-order derivatives with no extra machinery.
"""

from __future__ import annotations

import contextlib
import enum

from gradflow import dtypes
from gradflow.core import context, tree
from gradflow.core.tensor import Tensor
from gradflow.errors import GradientError


class UnconnectedGradients(enum.Enum):
    """What `gradient` returns for a source the target does not depend on."""

    NONE = "none"
    ZERO = "zero"


def _differentiable(tensor) -> bool:
    return tensor.dtype in _REAL_FLOATING


_REAL_FLOATING = frozenset(dtypes.REAL_FLOATING)


class _Entry:
    __slots__ = ("prim", "inputs", "attrs", "outputs")

    def __init__(self, prim, inputs: tuple, attrs: dict, outputs: tuple):
        self.prim = prim
        self.inputs = inputs
        self.attrs = attrs
        self.outputs = outputs


class GradientTape:
    """Records operations on watched tensors so their gradients can be computed.

    Args:
        persistent: allow more than one `gradient` call (the recording is kept).
        watch_accessed_variables: watch every trainable Variable read inside the tape.

    Example:
    >>> import gradflow as gf
    >>> x = gf.constant(3.0)
    >>> with gf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = x * x
    >>> float(tape.gradient(y, x))
    6.0
    """

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._recording = False
        self._used = False
        self.reset()

    def reset(self) -> None:
        """Forget everything recorded so far (the tape stays active)."""
        self._entries: list[_Entry] = []
        self._watched: dict[int, Tensor] = {}  # id -> tensor; holding it keeps the id unique
        self._variables: dict[int, tuple] = {}  # id(variable) -> (variable, [tensors read])
        self._watched_variable_ids: set[int] = set()

    # -- recording -----------------------------------------------------------------
    def __enter__(self) -> "GradientTape":
        context.state().tapes.append(self)
        self._recording = True
        return self

    def __exit__(self, *exc) -> None:
        tapes = context.state().tapes
        if self in tapes:
            tapes.remove(self)
        self._recording = False

    @contextlib.contextmanager
    def stop_recording(self):
        """A context in which operations are not recorded on this tape."""
        was, self._recording = self._recording, False
        try:
            yield
        finally:
            self._recording = was

    def watch(self, tensor) -> None:
        """Record operations on `tensor` (a Tensor, Variable, or nested structure of them)."""
        for leaf in tree.flatten(tensor):
            if isinstance(leaf, Tensor):
                if _differentiable(leaf):
                    self._watched[id(leaf)] = leaf
            elif hasattr(leaf, "_read"):
                self._watched_variable_ids.add(id(leaf))
                self._note_read(leaf, leaf._tensor)
            else:
                raise TypeError(f"watch: expected Tensors or Variables, got {type(leaf).__name__}")

    def watched_variables(self) -> tuple:
        """The variables this tape watches, in the order they were first read."""
        return tuple(var for var, _ in self._variables.values())

    def _variable_read(self, variable, tensor: Tensor) -> None:
        if not self._recording:
            return
        if (self._watch_accessed and variable.trainable) or (
            id(variable) in self._watched_variable_ids
        ):
            self._note_read(variable, tensor)

    def _note_read(self, variable, tensor: Tensor) -> None:
        _, reads = self._variables.setdefault(id(variable), (variable, []))
        if not any(r is tensor for r in reads):
            reads.append(tensor)
        if _differentiable(tensor):
            self._watched[id(tensor)] = tensor

    def _record(self, prim, inputs: tuple, attrs: dict, outputs) -> None:
        if not self._recording:
            return
        watched = self._watched
        for x in inputs:
            if id(x) in watched:
                break
        else:
            return
        outs = outputs if isinstance(outputs, tuple) else (outputs,)
        self._entries.append(_Entry(prim, inputs, attrs, outs))
        for out in outs:
            if _differentiable(out):
                watched[id(out)] = out

    # -- differentiation -------------------------------------------------------------
    def gradient(
        self,
        target,
        sources,
        output_gradients=None,
        unconnected_gradients=UnconnectedGradients.NONE,
    ):
        """The gradient of `target` (summed over its elements and leaves) w.r.t. `sources`.

        Args:
            target: a Tensor or nested structure of Tensors.
            sources: a Tensor, Variable, or nested structure of them (lists, dicts).
            output_gradients: the incoming gradient for each target (defaults to ones).
            unconnected_gradients: 'none' (return None) or 'zero' (return zeros) for a
                source the target does not depend on.

        Returns:
            Gradients in the structure of `sources`.
        """
        if self._entries is None:
            raise RuntimeError(
                "gradient: a non-persistent GradientTape can compute gradients only once; "
                "use GradientTape(persistent=True) to call gradient() more than once"
            )
        unconnected = UnconnectedGradients(
            unconnected_gradients.value
            if isinstance(unconnected_gradients, UnconnectedGradients)
            else str(unconnected_gradients).lower()
        )
        targets = tree.flatten(target)
        seeds = _seeds(targets, output_gradients)
        source_leaves = tree.flatten(sources)
        source_tensors = [self._tensors_of(s) for s in source_leaves]
        with self.stop_recording():
            grads = backprop(
                self._entries, targets, seeds, [t for ts in source_tensors for t in ts]
            )
            results = [
                _gather(leaf, tensors, grads, unconnected)
                for leaf, tensors in zip(source_leaves, source_tensors)
            ]
        if not self._persistent:
            self._entries = None
        return tree.unflatten_as(sources, results)

    def _tensors_of(self, source) -> list[Tensor]:
        if isinstance(source, Tensor):
            return [source]
        if hasattr(source, "_read"):
            found = self._variables.get(id(source))
            return list(found[1]) if found else []
        raise TypeError(
            f"gradient: sources must be Tensors or Variables, got {type(source).__name__}"
        )


def _seeds(targets: list, output_gradients) -> list:
    from gradflow.ops import elementwise as ew

    if output_gradients is None:
        return [ew.ones_like(t) if _differentiable(t) else None for t in targets]
    given = tree.flatten(output_gradients)
    if len(given) != len(targets):
        raise GradientError(
            f"gradient: output_gradients has {len(given)} entries but target has "
            f"{len(targets)}; give one gradient per target"
        )
    from gradflow.core.convert import as_tensor

    seeds = []
    for t, g in zip(targets, given):
        if g is None:
            seeds.append(None)
            continue
        g = as_tensor(g, dtype=t.dtype)
        if g.shape != t.shape:
            raise GradientError(
                f"gradient: output gradient of shape {g.shape} does not match its target's "
                f"shape {t.shape}"
            )
        seeds.append(g)
    return seeds


def _gather(source, tensors: list, grads: dict, unconnected: UnconnectedGradients):
    from gradflow.ops import elementwise as ew

    total = None
    for t in tensors:
        g = grads.get(id(t))
        if g is not None:
            total = g if total is None else ew.add(total, g)
    if total is None and unconnected is UnconnectedGradients.ZERO:
        value = source if isinstance(source, Tensor) else source._tensor
        total = ew.zeros_like(value)
    return total


def backprop(entries: list, targets: list, seeds: list, sources: list) -> dict:
    """Accumulate d(sum of targets)/d(tensor) for every tensor between sources and targets.

    Args:
        entries: recorded operations, in execution order.
        targets: the tensors whose gradients seed the pass.
        seeds: one incoming gradient (or None) per target.
        sources: tensors whose gradients are wanted; only paths from them are walked.

    Returns:
        A dict from id(tensor) to its gradient.
    """
    from gradflow.ops import elementwise as ew

    reachable = {id(s) for s in sources}
    live = []
    for entry in entries:
        if any(id(x) in reachable for x in entry.inputs):
            live.append(entry)
            reachable.update(id(o) for o in entry.outputs)
    grads: dict[int, Tensor] = {}
    for t, seed in zip(targets, seeds):
        if seed is not None and id(t) in reachable:
            grads[id(t)] = ew.add(grads[id(t)], seed) if id(t) in grads else seed
    for entry in reversed(live):
        out_grads = [grads.get(id(o)) for o in entry.outputs]
        if all(g is None for g in out_grads):
            continue
        if entry.prim.multiple_results:
            g = tuple(
                (ew.zeros_like(o) if _differentiable(o) else None) if gi is None else gi
                for o, gi in zip(entry.outputs, out_grads)
            )
            out = entry.outputs
        else:
            g, out = out_grads[0], entry.outputs[0]
        input_grads = entry.prim.grad(g, *entry.inputs, out=out, **entry.attrs)
        if len(input_grads) != len(entry.inputs):
            raise GradientError(
                f"{entry.prim.name}: the gradient rule returned {len(input_grads)} "
                f"gradients for {len(entry.inputs)} inputs"
            )
        for x, gx in zip(entry.inputs, input_grads):
            if gx is None or id(x) not in reachable or not _differentiable(x):
                continue
            key = id(x)
            grads[key] = ew.add(grads[key], gx) if key in grads else gx
    return grads
