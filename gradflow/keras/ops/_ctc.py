"""Connectionist temporal classification: the loss (a forward recursion over time in log
space, as optax and Keras's JAX backend compute it) and the greedy and beam-search
decoders. Exported by keras.ops.nn."""

from __future__ import annotations

import math

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import symbolic_aware
from gradflow.ops import indexing as _indexing

gnp, gnn = gf.numpy, gf.nn
_LOG_EPSILON = -1e5  # log(0) stand-in that keeps the recursion's gradients finite
_PAD = -1  # the label of an empty path slot (and of blanks in decoded output)


def _float_logits(x):
    """Logits in result_type(x, float32): float16/bfloat16 compute in float32."""
    x = _dtypes.tensor(x)
    if x.dtype.name in ("float32", "float64"):
        return x
    return gnp.astype(x, "float32")


def _padding(lengths, size: int, dtype):
    """1.0 where position >= length, else 0.0: (batch, size)."""
    positions = gnp.arange(size, dtype="int32")
    return gnp.astype(positions[None, :] >= lengths[:, None], dtype)


def _one_hot(labels, depth: int, dtype):
    """Labels outside [0, depth) give all-zero rows."""
    classes = gnp.arange(depth, dtype="int32")
    return gnp.astype(gnp.expand_dims(labels, axis=-1) == classes, dtype)


def _logaddexp_tail(phi, added):
    """phi with phi[:, 1:] replaced by logaddexp(phi[:, 1:], added)."""
    return gnp.concat([phi[:, :1], gnp.logaddexp(phi[:, 1:], added)], axis=-1)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """The CTC loss of each batch entry: -log p(target | output) summed over alignments.

    Args:
        target: int labels (batch, max_label_length).
        output: logits (batch, max_time, num_classes); softmax is applied here.
        target_length: the labels' lengths (batch,).
        output_length: the outputs' lengths (batch,).
        mask_index: the blank class. Defaults to 0.

    Returns:
        The loss per batch entry (batch,).

    Example:
    >>> from gradflow.keras import ops
    >>> loss = ops.ctc_loss([[1]], ops.zeros((1, 2, 2)), [1], [2])
    >>> round(float(loss[0]), 5)  # three alignments of probability 1/4 each
    0.28768
    """
    target = _dtypes.tensor(target, "int32")
    output = _float_logits(output)
    target_length = _dtypes.tensor(target_length, "int32")
    output_length = _dtypes.tensor(output_length, "int32")
    batch, max_time, num_classes = output.shape
    max_labels = target.shape[1]
    dtype = output.dtype

    logprobs = gnn.log_softmax(output, axis=-1)
    label_lengths = max_labels - gnp.astype(
        gnp.sum(_padding(target_length, max_labels, dtype), axis=1), "int32"
    )
    # repeat[b, n] = 1 when label n + 1 repeats label n: the path must pass a blank between
    repeat = gnp.astype(target[:, :-1] == target[:, 1:], dtype)
    repeat = gnp.concat([repeat, gnp.zeros((batch, 1), dtype=dtype)], axis=1)
    emit = gnp.matmul(logprobs, gnp.matrix_transpose(_one_hot(target, num_classes, dtype)))
    xs = (
        gnp.permute_dims(emit, (1, 0, 2)),  # (T, B, N)
        gnp.permute_dims(logprobs[:, :, mask_index : mask_index + 1], (1, 0, 2)),  # (T, B, 1)
        gnp.permute_dims(_padding(output_length, max_time, dtype), (1, 0))[..., None],
    )
    # log alpha, split in the states after a blank ("phi", N + 1) and after label n ("emit")
    phi0 = gnp.concat(
        [
            gnp.zeros((batch, 1), dtype=dtype),
            gnp.full((batch, max_labels), _LOG_EPSILON, dtype=dtype),
        ],
        axis=1,
    )
    emit0 = gnp.full((batch, max_labels), _LOG_EPSILON, dtype=dtype)

    def step(carry, x):
        prev_phi, prev_emit = carry
        logprob_emit, logprob_phi, pad = x
        # emit -> phi without a blank, unless the next label repeats
        phi = _logaddexp_tail(prev_phi, prev_emit + _LOG_EPSILON * repeat)
        next_emit = gnp.logaddexp(phi[:, :-1] + logprob_emit, prev_emit + logprob_emit)
        next_phi = _logaddexp_tail(
            phi + logprob_phi, prev_emit + logprob_phi + _LOG_EPSILON * (1.0 - repeat)
        )
        next_emit = pad * prev_emit + (1.0 - pad) * next_emit
        next_phi = pad * prev_phi + (1.0 - pad) * next_phi
        return (next_phi, next_emit), None

    (phi, emit_last), _ = gf.scan(step, (phi0, emit0), xs)
    final = _logaddexp_tail(phi, emit_last)  # the last label's final epsilon transition
    return -gnp.sum(final * _one_hot(label_lengths, max_labels + 1, dtype), axis=1)


