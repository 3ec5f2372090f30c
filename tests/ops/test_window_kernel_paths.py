"""The NumPy kernels' fast paths for pooling and convolution agree with plain references:
max-pool gradients go to each window's first maximum on the disjoint-window path and the
overlapping one, non-finite values stay where they belong, and the per-tap input
gradient and the one-channel im2col give the convolution's adjoints."""

import numpy as np
import pytest

from gradflow.ops import conv as conv_ops
from gradflow.ops import pooling as pool_ops


def first_max_positions(x, window, strides, padding):
    """{output index: input index of the window's first maximum}, by brute force."""
    xp = np.pad(x, [(0, 0), *padding, (0, 0)], constant_values=-np.inf)
    out_sp = [(m - k) // s + 1 for m, k, s in zip(xp.shape[1:-1], window, strides)]
    positions = {}
    for n, *o, c in np.ndindex(x.shape[0], *out_sp, x.shape[-1]):
        start = [i * s for i, s in zip(o, strides)]
        block = xp[(n, *(slice(a, a + k) for a, k in zip(start, window)), c)]
        offset = np.unravel_index(np.argmax(block), window)  # argmax: the first maximum
        src = tuple(a + b - lo for a, b, (lo, _) in zip(start, offset, padding))
        positions[(n, *o, c)] = (n, *src, c)
    return positions


def tied(rng, shape):
    """Values from a few levels, so most windows hold several equal maxima."""
    return rng.integers(0, 3, shape).astype(np.float64)


POOLS = [  # (input shape, window, strides, padding)
    ((2, 8, 8, 3), (2, 2), (2, 2), ((0, 0), (0, 0))),  # disjoint, divisible
    ((2, 11, 11, 3), (2, 2), (2, 2), ((0, 0), (0, 0))),  # disjoint, last row/col unused
    ((2, 7, 3), (3,), (3,), ((1, 1),)),  # disjoint with padding, 1-d
    ((1, 5, 4, 6, 2), (2, 2, 3), (2, 2, 3), ((0, 1), (0, 0), (0, 0))),  # 3-d
    ((2, 7, 7, 3), (3, 3), (2, 2), ((1, 1), (1, 1))),  # overlapping windows, padded
    ((2, 6, 5, 2), (2, 3), (1, 2), ((0, 0), (1, 0))),  # overlapping in one dim only
]


@pytest.mark.parametrize("shape,window,strides,padding", POOLS)
def test_max_pool_grad_routes_to_the_first_maximum(shape, window, strides, padding):
    rng = np.random.default_rng(0)
    x = tied(rng, shape)
    attrs = dict(window=window, strides=strides, padding=padding)
    g = rng.standard_normal(pool_ops._max_pool_numpy(x, **attrs).shape)
    want = np.zeros_like(x)
    for out, src in first_max_positions(x, window, strides, padding).items():
        want[src] += g[out]
    # overlapping windows add in another order than the reference
    np.testing.assert_allclose(pool_ops._max_pool_grad_numpy(x, g, **attrs), want, atol=1e-12)


@pytest.mark.parametrize("shape,window,strides,padding", POOLS)
def test_max_pool_select_reads_the_first_maximum(shape, window, strides, padding):
    rng = np.random.default_rng(1)
    x, h = tied(rng, shape), rng.standard_normal(shape)
    attrs = dict(window=window, strides=strides, padding=padding)
    got = pool_ops._max_pool_select_numpy(x, h, **attrs)
    want = np.zeros(got.shape)
    for out, src in first_max_positions(x, window, strides, padding).items():
        want[out] = h[src]
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("strides", [(2, 2), (1, 1)])
def test_non_finite_values_reach_only_the_maximum(strides):
    # the kernels multiply by masks, and inf * 0 is nan: nothing of it may leak
    x = np.arange(16.0).reshape(1, 4, 4, 1)  # each window's maximum: its bottom right
    attrs = dict(window=(2, 2), strides=strides, padding=((0, 0), (0, 0)))
    g = np.full(pool_ops._max_pool_numpy(x, **attrs).shape, np.inf)
    dx = pool_ops._max_pool_grad_numpy(x, g, **attrs)
    maxima = np.zeros(x.shape, bool)
    for src in first_max_positions(x, (2, 2), strides, attrs["padding"]).values():
        maxima[src] = True
    np.testing.assert_array_equal(np.isinf(dx), maxima)
    np.testing.assert_array_equal(dx[~maxima], 0.0)
    h = np.where(maxima, x, -np.inf)
    want = x[:, 1 :: strides[0], 1 :: strides[1]]
    np.testing.assert_array_equal(pool_ops._max_pool_select_numpy(x, h, **attrs), want)


CONVS = [  # (input shape, kernel shape, strides, padding, dilation)
    ((2, 9, 8, 3), (3, 3, 3, 4), (1, 1), ((0, 0), (0, 0)), (1, 1)),
    ((2, 9, 8, 3), (3, 2, 3, 4), (2, 1), ((1, 1), (0, 2)), (1, 2)),
    ((2, 9, 8, 1), (3, 3, 1, 5), (1, 1), ((1, 1), (1, 1)), (1, 1)),  # one channel
    ((2, 9, 8, 1), (2, 3, 1, 2), (2, 3), ((0, 1), (2, 0)), (2, 1)),  # one channel, strided
    ((2, 9, 8, 2), (3, 3, 2, 3), (1, 1), ((4, -1), (-1, 3)), (1, 1)),  # crops
    ((2, 10, 3), (4, 3, 2), (3,), ((2, 1),), (1,)),  # 1-d
    ((1, 5, 4, 6, 2), (2, 3, 2, 2, 3), (1, 2, 1), ((1, 0), (0, 1), (1, 1)), (2, 1, 1)),  # 3-d
]


def attrs_of(strides, padding, dilation):
    return dict(strides=strides, padding=padding, dilation=dilation, groups=1)


def ref_conv(x, w, strides, padding, dilation):
    """y[n, o, f] = sum over taps and channels, one tap at a time (plain float64)."""
    nsp = x.ndim - 2
    xp = conv_ops.pad_spatial(x, padding)
    kernel = w.shape[:nsp]
    out_sp = [
        (m - ((k - 1) * d + 1)) // s + 1
        for m, k, s, d in zip(xp.shape[1:-1], kernel, strides, dilation)
    ]
    y = np.zeros((x.shape[0], *out_sp, w.shape[-1]))
    for tap in np.ndindex(*kernel):
        y += xp[conv_ops.tap_slices(tap, out_sp, strides, dilation)] @ w[tap]
    return y


@pytest.mark.parametrize("xs,ws,strides,padding,dilation", CONVS)
def test_conv_kernels_match_the_tap_by_tap_reference(xs, ws, strides, padding, dilation):
    rng = np.random.default_rng(2)
    x, w = rng.standard_normal(xs), rng.standard_normal(ws)
    attrs = attrs_of(strides, padding, dilation)
    y = conv_ops._conv_numpy(x, w, **attrs)
    np.testing.assert_allclose(y, ref_conv(x, w, strides, padding, dilation), atol=1e-12)


@pytest.mark.parametrize("xs,ws,strides,padding,dilation", CONVS)
def test_conv_gradients_are_the_adjoints(xs, ws, strides, padding, dilation):
    # <conv(x, w), g> = <x, input_grad(g, w)> = <w, kernel_grad(x, g)>
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal(xs), rng.standard_normal(ws)
    attrs = attrs_of(strides, padding, dilation)
    y = conv_ops._conv_numpy(x, w, **attrs)
    g = rng.standard_normal(y.shape)
    nsp = x.ndim - 2
    dx = conv_ops._conv_input_grad_numpy(g, w, input_spatial=xs[1:-1], **attrs)
    dw = conv_ops._conv_kernel_grad_numpy(x, g, kernel_spatial=ws[:nsp], **attrs)
    assert dx.shape == x.shape and dw.shape == w.shape
    np.testing.assert_allclose(np.sum(dx * x), np.sum(y * g), rtol=1e-10)
    np.testing.assert_allclose(np.sum(dw * w), np.sum(y * g), rtol=1e-10)
    # and the input gradient is the one the col2im of whole columns gives
    col2im = conv_ops._col2im_input_grad(g, w, xs[1:-1], strides, padding, dilation, 1)
    np.testing.assert_allclose(dx, col2im, atol=1e-12)


def test_one_channel_columns_equal_the_window_view():
    x = np.random.default_rng(4).standard_normal((3, 7, 6, 1))
    out_sp, kernel = (3, 4), (3, 2)
    cols = conv_ops._columns(x, out_sp, kernel, (2, 1), (1, 2))
    view = conv_ops.windows(x, out_sp, kernel, (2, 1), (1, 2))
    np.testing.assert_array_equal(cols, view.reshape(3 * 12, 6))
