"""Op-table rows for gf.nn (activations, softmax, one_hot, dropout, losses, normalization,
attention), with NumPy references written out."""

import math

import numpy as np

from gradflow import nn
from gradflow.testing.op_info import FLOATS, INTS, OpInfo, Sample, make, unary_samples

# -- references ----------------------------------------------------------------------------


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softplus(x):
    return np.logaddexp(x, np.zeros_like(x))


def _elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def _erf(x):
    return np.vectorize(math.erf, otypes=[x.dtype])(x) if x.size else x.copy()


def _gelu(x, approximate=True):
    if approximate:
        c = np.sqrt(2 / np.pi).astype(x.dtype)
        return 0.5 * x * (1 + np.tanh(c * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + _erf(x / np.sqrt(2).astype(x.dtype)))


def _softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True)) if x.size else x
    return e / np.sum(e, axis=axis, keepdims=True) if x.size else x


def _log_softmax(x, axis=-1):
    if not x.size:
        return x
    s = x - np.max(x, axis=axis, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))


def _glu(x, axis=-1):
    a, b = np.split(x, 2, axis=axis)
    return a * _sigmoid(b)


def _one_hot(x, num_classes, axis=-1, dtype=None):
    out = (x[..., None] == np.arange(num_classes)).astype(dtype or np.float32)
    return np.moveaxis(out, -1, axis)


_EPS = 1e-7


def _cce(t, p, from_logits=False, axis=-1):
    if from_logits:
        log_p = _log_softmax(p, axis)
    else:
        log_p = np.log(np.clip(p / p.sum(axis=axis, keepdims=True), _EPS, 1 - _EPS))
    return -np.sum(t * log_p, axis=axis)


def _sparse_cce(t, p, from_logits=False, axis=-1):
    if t.ndim == p.ndim:
        t = t[..., 0]
    return _cce(_one_hot(t, p.shape[axis], axis, p.dtype), p, from_logits, axis)


def _bce(t, p, from_logits=False):
    if from_logits:
        return np.logaddexp(p, np.zeros_like(p)) - t * p
    p = np.clip(p, _EPS, 1 - _EPS)
    return -(t * np.log(p) + (1 - t) * np.log(1 - p))


def _moments(x, axes, keepdims=False):
    return np.mean(x, axis=axes, keepdims=keepdims), np.var(x, axis=axes, keepdims=keepdims)


def _batch_norm(x, mean, var, axis, offset=None, scale=None, epsilon=1e-3):
    shape = [1] * x.ndim
    shape[axis] = -1
    out = (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + epsilon)
    if scale is not None:
        out = out * scale.reshape(shape)
    if offset is not None:
        out = out + offset.reshape(shape)
    return out


def _layer_norm(x, gamma=None, beta=None, axis=-1, epsilon=1e-3):
    mean, var = np.mean(x, axis=axis, keepdims=True), np.var(x, axis=axis, keepdims=True)
    out = (x - mean) / np.sqrt(var + epsilon)
    if gamma is not None:
        out = out * gamma
    if beta is not None:
        out = out + beta
    return out


def _attention(q, k, v, bias=None, mask=None, scale=None, is_causal=False):
    unbatched = q.ndim == 3
    if unbatched:
        q, k, v = q[None], k[None], v[None]
    groups = q.shape[2] // k.shape[2]
    k, v = np.repeat(k, groups, axis=2), np.repeat(v, groups, axis=2)
    scale = 1 / np.sqrt(q.shape[-1]) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", q, k) * np.asarray(scale, q.dtype)
    if bias is not None:
        logits = logits + bias
    neg = np.asarray(-0.7 * np.finfo(q.dtype).max, q.dtype)
    if mask is not None:
        logits = np.where(mask, logits, neg)
    if is_causal:
        logits = np.where(np.tril(np.ones(logits.shape[-2:], bool)), logits, neg)
    out = np.einsum("bnts,bsnh->btnh", _softmax(logits, -1), v)
    return out[0] if unbatched else out


