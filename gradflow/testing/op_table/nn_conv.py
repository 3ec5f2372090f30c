"""Op-table rows for gf.nn convolution and pooling.

The references are written independently of gradflow's kernels: convolutions through
scipy.signal (correlate / convolve per batch element and channel pair), pooling through
NaN-padded sliding windows or plain loops, gradients of linear maps through their
explicit Jacobians. Padding arithmetic is TensorFlow's, restated here.

Rows named `nn.*_vjp` run a gradient inside the op, so that the gradient primitives
(conv_input_grad, conv_kernel_grad, max_pool_grad, max_pool_select, avg_pool_grad)
are themselves checked against references and finite differences.
"""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.nn.convolution import conv, conv_transpose, depthwise_conv, separable_conv
from gradflow.nn.pooling import avg_pool, max_pool
from gradflow.testing.op_info import FLOATS, OpInfo, Sample, make

_TOL32 = dict(rtol={"float32": 1e-4}, atol={"float32": 1e-4})


# -- reference helpers -----------------------------------------------------------------------
def _tuple(v, n):
    return (v,) * n if isinstance(v, int) else tuple(v)


def _last(x, data_format):
    return x if data_format in (None, "channels_last") else np.moveaxis(x, 1, -1)


def _restore(y, data_format):
    return y if data_format in (None, "channels_last") else np.moveaxis(y, -1, 1)


