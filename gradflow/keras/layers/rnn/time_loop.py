"""The recurrent time loop: one `gf.scan` over the time axis, with Keras's masking
rules (a masked step keeps the previous states, and outputs the previous output or
zeros)."""

from __future__ import annotations

import gradflow as gf
from gradflow.core import tree


def _time_major(x):
    return gf.numpy.permute_dims(x, (1, 0) + tuple(range(2, x.ndim)))


def _previous_output(states: list):
    """Keras's guess at the previous output: the first state (the last cell's first
    state for stacked cells)."""
    first = states[0]
    if isinstance(first, (list, tuple)):
        last = states[-1]
        return last[0] if isinstance(last, (list, tuple)) else last
    return first


def _keep_column(mask_t):
    """(batch, 1) booleans: True where the step is used (any mask entry set)."""
    mask_t = gf.numpy.astype(mask_t, gf.bool) if mask_t.dtype != gf.bool else mask_t
    if mask_t.ndim > 1:
        mask_t = gf.numpy.any(mask_t, axis=tuple(range(1, mask_t.ndim)))
    return gf.numpy.reshape(mask_t, (-1, 1))


def rnn_loop(step, inputs, initial_states, *, go_backwards=False, mask=None,
             zero_output_for_mask=False):  # fmt: skip
    """Run `output, new_states = step(x_t, states)` over the time axis of `inputs`.

    Args:
        step: `(x_t, states) -> (output, new_states)`; `states` has the structure of
            `initial_states`.
        inputs: `(batch, time, ...)`.
        initial_states: a list (possibly nested) of `(batch, ...)` tensors.
        go_backwards: process the steps from last to first.
        mask: `(batch, time)` booleans, or None.
        zero_output_for_mask: masked steps output zeros instead of the previous output.

    Returns:
        `(last_output, outputs, final_states)`; `outputs` is `(batch, time, ...)` in
        processing order (reversed when `go_backwards`), as Keras returns it.

    Example:
    >>> import gradflow as gf
    >>> x = gf.numpy.ones((2, 3, 1))
    >>> last, seq, states = rnn_loop(lambda x, s: (s[0] + x, [s[0] + x]), x,
    ...                              [gf.numpy.zeros((2, 1))])
    >>> seq[0, :, 0].tolist(), states[0].shape
    ([1.0, 2.0, 3.0], (2, 1))
    """
    flat_init = tree.flatten(initial_states)

    def body(carry, x):
        states = tree.unflatten_as(initial_states, list(carry))
        if mask is not None:
            x, mask_t = x
        output, new_states = step(x, states)
        if not isinstance(new_states, (list, tuple)):
            new_states = [new_states]
        flat_new = tree.flatten(new_states)
        if mask is not None:
            keep = _keep_column(mask_t)
            fallback = (
                gf.numpy.zeros_like(output) if zero_output_for_mask else _previous_output(states)
            )
            output = gf.numpy.where(keep, output, fallback)
            flat_new = [gf.numpy.where(keep, n, s) for n, s in zip(flat_new, carry)]
        return tuple(flat_new), output

    xs = _time_major(inputs)
    if mask is not None:
        xs = (xs, _time_major(mask))
    final, outputs = gf.scan(body, tuple(flat_init), xs, reverse=go_backwards)
    if go_backwards:
        outputs = gf.numpy.flip(outputs, axis=0)
    last_output = outputs[-1]
    return (
        last_output,
        _time_major(outputs),
        tree.unflatten_as(initial_states, list(final)),
    )