# -- samples --------------------------------------------------------------------------------
_SHAPES = ((), (0,), (5,), (3, 4), (2, 0, 3), (2, 3, 4))
_NONEMPTY_AXIS_SHAPES = ((5,), (3, 4), (2, 3, 4))


def _axis_samples(shapes=_NONEMPTY_AXIS_SHAPES, axes=(-1,), low=-3.0, high=3.0):
    def samples(rng, dtype):
        out = [Sample((make(rng, s, dtype, low, high),), {"axis": a}) for s in shapes for a in axes]
        out.append(Sample((make(rng, (2, 3, 4), dtype, low, high),), {"axis": (0, 2)}))
        out.append(Sample((make(rng, (0, 3), dtype),), {"axis": -1}))
        return out

    return samples


def _glu_samples(rng, dtype):
    return [
        Sample((make(rng, (4,), dtype),)),
        Sample((make(rng, (3, 6), dtype),), {"axis": -1}),
        Sample((make(rng, (2, 4, 3), dtype),), {"axis": 1}),
        Sample((make(rng, (0, 2), dtype),)),
    ]


def _one_hot_samples(rng, dtype):
    return [
        Sample((make(rng, (), dtype, 0, 3), 4)),
        Sample((make(rng, (5,), dtype, -1, 4), 4)),  # -1 and 4 are out of range: zeros
        Sample((make(rng, (2, 3), dtype, 0, 2), 3), {"axis": 0}),
        Sample((make(rng, (2, 3), dtype, 0, 2), 3), {"axis": 1, "dtype": "int32"}),
        Sample((make(rng, (0,), dtype, 0, 2), 3)),
    ]


def _dropout_samples(rng, dtype):
    return [
        Sample((make(rng, (50,), dtype), 0.3), {"seed": 0}),
        Sample((make(rng, (4, 6), dtype), 0.5), {"seed": 1, "noise_shape": (4, 1)}),
        Sample((make(rng, (), dtype), 0.5), {"seed": 2}),
        Sample((make(rng, (0, 3), dtype), 0.5), {"seed": 3}),
        Sample((make(rng, (3,), dtype), 0.0), {"seed": 4}),
    ]


def _distribution(rng, shape, dtype, axis=-1):
    p = rng.uniform(0.1, 1.0, size=shape)
    return (p / p.sum(axis=axis, keepdims=True)).astype(dtype)


def _cce_samples(from_logits):
    def samples(rng, dtype):
        out = []
        for shape, axis in (((5,), -1), ((4, 3), -1), ((2, 3, 4), 1), ((0, 3), -1)):
            t = _distribution(rng, shape, dtype, axis)
            p = make(rng, shape, dtype) if from_logits else make(rng, shape, dtype, 0.1, 1.0)
            out.append(Sample((t, p), {"from_logits": from_logits, "axis": axis}))
        return out

    return samples


def _sparse_cce_samples(from_logits):
    def samples(rng, dtype):
        def output(*shape):
            return make(rng, shape, dtype) if from_logits else make(rng, shape, dtype, 0.1, 1.0)

        def labels(high, *shape, dt=np.int32):
            return rng.integers(0, high, shape).astype(dt)

        kw = {"from_logits": from_logits}
        return [
            Sample((labels(3, 4), output(4, 3)), kw),
            Sample((labels(3, 4, 1, dt=np.int64), output(4, 3)), kw),
            Sample((labels(5), output(5)), kw),
            Sample((labels(4, 2, 3), output(2, 4, 3)), {**kw, "axis": 1}),
            Sample((labels(3, 0), output(0, 3)), kw),
        ]

    return samples


def _bce_samples(from_logits):
    def samples(rng, dtype):
        kw = {"from_logits": from_logits}
        low, high = (-4.0, 4.0) if from_logits else (0.05, 0.95)
        return [
            Sample((make(rng, s, dtype, 0.0, 1.0), make(rng, s, dtype, low, high)), kw)
            for s in ((), (5,), (3, 4), (0, 2))
        ]

    return samples


