"""What MultiHeadAttention and GroupedQueryAttention share: the attention mask built
from the padding masks, causality and a sliding window, and attention over any set
of axes (Keras's einsum formulation, or its fused dot-product path)."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.keras import backend, masking

_LARGE_NEGATIVE = -1e9  # Keras's Softmax layer fills masked scores with this (float32)
_LARGE_NEGATIVE_FLOAT16 = -3e4


def causal_mask(query, value) -> gf.Tensor:
    """(1, T, S) bool: query position i may attend to value positions j <= i."""
    t, s = query.shape[1], value.shape[1]
    return gf.constant(np.tril(np.ones((t, s), dtype=bool))[None])


def sliding_window_mask(query, value, window: int) -> gf.Tensor:
    """(1, T, S) bool: |i - j| < window."""
    t, s = query.shape[1], value.shape[1]
    distance = np.abs(np.arange(t)[:, None] - np.arange(s)[None, :])
    return gf.constant((distance < window)[None])


def compute_attention_mask(
    query,
    value,
    query_mask=None,
    value_mask=None,
    key_mask=None,
    attention_mask=None,
    use_causal_mask=False,
    sliding_window=None,
):
    """The bool mask (B, T, S) (or broadcastable) combining every mask given, or None.

    Args:
        query: (B, T, dim). value: (B, S, dim).
        query_mask: (B, T): False rows attend nowhere.
        value_mask, key_mask: (B, S): False columns are never attended.
        attention_mask: (B, T, S) given by the caller.
        use_causal_mask: add the lower-triangular mask.
        sliding_window: add the |i - j| < window mask when an int.
    """
    parts = []
    if query_mask is not None:
        parts.append(gf.numpy.expand_dims(gf.numpy.astype(query_mask, gf.bool), axis=-1))
    for mask in (value_mask, key_mask):
        if mask is not None:
            parts.append(gf.numpy.expand_dims(gf.numpy.astype(mask, gf.bool), axis=-2))
    if use_causal_mask:
        parts.append(causal_mask(query, value))
    if sliding_window is not None:
        parts.append(sliding_window_mask(query, value, sliding_window))
    if attention_mask is not None:
        attention_mask = gf.numpy.astype(attention_mask, gf.bool)
    if not parts:
        return attention_mask
    auto_mask = parts[0]
    for mask in parts[1:]:
        auto_mask = gf.numpy.logical_and(auto_mask, mask)
    if attention_mask is None:
        return auto_mask
    return gf.numpy.logical_and(attention_mask, auto_mask)


def prepare_inputs(
    query,
    value,
    key,
    query_mask,
    value_mask,
    key_mask,
    attention_mask,
    use_causal_mask,
    sliding_window,
):
    """(query, value, key, attention mask) for a multi-head attention call: padding
    masks not given come from the tensors (as Keras's `__call__` fills them), a missing
    key is the value, and every mask is combined by `compute_attention_mask`."""
    if query_mask is None:
        query_mask = masking.get_keras_mask(query)
    if value_mask is None:
        value_mask = masking.get_keras_mask(value)
    if key is None:
        key = value
    elif key_mask is None:
        key_mask = masking.get_keras_mask(key)
    query, value, key = (backend.convert_to_tensor(t) for t in (query, value, key))
    attention_mask = compute_attention_mask(
        query,
        value,
        query_mask,
        value_mask,
        key_mask,
        attention_mask,
        use_causal_mask,
        sliding_window,
    )
    return query, value, key, attention_mask


def scores_dropout(rate: float, training, seed_generator):
    """The dropout applied to the attention probabilities in training, or None."""
    if not (rate > 0.0 and training):
        return None

    def dropout(p):
        return gf.nn.dropout(p, rate, seed=seed_generator)

    return dropout


def _expand_mask(mask, rank: int, num_attention_axes: int):
    """Insert size-1 axes (the heads, …) as Keras does, until the mask has `rank` axes."""
    axis = -2 * num_attention_axes - 1
    while mask.ndim < rank:
        mask = gf.numpy.expand_dims(mask, axis=axis)
    return mask


def fused_attention(query, key, value, mask, scale):
    """Keras's fast path for (B, T, N, H) projections without dropout or returned
    scores: `ops.dot_product_attention` (a fully masked row averages the values)."""
    if mask is not None:
        mask = _expand_mask(gf.numpy.astype(mask, gf.bool), 4, 1)
    return gf.nn.dot_product_attention(query, key, value, mask=mask, scale=scale)


def einsum_attention(query, key, value, attention_axes, scale, mask=None, dropout=None):
    """Attention of `query` over `key`/`value` along `attention_axes`, every other axis
    but the last (heads included) acting as a batch axis — Keras's einsum path.

    Args:
        query: (B, *axes, N, H) projected queries. key: (B, *axes', N, H).
        value: (B, *axes', N, H_v).
        attention_axes: the positions (in query's axes) attended over.
        scale: multiplies the queries first.
        mask: bool, broadcasting against the scores once heads are inserted.
        dropout: None, or a function applied to the probabilities.

    Returns:
        `(output (B, *axes, N, H_v), scores)` with scores laid out as Keras's: the batch
        axes (heads included), then the query's and the key's attention axes.
    """
    rank = query.ndim
    attention_axes = tuple(attention_axes)
    batch_axes = tuple(i for i in range(rank - 1) if i not in attention_axes)
    batch_sizes = tuple(query.shape[i] for i in batch_axes)
    target = tuple(query.shape[i] for i in attention_axes)
    source = tuple(key.shape[i] for i in attention_axes)
    order = batch_axes + attention_axes + (rank - 1,)

    def gather(x, positions):
        x = gf.numpy.permute_dims(x, order)
        return gf.numpy.reshape(x, batch_sizes + (int(np.prod(positions)), x.shape[-1]))

    q = gather(query * gf.numpy.astype(gf.constant(scale), query.dtype), target)
    k, v = gather(key, source), gather(value, source)
    logits = gf.numpy.matmul(q, gf.numpy.matrix_transpose(k))
    logits = gf.numpy.reshape(logits, batch_sizes + target + source)
    probabilities = masked_softmax(logits, mask, len(attention_axes))
    scores = probabilities
    if dropout is not None:
        probabilities = dropout(probabilities)
    flat = gf.numpy.reshape(probabilities, batch_sizes + (q.shape[-2], k.shape[-2]))
    out = gf.numpy.matmul(flat, v)
    out = gf.numpy.reshape(out, batch_sizes + target + (value.shape[-1],))
    return gf.numpy.permute_dims(out, tuple(int(i) for i in np.argsort(order))), scores


def masked_softmax(logits, mask, num_attention_axes: int):
    """Keras's Softmax layer with a mask: masked logits become -1e9 before the softmax
    over the trailing attention axes, and masked probabilities 0 after it."""
    axes = tuple(range(logits.ndim - num_attention_axes, logits.ndim))
    if mask is None:
        return gf.nn.softmax(logits, axis=axes)
    mask = _expand_mask(gf.numpy.astype(mask, gf.bool), logits.ndim, num_attention_axes)
    fill = _LARGE_NEGATIVE_FLOAT16 if logits.dtype == gf.float16 else _LARGE_NEGATIVE
    probabilities = gf.nn.softmax(gf.numpy.where(mask, logits, fill), axis=axes)
    return gf.numpy.where(mask, probabilities, 0.0)
