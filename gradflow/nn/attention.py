"""gf.nn: scaled dot-product attention, as Keras 3 `keras.ops.dot_product_attention`."""

from __future__ import annotations

import math

import numpy as np

from gradflow import dtypes
from gradflow.core.spec import broadcast_shapes, format_spec
from gradflow.core.tensor import Tensor
from gradflow.errors import DTypeError, ShapeError
from gradflow.numpy._args import cast, promote, tensor, to_float
from gradflow.ops import elementwise as ew
from gradflow.ops import linalg as la
from gradflow.ops import nn as nn_ops
from gradflow.ops.nn import full_like
from gradflow.ops.shape import broadcast_to, permute_dims, reshape

__all__ = ["dot_product_attention"]

_NARROW = (dtypes.float16, dtypes.bfloat16)
_LARGE_NEGATIVE = -0.7  # masked logits become -0.7 * the dtype's max, as in Keras


def _check_shapes(q: Tensor, k: Tensor, v: Tensor) -> None:
    def spec(t: Tensor) -> str:
        return f"{format_spec(t.spec)}"

    described = f"(query: {spec(q)}, key: {spec(k)}, value: {spec(v)})"
    if not q.ndim == k.ndim == v.ndim == 4:
        raise ShapeError(
            "dot_product_attention: query, key and value must all be 3-d (T, N, H) or "
            f"4-d (B, T, N, H) {described}"
        )
    (b, _, n, h), kh = q.shape, k.shape[2]
    if k.shape[0] != b or k.shape[3] != h or v.shape[:3] != k.shape[:3]:
        raise ShapeError(
            "dot_product_attention: key must be (B, S, K, H) like query's (B, T, N, H), "
            f"and value (B, S, K, H_v) {described}"
        )
    if n % kh:
        raise ShapeError(
            f"dot_product_attention: the query heads N={n} must be a multiple of the key "
            f"heads K={kh} (grouped-query attention) {described}"
        )


def _masked(logits: Tensor, mask: Tensor, fill: Tensor) -> Tensor:
    if mask.dtype != dtypes.bool:
        raise DTypeError(
            f"dot_product_attention: mask must be a bool tensor (True: attend), got "
            f"{format_spec(mask.spec)}"
        )
    if mask.shape != logits.shape:
        broadcast_shapes(mask.shape, logits.shape, op="dot_product_attention (mask)")
        mask = broadcast_to(mask, shape=logits.shape)
    return ew.where(mask, logits, fill)


def dot_product_attention(
    query, key, value, bias=None, mask=None, scale=None, is_causal: bool = False
) -> Tensor:
    """Scaled dot-product attention: `softmax(q k^T * scale + bias, masked) v`.

    Args:
        query: (B, T, N, H), or (T, N, H) without a batch axis.
        key: (B, S, K, H); N must be a multiple of K (grouped-query attention: query
            head n uses key head n // (N / K), as Keras repeats the key heads).
        value: (B, S, K, H_v).
        bias: added to the logits; broadcasts against (B, N, T, S).
        mask: a bool tensor broadcasting against (B, N, T, S): True where a query may
            attend to a key.
        scale: the logits' scale; `1 / sqrt(H)` by default.
        is_causal: let position t attend only to positions <= t.

    Returns:
        (B, T, N, H_v) (or (T, N, H_v)), in the dtype of the inputs.

    Example:
    >>> import gradflow as gf
    >>> q = gf.numpy.ones((1, 2, 1, 4))
    >>> v = gf.constant([[[[1.0]], [[3.0]]]])
    >>> gf.nn.dot_product_attention(q, q, v).tolist()
    [[[[2.0]], [[2.0]]]]
    >>> gf.nn.dot_product_attention(q, q, v, is_causal=True).tolist()
    [[[[1.0]], [[2.0]]]]
    """
    op = "dot_product_attention"
    q, k, v = (
        to_float(t) for t in promote(op, tensor(query, op), tensor(key, op), tensor(value, op))
    )
    unbatched = q.ndim == 3
    if unbatched:
        q, k, v = (reshape(t, shape=(1,) + t.shape) if t.ndim == 3 else t for t in (q, k, v))
    _check_shapes(q, k, v)
    (b, t, n, h), (_, s, kh, _) = q.shape, k.shape
    groups = n // kh
    dtype = q.dtype
    # logits (B, K, G, T, S): query heads grouped under their key head, key heads broadcast
    qg = permute_dims(reshape(q, shape=(b, t, kh, groups, h)), axes=(0, 2, 3, 1, 4))
    kt = reshape(permute_dims(k, axes=(0, 2, 3, 1)), shape=(b, kh, 1, h, s))
    logits = reshape(la.matmul(qg, kt), shape=(b, n, t, s))
    if dtype in _NARROW:
        logits = cast(logits, dtypes.float32)  # softmax in float32, as Keras
    scale = 1.0 / math.sqrt(h) if scale is None else float(scale)
    logits = ew.multiply(logits, full_like(logits, scale))
    if bias is not None:
        bias = cast(to_float(tensor(bias, op)), logits.dtype)
        logits = ew.add(logits, broadcast_to(bias, shape=logits.shape))
    if mask is not None or is_causal:
        fill = full_like(logits, _LARGE_NEGATIVE * float(np.finfo(logits.dtype).max))
        if mask is not None:
            logits = _masked(logits, tensor(mask, op), fill)
        if is_causal:
            logits = _masked(logits, Tensor(np.tril(np.ones((t, s), dtype=bool))), fill)
    probs = cast(nn_ops.softmax(logits, axes=(3,)), dtype)
    # (B, K, G, T, S) @ (B, K, 1, S, H_v) -> (B, K, G, T, H_v) -> (B, T, N, H_v)
    vt = reshape(permute_dims(v, axes=(0, 2, 1, 3)), shape=(b, kh, 1, s, v.shape[-1]))
    out = la.matmul(reshape(probs, shape=(b, kh, groups, t, s)), vt)
    out = reshape(permute_dims(out, axes=(0, 3, 1, 2, 4)), shape=(b, t, n, v.shape[-1]))
    return reshape(out, shape=out.shape[1:]) if unbatched else out