def _moments_samples(rng, dtype):
    return [
        Sample((make(rng, (5,), dtype), 0)),
        Sample((make(rng, (3, 4), dtype), (0,)), {"keepdims": True}),
        Sample((make(rng, (2, 3, 4), dtype), (0, 2))),
        Sample((make(rng, (2, 3, 4), dtype), (0, 1, 2))),
    ]


def _batch_norm_samples(rng, dtype):
    def channels(c, low=-1.0, high=1.0):
        return make(rng, (c,), dtype, low, high)

    return [
        Sample((make(rng, (4, 3), dtype), channels(3), channels(3, 0.5, 2.0), -1)),
        Sample((make(rng, (2, 3, 4), dtype), channels(3), channels(3, 0.5, 2.0), 1)),
        Sample(
            (make(rng, (2, 5), dtype), channels(5), channels(5, 0.5, 2.0), -1, channels(5)),
            {"epsilon": 1e-2},
        ),
        Sample(
            (make(rng, (2, 2, 3), dtype), channels(3), channels(3, 0.5, 2), 2, None, channels(3))
        ),
        Sample((make(rng, (0, 3), dtype), channels(3), channels(3, 0.5, 2.0), -1)),
    ]


def _layer_norm_samples(rng, dtype):
    return [
        Sample((make(rng, (4, 6), dtype),)),
        Sample((make(rng, (2, 3, 4), dtype), make(rng, (4,), dtype), make(rng, (4,), dtype))),
        Sample((make(rng, (2, 3, 4), dtype), None, None, (1, 2))),
        Sample((make(rng, (2, 3, 4), dtype),), {"axis": 1, "epsilon": 1e-5}),
        Sample((make(rng, (0, 4), dtype),)),
    ]


def _attention_samples(rng, dtype):
    def t(*shape):
        return make(rng, shape, dtype, -1.0, 1.0)

    mask = rng.random((1, 1, 3, 4)) < 0.7
    mask[..., 0] = True  # every query attends somewhere
    return [
        Sample((t(2, 3, 2, 4), t(2, 5, 2, 4), t(2, 5, 2, 3))),
        Sample((t(3, 4, 2), t(3, 4, 2), t(3, 4, 2)), {"is_causal": True}),
        Sample((t(1, 3, 4, 2), t(1, 4, 2, 2), t(1, 4, 2, 3)), {"scale": 0.5}),  # 2 groups
        Sample((t(2, 3, 2, 4), t(2, 4, 2, 4), t(2, 4, 2, 4), t(2, 1, 3, 4))),  # bias
        Sample((t(1, 3, 2, 4), t(1, 4, 2, 4), t(1, 4, 2, 4), None, mask)),
    ]


