"""gf.nn.dot_product_attention: masking, causality, grouped heads, errors."""

import numpy as np
import pytest

import gradflow as gf
from gradflow import nn


def _rand(*shape, seed=0):
    return gf.constant(np.random.default_rng(seed).standard_normal(shape).astype(np.float32))


def test_causal_attention_ignores_future_keys():
    q, k, v = _rand(1, 4, 2, 8), _rand(1, 4, 2, 8, seed=1), _rand(1, 4, 2, 8, seed=2)
    out = nn.dot_product_attention(q, k, v, is_causal=True).numpy()
    v2 = v.numpy().copy()
    v2[:, 3] = 100.0  # change only the last position's values
    out2 = nn.dot_product_attention(q, k, gf.constant(v2), is_causal=True).numpy()
    np.testing.assert_array_equal(out[:, :3], out2[:, :3])


def test_mask_equals_causal_tril_mask():
    q, k, v = _rand(2, 3, 2, 4), _rand(2, 3, 2, 4, seed=1), _rand(2, 3, 2, 4, seed=2)
    mask = gf.constant(np.tril(np.ones((3, 3), bool)))
    np.testing.assert_allclose(
        nn.dot_product_attention(q, k, v, mask=mask).numpy(),
        nn.dot_product_attention(q, k, v, is_causal=True).numpy(),
    )


def test_grouped_query_attention_equals_repeated_key_heads():
    q, k, v = _rand(1, 3, 4, 8), _rand(1, 5, 2, 8, seed=1), _rand(1, 5, 2, 6, seed=2)
    grouped = nn.dot_product_attention(q, k, v).numpy()
    k_rep = gf.constant(np.repeat(k.numpy(), 2, axis=2))
    v_rep = gf.constant(np.repeat(v.numpy(), 2, axis=2))
    full = nn.dot_product_attention(q, k_rep, v_rep).numpy()
    np.testing.assert_allclose(grouped, full, rtol=1e-6)
    assert grouped.shape == (1, 3, 4, 6)


def test_half_precision_inputs_keep_their_dtype():
    q = gf.numpy.astype(_rand(1, 2, 1, 4), gf.float16)
    assert nn.dot_product_attention(q, q, q).dtype == np.float16


def test_shape_errors_name_the_op_and_the_operands():
    with pytest.raises(gf.ShapeError, match=r"dot_product_attention: the query heads N=3"):
        nn.dot_product_attention(_rand(1, 2, 3, 4), _rand(1, 2, 2, 4), _rand(1, 2, 2, 4))
    with pytest.raises(gf.ShapeError, match=r"query: float32\[1,2,2,4\]"):
        nn.dot_product_attention(_rand(1, 2, 2, 4), _rand(1, 2, 2, 5), _rand(1, 2, 2, 4))
    with pytest.raises(gf.DTypeError, match="mask must be a bool tensor"):
        q = _rand(1, 2, 1, 4)
        nn.dot_product_attention(q, q, q, mask=gf.constant([[1, 0], [1, 1]]))