def _same_pads(spatial, extents, strides):
    pads = []
    for n, e, s in zip(spatial, extents, strides):
        total = max((-(-n // s) - 1) * s + e - n, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def _dilate(w, dilation, nsp):
    shape = tuple((k - 1) * d + 1 for k, d in zip(w.shape[:nsp], dilation)) + w.shape[nsp:]
    out = np.zeros(shape, w.dtype)
    out[tuple(slice(None, None, d) for d in dilation)] = w
    return out


def ref_conv(x, w, strides=1, padding="valid", data_format=None, dilation_rate=1):
    from scipy import signal

    dtype = x.dtype
    x = _last(x, data_format).astype(np.float64)
    nsp = x.ndim - 2
    strides, dilation = _tuple(strides, nsp), _tuple(dilation_rate, nsp)
    wd = _dilate(w.astype(np.float64), dilation, nsp)
    if padding == "same":
        pads = _same_pads(x.shape[1:-1], wd.shape[:nsp], strides)
        x = np.pad(x, [(0, 0), *pads, (0, 0)])
    cg, f = w.shape[-2], w.shape[-1]
    fg = f // (x.shape[-1] // cg)
    step = tuple(slice(None, None, s) for s in strides)
    out = []
    for n in range(x.shape[0]):
        maps = []
        for o in range(f):
            first = (o // fg) * cg
            acc = sum(
                signal.correlate(x[n, ..., first + c], wd[..., c, o], mode="valid")
                for c in range(cg)
            )
            maps.append(acc[step])
        out.append(np.stack(maps, -1))
    shape = [0] + [(m - e) // s + 1 for m, e, s in zip(x.shape[1:-1], wd.shape, strides)] + [f]
    y = np.stack(out) if out else np.zeros(shape)
    return _restore(y.astype(dtype), data_format)


def ref_conv_transpose(
    x, w, strides=1, padding="valid", output_padding=None, data_format=None, dilation_rate=1
):
    """The adjoint of TF's forward convolution on the Keras output shape."""
    from scipy import signal

    dtype = x.dtype
    x = _last(x, data_format).astype(np.float64)
    nsp = x.ndim - 2
    strides, dilation = _tuple(strides, nsp), _tuple(dilation_rate, nsp)
    extras = (None,) * nsp if output_padding is None else _tuple(output_padding, nsp)
    wd = _dilate(w.astype(np.float64), dilation, nsp)
    lengths = []
    for n, e, s, p in zip(x.shape[1:-1], wd.shape, strides, extras):
        if padding == "valid":
            lengths.append((n - 1) * s + e + (max(e, s) - e if p is None else p))
        else:
            lengths.append(n * s if p is None else (n - 1) * s + e % 2 + p)
    lows = [0] * nsp
    if padding == "same":
        lows = [lo for lo, _ in _same_pads(lengths, wd.shape[:nsp], strides)]
    xd = np.zeros(
        (x.shape[0], *((n - 1) * s + 1 for n, s in zip(x.shape[1:-1], strides)), x.shape[-1])
    )
    xd[(slice(None), *(slice(None, None, s) for s in strides))] = x
    y = np.zeros((x.shape[0], *lengths, w.shape[-2]))
    for n in range(x.shape[0]):
        for o in range(w.shape[-2]):
            full = sum(
                signal.convolve(xd[n, ..., c], wd[..., o, c], mode="full")
                for c in range(w.shape[-1])
            )
            window = tuple(slice(lo, lo + m) for lo, m in zip(lows, lengths))
            part = full[window]
            y[(n, *(slice(0, m) for m in part.shape), o)] = part
    return _restore(y.astype(dtype), data_format)


def ref_depthwise_conv(x, w, strides=1, padding="valid", data_format=None, dilation_rate=1):
    nsp = x.ndim - 2
    xl = _last(x, data_format)
    channels, mult = w.shape[-2], w.shape[-1]
    parts = [
        ref_conv(xl[..., c : c + 1], w[..., c : c + 1, :], strides, padding, None, dilation_rate)
        for c in range(channels)
    ]
    y = np.stack(parts, -2).reshape(*parts[0].shape[: nsp + 1], channels * mult)
    return _restore(y, data_format)


def ref_separable_conv(x, dk, pk, strides=1, padding="valid", data_format=None, dilation_rate=1):
    depth = _last(
        ref_depthwise_conv(x, dk, strides, padding, data_format, dilation_rate), data_format
    )
    y = np.tensordot(depth.astype(np.float64), pk.reshape(pk.shape[-2:]), axes=1)
    return _restore(y.astype(x.dtype), data_format)


def _pool_windows(x, pool_size, strides, padding, data_format):
    """NaN-padded windows (N, *O, C, *K) in float64 and the channels-last layout."""
    xl = _last(x, data_format).astype(np.float64)
    nsp = xl.ndim - 2
    window = _tuple(pool_size, nsp)
    strides = window if strides is None else _tuple(strides, nsp)
    if padding == "same":
        pads = _same_pads(xl.shape[1:-1], window, strides)
        xl = np.pad(xl, [(0, 0), *pads, (0, 0)], constant_values=np.nan)
    view = np.lib.stride_tricks.sliding_window_view(xl, window, axis=tuple(range(1, nsp + 1)))
    return view[(slice(None), *(slice(None, None, s) for s in strides))], nsp


def ref_max_pool(x, pool_size, strides=None, padding="valid", data_format=None):
    view, nsp = _pool_windows(x, pool_size, strides, padding, data_format)
    axes = tuple(range(-nsp, 0))
    y = np.nanmax(view, axis=axes) if view.size else np.zeros(view.shape[:-nsp])
    return _restore(y.astype(x.dtype), data_format)


def ref_avg_pool(x, pool_size, strides=None, padding="valid", data_format=None):
    view, nsp = _pool_windows(x, pool_size, strides, padding, data_format)
    axes = tuple(range(-nsp, 0))
    y = np.nanmean(view, axis=axes) if view.size else np.zeros(view.shape[:-nsp])
    return _restore(y.astype(x.dtype), data_format)


def _first_argmax_positions(x, pool_size, strides, padding):
    """For each output element (channels-last), the input index of its first maximum."""
    nsp = x.ndim - 2
    window = _tuple(pool_size, nsp)
    strides = window if strides is None else _tuple(strides, nsp)
    pads = _same_pads(x.shape[1:-1], window, strides) if padding == "same" else [(0, 0)] * nsp
    xp = np.pad(x.astype(np.float64), [(0, 0), *pads, (0, 0)], constant_values=-np.inf)
    out_sp = [(m - k) // s + 1 for m, k, s in zip(xp.shape[1:-1], window, strides)]
    positions = {}
    for n, *o, c in np.ndindex(x.shape[0], *out_sp, x.shape[-1]):
        start = [i * s for i, s in zip(o, strides)]
        block = xp[(n, *(slice(a, a + k) for a, k in zip(start, window)), c)]
        offset = np.unravel_index(np.argmax(block), window)
        src = tuple(a + b - lo for a, b, (lo, _) in zip(start, offset, pads))
        positions[(n, *o, c)] = (n, *src, c)
    return positions


def ref_max_pool_vjp(x, g, pool_size, strides=None, padding="valid"):
    dx = np.zeros(x.shape)
    for out, src in _first_argmax_positions(x, pool_size, strides, padding).items():
        dx[src] += g[out]
    return dx.astype(x.dtype)


def ref_max_pool_vjp_transpose(x, g, v, pool_size, strides=None, padding="valid"):
    out = np.zeros(g.shape)
    for dst, src in _first_argmax_positions(x, pool_size, strides, padding).items():
        out[dst] = v[src]
    return out.astype(x.dtype)


def _linear_vjp(f, args, i, g):
    """<f(args with args[i] = e_j), g> for every basis vector e_j: J^T g of a map linear
    in args[i]."""
    flat = np.zeros(args[i].size)
    for j in range(args[i].size):
        basis = np.zeros(args[i].size)
        basis[j] = 1.0
        trial = list(args)
        trial[i] = basis.reshape(args[i].shape)
        flat[j] = np.sum(np.asarray(f(*trial), np.float64) * g)
    return flat.reshape(args[i].shape)


def ref_conv_vjp(x, w, g, **kwargs):
    f = lambda a, b: ref_conv(a, b, **kwargs)  # noqa: E731
    x64, w64 = x.astype(np.float64), w.astype(np.float64)
    dx = _linear_vjp(f, [x64, w64], 0, g)
    dw = _linear_vjp(f, [x64, w64], 1, g)
    return dx.astype(x.dtype), dw.astype(x.dtype)


def ref_avg_pool_vjp(x, g, pool_size, strides=None, padding="valid"):
    f = lambda a: ref_avg_pool(a, pool_size, strides, padding)  # noqa: E731
    return _linear_vjp(f, [x.astype(np.float64)], 0, g).astype(x.dtype)


# -- ops that take gradients inside ----------------------------------------------------------
def conv_vjp(x, w, g, **kwargs):
    """(d/dx, d/dw) of <conv(x, w), g>: binds conv_input_grad and conv_kernel_grad."""
    with gf.GradientTape() as tape:
        tape.watch([x, w])
        y = conv(x, w, **kwargs)
    return tuple(tape.gradient(y, [x, w], output_gradients=g))


def max_pool_vjp(x, g, pool_size, strides=None, padding="valid"):
    """d/dx of <max_pool(x), g>: binds max_pool_grad."""
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = max_pool(x, pool_size, strides, padding)
    return tape.gradient(y, x, output_gradients=g)


def max_pool_vjp_transpose(x, g, v, pool_size, strides=None, padding="valid"):
    """d/dg of <max_pool_vjp(x, g), v>: binds max_pool_select."""
    with gf.GradientTape() as tape:
        tape.watch(g)
        total = gf.numpy.sum(max_pool_vjp(x, g, pool_size, strides, padding) * v)
    return tape.gradient(total, g)


def avg_pool_vjp(x, g, pool_size, strides=None, padding="valid"):
    """d/dx of <avg_pool(x), g>: binds avg_pool_grad."""
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = avg_pool(x, pool_size, strides, padding)
    return tape.gradient(y, x, output_gradients=g)


# -- samples ---------------------------------------------------------------------------------
_CONV_CASES = [
    ((2, 5, 5, 3), (3, 3, 3, 4), {}),
    ((1, 6, 5, 2), (2, 2, 2, 3), dict(strides=2, padding="same")),  # even kernel
    ((1, 7, 7, 2), (3, 3, 2, 2), dict(padding="same", dilation_rate=2)),
    ((1, 5, 5, 4), (3, 3, 2, 6), dict(strides=(1, 2), padding="same")),  # 2 groups
    ((1, 3, 5, 4), (2, 3, 3, 2), dict(padding="same", data_format="channels_first")),
    ((2, 8, 3), (3, 3, 2), dict(strides=2, padding="same")),
    ((1, 9, 2), (2, 2, 2), dict(strides=2, dilation_rate=3)),
    ((1, 4, 4, 3, 2), (2, 2, 2, 2, 3), dict(padding="same")),
    ((0, 5, 5, 2), (3, 3, 2, 3), dict(padding="same")),
]

_TRANSPOSE_CASES = [
    ((2, 4, 4, 3), (3, 3, 2, 3), {}),
    ((1, 3, 4, 2), (3, 3, 3, 2), dict(strides=2, padding="same")),
    ((1, 3, 3, 2), (3, 3, 2, 2), dict(strides=2, output_padding=1)),
    ((1, 3, 3, 1), (4, 4, 2, 1), dict(strides=2, padding="same")),  # even kernel
    ((2, 5, 3), (3, 2, 3), dict(padding="same", dilation_rate=2)),
    ((1, 3, 2), (3, 1, 2), dict(strides=2, padding="same", output_padding=1)),
    ((1, 2, 3, 2, 2), (2, 2, 2, 3, 2), dict(strides=(1, 2, 1))),
    ((1, 2, 3, 3), (3, 3, 2, 2), dict(strides=2, padding="same", data_format="channels_first")),
    ((0, 3, 3, 2), (3, 3, 2, 2), dict(strides=2, padding="same")),
]

_DEPTHWISE_CASES = [
    ((2, 5, 5, 3), (3, 3, 3, 2), dict(padding="same")),
    ((1, 6, 6, 2), (3, 3, 2, 1), dict(strides=2)),
    ((1, 9, 2), (3, 2, 2), dict(padding="same", dilation_rate=2)),
    ((1, 2, 5, 5), (2, 2, 2, 2), dict(padding="same", data_format="channels_first")),
]

_SEPARABLE_CASES = [
    ((1, 5, 5, 2), (3, 3, 2, 2), (1, 1, 4, 3), dict(padding="same")),
    ((2, 7, 2), (3, 2, 1), (1, 2, 3), dict(strides=2)),
    ((1, 2, 5, 5), (2, 2, 2, 2), (1, 1, 4, 2), dict(data_format="channels_first")),
]

_POOL_CASES = [
    ((2, 5, 5, 3), dict(pool_size=2)),
    ((1, 6, 7, 2), dict(pool_size=3, strides=2, padding="same")),
    ((1, 5, 4, 2), dict(pool_size=(2, 3), strides=1, padding="same")),
    ((2, 7, 3), dict(pool_size=3, strides=2, padding="same")),
    ((1, 4, 4, 4, 2), dict(pool_size=2, padding="same")),
    ((1, 2, 5, 5), dict(pool_size=2, strides=1, data_format="channels_first")),
    ((0, 4, 4, 2), dict(pool_size=2)),
]

_VJP_CONV_CASES = [
    ((1, 4, 4, 2), (3, 3, 2, 3), dict(padding="same")),  # stride 1: the flipped-kernel path
    ((1, 5, 5, 4), (2, 2, 2, 4), dict(strides=2, padding="same")),  # groups, col2im path
    ((2, 7, 2), (3, 2, 2), dict(dilation_rate=2)),
]

_VJP_POOL_CASES = [
    ((1, 4, 5, 2), dict(pool_size=2, strides=1, padding="same")),
    ((2, 7, 2), dict(pool_size=3, strides=2, padding="same")),
    ((1, 4, 4, 1), dict(pool_size=2)),
]


def _kernel_samples(cases):
    def samples(rng, dtype):
        return [
            Sample(tuple(make(rng, s, dtype) for s in shapes), dict(kwargs))
            for *shapes, kwargs in cases
        ]

    return samples


def _pool_samples(rng, dtype):
    return [Sample((make(rng, shape, dtype, -5, 5),), dict(kw)) for shape, kw in _POOL_CASES]


def _conv_vjp_samples(rng, dtype):
    out = []
    for x_shape, w_shape, kwargs in _VJP_CONV_CASES:
        x, w = make(rng, x_shape, dtype), make(rng, w_shape, dtype)
        g = make(rng, ref_conv(x, w, **kwargs).shape, dtype)
        out.append(Sample((x, w, g), dict(kwargs)))
    return out


def _pool_vjp_samples(extra: bool):
    def samples(rng, dtype):
        out = []
        for shape, kwargs in _VJP_POOL_CASES:
            x = make(rng, shape, dtype, -5, 5)
            g = make(rng, ref_max_pool(x, **kwargs).shape, dtype)
            arrays = (x, g, make(rng, shape, dtype)) if extra else (x, g)
            out.append(Sample(arrays, dict(kwargs)))
        return out

    return samples


OPS = [
    OpInfo("nn.conv", conv, ref_conv, _kernel_samples(_CONV_CASES), second_order=True, **_TOL32),
    OpInfo(
        "nn.conv_transpose",
        conv_transpose,
        ref_conv_transpose,
        _kernel_samples(_TRANSPOSE_CASES),
        **_TOL32,
    ),
    OpInfo(
        "nn.depthwise_conv",
        depthwise_conv,
        ref_depthwise_conv,
        _kernel_samples(_DEPTHWISE_CASES),
        **_TOL32,
    ),
    OpInfo(
        "nn.separable_conv",
        separable_conv,
        ref_separable_conv,
        _kernel_samples(_SEPARABLE_CASES),
        **_TOL32,
    ),
    OpInfo("nn.conv_vjp", conv_vjp, ref_conv_vjp, _conv_vjp_samples, **_TOL32),
    OpInfo(
        "nn.max_pool",
        max_pool,
        ref_max_pool,
        _pool_samples,
        dtypes=FLOATS + (np.dtype("int32"),),
    ),
    OpInfo("nn.avg_pool", avg_pool, ref_avg_pool, _pool_samples, second_order=True),
    OpInfo("nn.max_pool_vjp", max_pool_vjp, ref_max_pool_vjp, _pool_vjp_samples(False)),
    OpInfo(
        "nn.max_pool_vjp_transpose",
        max_pool_vjp_transpose,
        ref_max_pool_vjp_transpose,
        _pool_vjp_samples(True),
    ),
    OpInfo("nn.avg_pool_vjp", avg_pool_vjp, ref_avg_pool_vjp, _pool_vjp_samples(False)),
]