OPS = [
    OpInfo("nn.relu", nn.relu, lambda x: np.maximum(x, 0).astype(x.dtype),
           unary_samples(), dtypes=FLOATS + INTS),
    OpInfo("nn.relu6", nn.relu6, lambda x: np.clip(x, 0, 6).astype(x.dtype),
           unary_samples(-3.0, 9.0), dtypes=FLOATS + INTS),
    OpInfo("nn.sigmoid", nn.sigmoid, _sigmoid, unary_samples(-10.0, 10.0), second_order=True),
    OpInfo("nn.softplus", nn.softplus, _softplus, unary_samples(-10.0, 10.0), second_order=True),
    OpInfo("nn.softsign", nn.softsign, lambda x: x / (1 + np.abs(x)), unary_samples(),
           second_order=True),
    OpInfo("nn.silu", nn.silu, lambda x: x * _sigmoid(x), unary_samples(-6.0, 6.0),
           second_order=True),
    OpInfo("nn.log_sigmoid", nn.log_sigmoid, lambda x: -_softplus(-x),
           unary_samples(-10.0, 10.0), second_order=True),
    OpInfo("nn.leaky_relu", nn.leaky_relu,
           lambda x, negative_slope=0.2: np.where(x >= 0, x, x.dtype.type(negative_slope) * x),
           lambda rng, dt: unary_samples()(rng, dt)
           + [Sample((make(rng, (4,), dt),), {"negative_slope": 0.01})]),
    OpInfo("nn.hard_sigmoid", nn.hard_sigmoid, lambda x: np.clip(x + 3, 0, 6) / 6,
           unary_samples(-5.0, 5.0)),
    OpInfo("nn.hard_silu", nn.hard_silu, lambda x: x * np.clip(x + 3, 0, 6) / 6,
           unary_samples(-5.0, 5.0)),
    OpInfo("nn.elu", nn.elu, _elu,
           lambda rng, dt: unary_samples(-3.0, 3.0)(rng, dt)
           + [Sample((make(rng, (4,), dt, -3, 3),), {"alpha": 0.5})], second_order=True),
    OpInfo("nn.selu", nn.selu, lambda x: 1.0507009873554805 * _elu(x, 1.6732632423543772),
           unary_samples(-3.0, 3.0), second_order=True),
    OpInfo("nn.gelu", nn.gelu, _gelu,
           lambda rng, dt: unary_samples(-4.0, 4.0)(rng, dt)
           + [Sample((make(rng, (3, 4), dt, -6, 6),), {"approximate": False}),
              Sample((make(rng, (0,), dt),), {"approximate": False})],
           second_order=True),
    OpInfo("nn.celu", nn.celu,
           lambda x, alpha=1.0: np.maximum(x, 0) + alpha * np.expm1(np.minimum(x, 0) / alpha),
           lambda rng, dt: unary_samples(-3.0, 3.0)(rng, dt)
           + [Sample((make(rng, (4,), dt, -3, 3),), {"alpha": 2.0})], second_order=True),
    OpInfo("nn.glu", nn.glu, _glu, _glu_samples, second_order=True),
    OpInfo("nn.softmax", nn.softmax, _softmax, _axis_samples(), second_order=True),
    OpInfo("nn.log_softmax", nn.log_softmax, _log_softmax, _axis_samples(), second_order=True),
    OpInfo("nn.one_hot", nn.one_hot, _one_hot, _one_hot_samples, dtypes=INTS, grad=False),
    OpInfo("nn.dropout", nn.dropout,
           lambda x, rate, seed=None, noise_shape=None: np.zeros_like(x),
           _dropout_samples, nondeterministic=True),
    OpInfo("nn.categorical_crossentropy", nn.categorical_crossentropy, _cce,
           _cce_samples(False), second_order=True),
    OpInfo("nn.categorical_crossentropy.from_logits", nn.categorical_crossentropy, _cce,
           _cce_samples(True), second_order=True),
    OpInfo("nn.sparse_categorical_crossentropy", nn.sparse_categorical_crossentropy,
           _sparse_cce, _sparse_cce_samples(False), second_order=True),
    OpInfo("nn.sparse_categorical_crossentropy.from_logits",
           nn.sparse_categorical_crossentropy, _sparse_cce, _sparse_cce_samples(True),
           second_order=True),
    OpInfo("nn.binary_crossentropy", nn.binary_crossentropy, _bce, _bce_samples(False),
           second_order=True),
    OpInfo("nn.binary_crossentropy.from_logits", nn.binary_crossentropy, _bce,
           _bce_samples(True), second_order=True),
    OpInfo("nn.moments", nn.moments, _moments, _moments_samples, second_order=True),
    OpInfo("nn.batch_normalization", nn.batch_normalization, _batch_norm,
           _batch_norm_samples, second_order=True),
    OpInfo("nn.layer_norm", nn.layer_norm, _layer_norm, _layer_norm_samples,
           second_order=True, rtol={"float32": 1e-4}, atol={"float32": 1e-5}),
    OpInfo("nn.dot_product_attention", nn.dot_product_attention, _attention,
           _attention_samples, second_order=True),
]  # fmt: skip