def _greedy(inputs, lengths, merge_repeated, mask_index):
    batch, max_time, _ = inputs.shape
    indices = gnp.astype(gnp.argmax(inputs, axis=-1), "int32")
    scores = gnp.max(inputs, axis=-1)
    beyond = gnp.arange(max_time, dtype="int32")[None, :] >= lengths[:, None]
    indices = gnp.where(beyond, gnp.full_like(indices, mask_index), indices)
    scores = gnp.where(beyond, gnp.zeros_like(scores), scores)
    if merge_repeated:
        repeated = gnp.concat(
            [gnp.zeros((batch, 1), dtype="bool"), indices[:, 1:] == indices[:, :-1]], axis=1
        )
        indices = gnp.where(repeated, gnp.full_like(indices, mask_index), indices)
    blank = indices == mask_index
    indices = gnp.where(blank, gnp.full_like(indices, _PAD), indices)
    # move the blanks to the end, keeping the labels' order
    order = gnp.where(blank, max_time, gnp.arange(max_time, dtype="int32")[None, :])
    order = gnp.argsort(order, axis=-1, stable=True)
    indices = gnp.take_along_axis(indices, order, axis=-1)
    return indices[None], -gnp.sum(scores, axis=1, keepdims=True)


# -- beam search -------------------------------------------------------------------------------
def _lexsort_rows(paths, num_classes: int):
    """The permutation (batch, rows) sorting each batch's rows of `paths` (values in
    [-1, num_classes)) lexicographically, first column most significant: stable argsorts
    from the least significant digits, several columns packed per int64 key."""
    batch, rows, length = paths.shape
    base = num_classes + 1
    per_key = max(1, int(62 // math.log2(base)))
    order = gnp.broadcast_to(gnp.arange(rows, dtype="int64")[None, :], (batch, rows))
    for stop in range(length, 0, -per_key):
        start = max(0, stop - per_key)
        weights = base ** np.arange(stop - start - 1, -1, -1, dtype=np.int64)
        digits = gnp.astype(paths[:, :, start:stop], "int64") + 1
        keys = gnp.sum(digits * gf.constant(weights), axis=-1)
        keys = gnp.take_along_axis(keys, order, axis=1)
        order = gnp.take_along_axis(order, gnp.argsort(keys, axis=1, stable=True), axis=1)
    return order


def _unique_rows(paths, num_classes: int):
    """jnp.unique(paths, axis=0, size=rows, fill_value=-1, return_inverse=True) per batch:
    the sorted distinct rows (then rows of -1) and each row's index among them."""
    batch, rows, length = paths.shape
    order = _lexsort_rows(paths, num_classes)
    ordered = gnp.take_along_axis(paths, order[:, :, None], axis=1)
    changed = gnp.any(ordered[:, 1:] != ordered[:, :-1], axis=-1)
    first = gnp.concat([gnp.ones((batch, 1), dtype="bool"), changed], axis=1)
    slot = gnp.cumulative_sum(gnp.astype(first, "int32"), axis=1) - 1
    offsets = gnp.arange(batch, dtype="int32")[:, None] * rows
    # each slot receives exactly one row (its first); +1 / -1 leaves unfilled slots at -1
    kept = gnp.where(first[:, :, None], ordered + 1, gnp.zeros_like(ordered))
    unique = _indexing.scatter_add(
        gnp.reshape(kept, (batch * rows, length)),
        gnp.reshape(slot + offsets, (batch * rows,)),
        axes=(0,),
        shape=(batch * rows, length),
    )
    unique = gnp.reshape(unique, (batch, rows, length)) - 1
    inverse = gnp.take_along_axis(slot, gnp.argsort(order, axis=1, stable=True), axis=1)
    return unique, inverse


def _merge_scores(inverse, scores):
    """log of the summed exp(scores) of the rows that share a unique path."""
    batch, rows = scores.shape
    top = gnp.max(scores, axis=1, keepdims=True)
    offsets = gnp.arange(batch, dtype="int32")[:, None] * rows
    summed = _indexing.scatter_add(
        gnp.reshape(gnp.exp(scores - top), (batch * rows,)),
        gnp.reshape(inverse + offsets, (batch * rows,)),
        axes=(0,),
        shape=(batch * rows,),
    )
    summed = gnp.reshape(summed, (batch, rows))
    # empty slots sum to 0: log 0 = -inf, taken without NumPy's divide-by-zero warning
    filled = summed > 0
    logs = gnp.log(gnp.where(filled, summed, gnp.ones_like(summed)))
    return gnp.where(filled, logs, gnp.full_like(logs, -np.inf)) + top


def _extend(paths, scores, masked, x, blank: int):
    """Every path extended by every class (a blank or a repeat leaves it unchanged)."""
    batch, beams, length = paths.shape
    num_classes = x.shape[-1]
    paths = gnp.repeat(paths, num_classes, axis=1)
    scores = gnp.repeat(scores, num_classes, axis=1)
    prev_masked = gnp.repeat(masked, num_classes, axis=1)
    tail_index = gnp.astype(gnp.argmax(gnp.astype(paths == _PAD, "int32"), axis=2), "int32")
    tails = gnp.take_along_axis(paths, ((tail_index - 1) % length)[:, :, None], axis=2)[..., 0]
    tails = gnp.where(tail_index == 0, gnp.full_like(tails, _PAD), tails)
    labels = np.arange(num_classes, dtype=np.int32)
    labels[blank] = _PAD
    classes = gnp.broadcast_to(gf.constant(np.tile(labels, beams))[None, :], tails.shape)
    masked = classes == _PAD
    classes = gnp.where(
        gnp.logical_and(gnp.logical_not(prev_masked), tails == classes),
        gnp.full_like(classes, _PAD),
        classes,
    )
    at_tail = gnp.arange(length, dtype="int32")[None, None, :] == tail_index[:, :, None]
    paths = gnp.where(at_tail, classes[:, :, None], paths)
    return paths, scores + gnp.tile(x, (1, beams)), masked


def _prune(paths, scores, masked, beam_width: int, num_classes: int):
    """Merge equal paths (separately for those ending in a blank) and keep the best."""
    batch = paths.shape[0]
    unique, inverse = _unique_rows(paths, num_classes)
    minus_inf = gnp.full_like(scores, -np.inf)
    emit = _merge_scores(inverse, gnp.where(masked, minus_inf, scores))
    blank = _merge_scores(inverse, gnp.where(masked, scores, minus_inf))
    top = gnp.argsort(gnp.logaddexp(emit, blank), axis=1, stable=True)[:, -beam_width:]
    best = gnp.take_along_axis(unique, top[:, :, None], axis=1)
    emit, blank = gnp.take_along_axis(emit, top, axis=1), gnp.take_along_axis(blank, top, axis=1)
    flags = np.concatenate([np.zeros(beam_width, bool), np.ones(beam_width, bool)])
    masked = gnp.broadcast_to(gf.constant(flags)[None, :], (batch, 2 * beam_width))
    return gnp.concat([best, best], axis=1), gnp.concat([emit, blank], axis=1), masked


def _initial_beams(first, beam_width: int, blank: int, max_time: int):
    batch, num_classes = first.shape
    count = min(num_classes, beam_width)
    best = gnp.astype(gnp.argsort(first, axis=1, stable=True)[:, -count:], "int32")
    labels = gnp.where(best == blank, gnp.full_like(best, _PAD), best)
    rest = 2 * beam_width - count
    column = gnp.concat([labels, gnp.full((batch, rest), _PAD, dtype="int32")], axis=1)
    paths = gnp.concat(
        [column[:, :, None], gnp.full((batch, 2 * beam_width, max_time - 1), _PAD, dtype="int32")],
        axis=2,
    )
    scores = gnp.concat(
        [
            gnp.take_along_axis(first, best, axis=1),
            gnp.full((batch, rest), -np.inf, dtype=first.dtype),
        ],
        axis=1,
    )
    return paths, scores, column == _PAD


def _beam_search(inputs, lengths, beam_width, top_paths, mask_index):
    batch, max_time, num_classes = inputs.shape
    # classes flipped, so that stable ascending sorts break ties toward the higher original
    # class, as TensorFlow's decoder does
    inputs = gnp.flip(gnn.log_softmax(inputs, axis=-1), axis=2)
    blank = num_classes - mask_index - 1
    beyond = gnp.arange(max_time, dtype="int32")[None, :] >= lengths[:, None]
    state = _initial_beams(inputs[:, 0], beam_width, blank, max_time)

    def step(carry, x):
        logprobs, done = x
        grown = _extend(*carry, logprobs, blank)
        pruned = _prune(*grown, beam_width, num_classes)
        kept = tuple(
            gnp.where(gnp.reshape(done, (batch,) + (1,) * (new.ndim - 1)), old, new)
            for old, new in zip(carry, pruned)
        )
        return kept, None

    if max_time > 1:
        xs = (gnp.permute_dims(inputs[:, 1:], (1, 0, 2)), gnp.permute_dims(beyond[:, 1:], (1, 0)))
        state, _ = gf.scan(step, state, xs)
    paths, scores, _ = state
    unique, inverse = _unique_rows(paths, num_classes)
    scores = _merge_scores(inverse, scores)
    top = gnp.flip(gnp.argsort(scores, axis=1, stable=True)[:, -top_paths:], axis=1)
    paths = gnp.take_along_axis(unique, top[:, :, None], axis=1)
    paths = gnp.where(paths == _PAD, paths, num_classes - paths - 1)
    return gnp.permute_dims(paths, (1, 0, 2)), gnp.take_along_axis(scores, top, axis=1)


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    """Decode CTC outputs greedily (best class per step) or by prefix beam search.

    Args:
        inputs: logits (batch, max_length, num_classes), not softmax-normalized.
        sequence_lengths: the valid length of each batch entry (batch,).
        strategy: "greedy" or "beam_search".
        beam_width: the beams kept per step (beam search). Defaults to 100.
        top_paths: the best paths returned (beam search). Defaults to 1.
        merge_repeated: merge repeated labels (greedy). Defaults to True.
        mask_index: the blank class. Defaults to 0.

    Returns:
        (decoded int32 (paths, batch, max_length) with -1 after each path's labels,
        scores (batch, paths)): greedy gives the negated sum of the chosen logits, beam
        search each path's log probability.

    Example:
    >>> from gradflow.keras import ops
    >>> logits = ops.one_hot([[1, 1, 0, 2]], 3) * 5.0
    >>> decoded, scores = ops.ctc_decode(logits, [4])
    >>> decoded.tolist()
    [[[1, 2, -1, -1]]]
    """
    inputs = _float_logits(inputs)
    lengths = _dtypes.tensor(sequence_lengths, "int32")
    if strategy == "greedy":
        return _greedy(inputs, lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        return _beam_search(inputs, lengths, beam_width, top_paths, mask_index)
    raise ValueError(
        f"Invalid strategy {strategy}. Supported values are 'greedy' and 'beam_search'."
    )


ctc_loss = symbolic_aware(ctc_loss)
ctc_decode = symbolic_aware(ctc_decode)
