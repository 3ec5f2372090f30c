"""Convolution primitives: conv, and the two primitives its gradient needs.

All three work channels-last, on 1, 2 or 3 spatial dimensions, with explicit
per-dimension (low, high) padding (negative values crop), strides, kernel dilation and
feature groups; the public functions in gradflow/nn/convolution.py turn Keras arguments into
these attributes.

    conv(x, w)                       y = x (*) w          x: (N, *S, C), w: (*K, C/G, F)
    conv_input_grad(g, w)            dy/dx applied to g   (a transposed convolution)
    conv_kernel_grad(x, g)           dy/dw applied to g

The three are bilinear and each one's gradient is written in the others, so any order
of derivative stays within them.

The NumPy kernels build an im2col matrix from a strided view of the padded input
(np.lib.stride_tricks.as_strided; no Python loop over pixels) and do one BLAS matmul
(one batched matmul with groups); without groups, a block of images at a time, so the
columns are still in cache when the matmul reads them. The input gradient does one
matmul per kernel tap and adds each product at the tap's strided place; with groups it
is, at stride 1, a convolution of g with the flipped kernel, else a col2im scatter.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from gradflow.core.primitive import primitive
from gradflow.core.spec import TensorSpec, format_spec, spec_of
from gradflow.errors import ArgumentError, DTypeError, ShapeError
from gradflow.graph.interpret import blas_threads_for
from gradflow.ops._rules import require_kind

_SPATIAL_LETTERS = "DHW"


# -- geometry, shared with pooling ---------------------------------------------------------
def output_length(
    length: int | None, kernel: int, stride: int, dilation: int, pad: tuple
) -> int | None:
    """The length of a window op's output along one dimension (None if unknown)."""
    if length is None or kernel is None:
        return None
    effective = (kernel - 1) * dilation + 1
    span = length + pad[0] + pad[1] - effective
    if span < 0:
        raise ShapeError(
            f"the padded input length {length + pad[0] + pad[1]} (length {length}, padding "
            f"{tuple(pad)}) is smaller than the window's extent {effective}; use a smaller "
            "kernel or padding='same'"
        )
    return span // stride + 1


def check_window_attrs(nsp: int, **attrs) -> None:
    """Each attribute is a tuple with one entry per spatial dimension, of valid values."""
    for name, value in attrs.items():
        if not isinstance(value, tuple) or len(value) != nsp:
            raise ArgumentError(f"{name} must be a tuple of {nsp} entries, got {value!r}")
        if name == "padding":
            if any(not (isinstance(p, tuple) and len(p) == 2) for p in value):
                raise ArgumentError(f"padding must hold (low, high) pairs, got {value!r}")
        elif any(int(v) < 1 for v in value):
            raise ArgumentError(f"{name} must be positive, got {value!r}")


def pad_spatial(x: np.ndarray, padding: tuple, fill=0) -> np.ndarray:
    """`x` (N, *S, C) padded with `fill` by (low, high) per spatial dim; negative crops."""
    if all(lo == 0 and hi == 0 for lo, hi in padding):
        return x
    crop = (slice(None),) + tuple(
        slice(max(-lo, 0), x.shape[1 + i] - max(-hi, 0)) for i, (lo, hi) in enumerate(padding)
    )
    x = x[crop]
    widths = ((0, 0),) + tuple((max(lo, 0), max(hi, 0)) for lo, hi in padding) + ((0, 0),)
    if any(lo or hi for lo, hi in widths):
        x = np.pad(x, widths, constant_values=fill)
    return x


def unpad_spatial(dxp: np.ndarray, padding: tuple, spatial: tuple) -> np.ndarray:
    """The adjoint of `pad_spatial`: the (N, *spatial, C) gradient of the unpadded input."""
    if all(lo == 0 and hi == 0 for lo, hi in padding):
        return dxp
    inner = (slice(None),) + tuple(
        slice(max(lo, 0), dxp.shape[1 + i] - max(hi, 0)) for i, (lo, hi) in enumerate(padding)
    )
    dxp = dxp[inner]
    if any(lo < 0 or hi < 0 for lo, hi in padding):
        widths = ((0, 0),) + tuple((max(-lo, 0), max(-hi, 0)) for lo, hi in padding) + ((0, 0),)
        dxp = np.pad(dxp, widths)
    return np.ascontiguousarray(dxp)


def windows(
    xp: np.ndarray, out_spatial: tuple, kernel: tuple, strides: tuple, dilation: tuple
) -> np.ndarray:
    """A read-only strided view (N, *out_spatial, *kernel, C) of the padded input `xp`."""
    st = xp.strides
    nsp = len(kernel)
    shape = (xp.shape[0], *out_spatial, *kernel, xp.shape[-1])
    view_strides = (
        st[0],
        *(st[1 + i] * strides[i] for i in range(nsp)),
        *(st[1 + i] * dilation[i] for i in range(nsp)),
        st[-1],
    )
    return as_strided(xp, shape, view_strides, writeable=False)


def tap_slices(tap: tuple, out_spatial: tuple, strides: tuple, dilation: tuple) -> tuple:
    """The index of the padded-input elements that kernel tap `tap` meets, (N, *O, C)."""
    return (
        (slice(None),)
        + tuple(
            slice(t * d, t * d + s * (o - 1) + 1, s)
            for t, o, s, d in zip(tap, out_spatial, strides, dilation)
        )
        + (slice(None),)
    )


def transpose_padding(
    input_spatial: tuple, dilated_out: tuple, kernel: tuple, dilation: tuple, padding: tuple
) -> tuple:
    """The padding that makes a stride-1 convolution of the (stride-dilated) output
    gradient with the flipped kernel give the input gradient of a convolution."""
    pads = []
    for length, out, k, d, (lo, _) in zip(input_spatial, dilated_out, kernel, dilation, padding):
        effective = (k - 1) * d + 1
        low = effective - 1 - lo
        pads.append((low, length - out - low + effective - 1))
    return tuple(pads)


def dimension_numbers(nsp: int) -> tuple:
    """jax.lax conv dimension numbers for channels-last data and (*K, I, O) kernels."""
    spatial = _SPATIAL_LETTERS[-nsp:]
    return (f"N{spatial}C", f"{spatial}IO", f"N{spatial}C")


# -- rules ---------------------------------------------------------------------------------
def _check_operands(x: TensorSpec, other: TensorSpec, groups: int, attrs: dict) -> int:
    require_kind(x, "real floating")
    if other.dtype != x.dtype:
        raise DTypeError(
            f"operands must have one dtype (the public function promotes them), got "
            f"{format_spec(x)} and {format_spec(other)}"
        )
    nsp = x.ndim - 2
    if not 1 <= nsp <= 3 or other.ndim != x.ndim:
        raise ShapeError(
            f"operands must both have rank 3, 4 or 5 (batch, 1 to 3 spatial dims, channels), "
            f"got ranks {x.ndim} and {other.ndim}"
        )
    check_window_attrs(nsp, **attrs)
    if not isinstance(groups, int) or groups < 1:
        raise ArgumentError(f"groups must be a positive int, got {groups!r}")
    return nsp


def _check_channels(channels, kernel: TensorSpec, groups: int) -> None:
    cin, cout = kernel.shape[-2], kernel.shape[-1]
    if channels is not None and cin is not None and channels != cin * groups:
        raise ShapeError(
            f"the input has {channels} channels but the kernel expects "
            f"{cin} x {groups} groups = {cin * groups}"
        )
    if cout is not None and cout % groups:
        raise ShapeError(f"the kernel's {cout} output channels do not split into {groups} groups")


def _out_spatial(in_spatial, kernel, strides, padding, dilation) -> tuple:
    return tuple(
        output_length(n, k, s, d, p)
        for n, k, s, d, p in zip(in_spatial, kernel, strides, dilation, padding)
    )


def _conv_infer(
    x: TensorSpec, w: TensorSpec, *, strides: tuple, padding: tuple, dilation: tuple, groups: int
) -> TensorSpec:
    nsp = _check_operands(x, w, groups, dict(strides=strides, padding=padding, dilation=dilation))
    _check_channels(x.shape[-1], w, groups)
    out = _out_spatial(x.shape[1:-1], w.shape[:nsp], strides, padding, dilation)
    return spec_of((x.shape[0], *out, w.shape[-1]), x.dtype)


def _check_out(g: TensorSpec, expected: tuple, channels) -> None:
    got = g.shape[1:-1]
    if any(a is not None and b is not None and a != b for a, b in zip(got, expected)):
        raise ShapeError(
            f"the output gradient's spatial shape {got} is not the convolution's output "
            f"shape {expected}"
        )
    if channels is not None and g.shape[-1] is not None and g.shape[-1] != channels:
        raise ShapeError(
            f"the output gradient has {g.shape[-1]} channels, the kernel makes {channels}"
        )


def _conv_input_grad_infer(
    g: TensorSpec,
    w: TensorSpec,
    *,
    input_spatial: tuple,
    strides: tuple,
    padding: tuple,
    dilation: tuple,
    groups: int,
) -> TensorSpec:
    nsp = _check_operands(
        g,
        w,
        groups,
        dict(input_spatial=input_spatial, strides=strides, padding=padding, dilation=dilation),
    )
    _check_channels(None, w, groups)
    expected = _out_spatial(input_spatial, w.shape[:nsp], strides, padding, dilation)
    _check_out(g, expected, w.shape[-1])
    cin = None if w.shape[-2] is None else w.shape[-2] * groups
    return spec_of((g.shape[0], *input_spatial, cin), g.dtype)


def _conv_kernel_grad_infer(
    x: TensorSpec,
    g: TensorSpec,
    *,
    kernel_spatial: tuple,
    strides: tuple,
    padding: tuple,
    dilation: tuple,
    groups: int,
) -> TensorSpec:
    attrs = dict(kernel_spatial=kernel_spatial, strides=strides, padding=padding)
    _check_operands(x, g, groups, dict(attrs, dilation=dilation))
    channels, cout = x.shape[-1], g.shape[-1]
    for what, n in (("input", channels), ("output gradient", cout)):
        if n is not None and n % groups:
            raise ShapeError(f"the {what}'s {n} channels do not split into {groups} groups")
    expected = _out_spatial(x.shape[1:-1], kernel_spatial, strides, padding, dilation)
    _check_out(g, expected, None)
    cin = None if channels is None else channels // groups
    return spec_of((*kernel_spatial, cin, cout), x.dtype)


# -- gradients -------------------------------------------------------------------------------
def _conv_grad(g, x, w, *, out, strides, padding, dilation, groups):
    """d/dx = conv_input_grad(g, w); d/dw = conv_kernel_grad(x, g)."""
    nsp = x.ndim - 2
    attrs = dict(strides=strides, padding=padding, dilation=dilation, groups=groups)
    dx = conv_input_grad(g, w, input_spatial=tuple(x.shape[1:-1]), **attrs)
    dw = conv_kernel_grad(x, g, kernel_spatial=tuple(w.shape[:nsp]), **attrs)
    return dx, dw


def _conv_input_grad_grad(h, g, w, *, out, input_spatial, strides, padding, dilation, groups):
    """<h, conv_input_grad(g, w)> = <conv(h, w), g>: d/dg = conv(h, w), d/dw = kernel grad."""
    nsp = g.ndim - 2
    attrs = dict(strides=strides, padding=padding, dilation=dilation, groups=groups)
    dg = conv(h, w, **attrs)
    dw = conv_kernel_grad(h, g, kernel_spatial=tuple(w.shape[:nsp]), **attrs)
    return dg, dw


def _conv_kernel_grad_grad(v, x, g, *, out, kernel_spatial, strides, padding, dilation, groups):
    """<v, conv_kernel_grad(x, g)> = <conv(x, v), g>: d/dx = input grad, d/dg = conv(x, v)."""
    attrs = dict(strides=strides, padding=padding, dilation=dilation, groups=groups)
    dx = conv_input_grad(g, v, input_spatial=tuple(x.shape[1:-1]), **attrs)
    dg = conv(x, v, **attrs)
    return dx, dg


# -- NumPy kernels ---------------------------------------------------------------------------
def _columns(xp: np.ndarray, out_sp: tuple, kernel: tuple, strides: tuple, dilation: tuple):
    """The im2col matrix (N*prod(O), prod(K)*C) of the padded input, tap-major."""
    n, c, taps = xp.shape[0], xp.shape[-1], math.prod(kernel)
    if c != 1:
        win = windows(xp, out_sp, kernel, strides, dilation)
        return win.reshape(n * math.prod(out_sp), taps * c)
    # one channel: copying the window view moves one element per inner step; a strided
    # copy per tap moves whole rows (measured 3x faster on 28x28x1 inputs)
    cols = np.empty((n, *out_sp, taps), xp.dtype)
    for t, tap in enumerate(np.ndindex(*kernel)):
        cols[..., t] = xp[tap_slices(tap, out_sp, strides, dilation)][..., 0]
    return cols.reshape(n * math.prod(out_sp), taps)


# The kernels work on a block of images at a time, about this many bytes of im2col
# columns (or input gradient): a block is still in cache when the next matmul or add
# reads it. Measured against whole-batch kernels, on the MNIST convnet's second
# convolution 1.2x faster forward (its input gradient already fits), on 28x28x32 'same'
# 1.7x forward and 1.3x for the input gradient.
_BLOCK_BYTES = 2**22


def _image_blocks(n: int, per_image_bytes: int, rows_per_image: int) -> tuple[list, int]:
    """Slices of a batch of n whose blocks hold about _BLOCK_BYTES each, and the rows
    (images x rows_per_image) of the largest one."""
    step = max(1, _BLOCK_BYTES // max(per_image_bytes, 1))
    return [slice(s, s + step) for s in range(0, n, step)], min(step, n) * rows_per_image


def _column_blocks(xp: np.ndarray, out_sp: tuple, kernel: tuple) -> tuple[list, int]:
    rows = math.prod(out_sp)
    per_image = rows * math.prod(kernel) * xp.shape[-1] * xp.itemsize
    return _image_blocks(xp.shape[0], per_image, rows)


def _grouped_columns(win: np.ndarray, groups: int) -> np.ndarray:
    """The im2col matrix per group, (G, N*prod(O), prod(K)*C/G), from a window view."""
    nsp = (win.ndim - 2) // 2
    cg = win.shape[-1] // groups
    win = win.reshape(win.shape[:-1] + (groups, cg))
    order = (win.ndim - 2, *range(win.ndim - 2), win.ndim - 1)
    rows = math.prod(win.shape[: 1 + nsp])
    width = math.prod(win.shape[1 + nsp : 1 + 2 * nsp]) * cg
    return np.ascontiguousarray(win.transpose(order)).reshape(groups, rows, width)


def _conv_numpy(x, w, *, strides, padding, dilation, groups):
    nsp = x.ndim - 2
    kernel = w.shape[:nsp]
    xp = pad_spatial(x, padding)
    out_sp = _out_spatial(xp.shape[1:-1], kernel, strides, ((0, 0),) * nsp, dilation)
    if groups == 1:
        return _blocked_conv(xp, w, out_sp, strides, dilation)
    n, f = x.shape[0], w.shape[-1]
    rows, width, fg = n * math.prod(out_sp), math.prod(kernel) * w.shape[-2], f // groups
    win = windows(xp, out_sp, kernel, strides, dilation)
    wg = w.reshape(math.prod(kernel), w.shape[-2], groups, fg).transpose(2, 0, 1, 3)
    cols = _grouped_columns(win, groups)
    with blas_threads_for(rows * width * fg):
        out = np.matmul(cols, wg.reshape(groups, width, fg))
    return out.transpose(1, 0, 2).reshape(n, *out_sp, f)


def _blocked_conv(xp, w, out_sp, strides, dilation):
    """One im2col and matmul per block of images, each written into its part of y."""
    kernel, f = w.shape[:-2], w.shape[-1]
    w2 = w.reshape(-1, f)
    out = np.empty((xp.shape[0], *out_sp, f), xp.dtype)
    blocks, block_rows = _column_blocks(xp, out_sp, kernel)
    with blas_threads_for(block_rows * w2.size):
        for block in blocks:
            cols = _columns(xp[block], out_sp, kernel, strides, dilation)
            np.matmul(cols, w2, out=out[block].reshape(cols.shape[0], f))
    return out


def _flipped_transposed(w: np.ndarray, groups: int) -> np.ndarray:
    """The kernel of the input gradient: spatially flipped, input/output channels swapped
    within each group: (*K, C/G, F) -> (*K, F/G, C)."""
    nsp = w.ndim - 2
    flipped = w[(slice(None, None, -1),) * nsp]
    kernel, cg, f = w.shape[:nsp], w.shape[-2], w.shape[-1]
    fg = f // groups
    swapped = flipped.reshape(*kernel, cg, groups, fg)
    axes = tuple(range(nsp))
    return swapped.transpose(*axes, nsp + 2, nsp + 1, nsp).reshape(*kernel, fg, groups * cg)


def _conv_input_grad_numpy(g, w, *, input_spatial, strides, padding, dilation, groups):
    nsp = g.ndim - 2
    n, cin = g.shape[0], w.shape[-2] * groups
    if g.size == 0 or w.size == 0:
        return np.zeros((n, *input_spatial, cin), g.dtype)
    if groups == 1:
        return _tapwise_input_grad(g, w, input_spatial, strides, padding, dilation)
    # grouped: per-tap batched matmuls measured 1.4x slower than these two forms
    if all(s == 1 for s in strides):
        pads = transpose_padding(input_spatial, g.shape[1:-1], w.shape[:nsp], dilation, padding)
        wt = _flipped_transposed(w, groups)
        return _conv_numpy(g, wt, strides=strides, padding=pads, dilation=dilation, groups=groups)
    return _col2im_input_grad(g, w, input_spatial, strides, padding, dilation, groups)


def _tapwise_input_grad(g, w, input_spatial, strides, padding, dilation):
    """col2im one kernel tap at a time: g @ w[tap]^T added at the tap's strided place in
    the padded input, for a block of images at a time. Each product stays in cache while
    it is added: on the MNIST convnet's shapes this measured 2-3x faster than one big
    matmul followed by the adds, or (at stride 1) than a convolution of g with the
    flipped kernel, which also multiplies the zero padding."""
    nsp = g.ndim - 2
    n, out_sp, f = g.shape[0], g.shape[1:-1], g.shape[-1]
    kernel, c = w.shape[:nsp], w.shape[-2]
    padded = tuple(length + lo + hi for length, (lo, hi) in zip(input_spatial, padding))
    dxp = np.zeros((n, *padded, c), g.dtype)
    rows = math.prod(out_sp)
    per_image = (math.prod(padded) * c + rows * f) * g.itemsize
    blocks, block_rows = _image_blocks(n, per_image, rows)
    with blas_threads_for(block_rows * f * c):
        for block in blocks:
            g_rows, dxp_block = g[block].reshape(-1, f), dxp[block]
            for tap in np.ndindex(*kernel):
                part = (g_rows @ w[tap].T).reshape(-1, *out_sp, c)
                dxp_block[tap_slices(tap, out_sp, strides, dilation)] += part
    return unpad_spatial(dxp, padding, input_spatial)


def _col2im_input_grad(g, w, input_spatial, strides, padding, dilation, groups):
    """Columns = g @ w^T, each kernel tap's column block added back at its strided place."""
    nsp = g.ndim - 2
    n, out_sp, f = g.shape[0], g.shape[1:-1], g.shape[-1]
    kernel, cg = w.shape[:nsp], w.shape[-2]
    rows, fg, taps = n * math.prod(out_sp), f // groups, math.prod(kernel)
    wg = w.reshape(taps, cg, groups, fg).transpose(2, 3, 0, 1).reshape(groups, fg, taps * cg)
    gg = g.reshape(rows, groups, fg).transpose(1, 0, 2)
    with blas_threads_for(rows * fg * taps * cg):
        cols = np.matmul(gg, wg).reshape(groups, n, *out_sp, *kernel, cg)
    cols = np.moveaxis(cols, 0, -2)  # (N, *O, *K, G, C/G)
    padded = tuple(length + lo + hi for length, (lo, hi) in zip(input_spatial, padding))
    dxp = np.zeros((n, *padded, groups, cg), g.dtype)
    lead = (slice(None),) * (1 + nsp)
    for tap in np.ndindex(*kernel):
        dxp[tap_slices(tap, out_sp, strides, dilation) + (slice(None),)] += cols[lead + tap]
    return unpad_spatial(dxp.reshape(n, *padded, groups * cg), padding, input_spatial)


def _conv_kernel_grad_numpy(x, g, *, kernel_spatial, strides, padding, dilation, groups):
    xp = pad_spatial(x, padding)
    out_sp, f, c = g.shape[1:-1], g.shape[-1], x.shape[-1]
    rows, cg, fg = x.shape[0] * math.prod(out_sp), c // groups, f // groups
    taps = math.prod(kernel_spatial)
    if groups == 1:  # summed over blocks of images, as the forward pass
        dw = np.zeros((taps * c, f), x.dtype)
        blocks, block_rows = _column_blocks(xp, out_sp, kernel_spatial)
        with blas_threads_for(block_rows * dw.size):
            for block in blocks:
                cols = _columns(xp[block], out_sp, kernel_spatial, strides, dilation)
                dw += cols.T @ g[block].reshape(cols.shape[0], f)
        return dw.reshape(*kernel_spatial, c, f)
    win = windows(xp, out_sp, kernel_spatial, strides, dilation)
    gg = g.reshape(rows, groups, fg).transpose(1, 0, 2)
    cols = _grouped_columns(win, groups).transpose(0, 2, 1)
    with blas_threads_for(taps * cg * rows * fg):
        dw = np.matmul(cols, gg)
    dw = dw.reshape(groups, taps, cg, fg).transpose(1, 2, 0, 3)
    return dw.reshape(*kernel_spatial, cg, f)


# -- XLA rules -------------------------------------------------------------------------------
def _conv_xla(lax, x, w, *, strides, padding, dilation, groups):
    return lax.conv_general_dilated(
        x,
        w,
        window_strides=strides,
        padding=padding,
        rhs_dilation=dilation,
        dimension_numbers=dimension_numbers(x.ndim - 2),
        feature_group_count=groups,
    )


def _conv_input_grad_xla(lax, g, w, *, input_spatial, strides, padding, dilation, groups):
    nsp = g.ndim - 2
    dilated = tuple((o - 1) * s + 1 for o, s in zip(g.shape[1:-1], strides))
    pads = transpose_padding(input_spatial, dilated, w.shape[:nsp], dilation, padding)
    kernel, cg, f = w.shape[:nsp], w.shape[-2], w.shape[-1]
    fg = f // groups
    wt = lax.reshape(lax.rev(w, tuple(range(nsp))), (*kernel, cg, groups, fg))
    wt = lax.transpose(wt, (*range(nsp), nsp + 2, nsp + 1, nsp))
    wt = lax.reshape(wt, (*kernel, fg, groups * cg))
    return lax.conv_general_dilated(
        g,
        wt,
        window_strides=(1,) * nsp,
        padding=pads,
        lhs_dilation=strides,
        rhs_dilation=dilation,
        dimension_numbers=dimension_numbers(nsp),
        feature_group_count=groups,
    )


def _conv_kernel_grad_xla(lax, x, g, *, kernel_spatial, strides, padding, dilation, groups):
    # x's channels act as the batch and its batch as the contracted features; the output
    # gradient is the kernel, dilated by the strides; the window steps by the dilation.
    nsp = x.ndim - 2
    spatial = _SPATIAL_LETTERS[-nsp:]
    pads = []
    for length, k, s, d, o, (lo, hi) in zip(
        x.shape[1:-1], kernel_spatial, strides, dilation, g.shape[1:-1], padding
    ):
        extra = length + lo + hi - ((k - 1) * d + 1) - (o - 1) * s
        pads.append((lo, hi - extra))
    return lax.conv_general_dilated(
        x,
        g,
        window_strides=dilation,
        padding=tuple(pads),
        rhs_dilation=strides,
        dimension_numbers=(f"C{spatial}N", f"I{spatial}O", f"{spatial}NC"),
        batch_group_count=groups,
    )


# -- primitives ------------------------------------------------------------------------------
conv = primitive(
    "conv",
    infer=_conv_infer,
    grad=_conv_grad,
    numpy=_conv_numpy,
    xla=_conv_xla,
)
conv_input_grad = primitive(
    "conv_input_grad",
    infer=_conv_input_grad_infer,
    grad=_conv_input_grad_grad,
    numpy=_conv_input_grad_numpy,
    xla=_conv_input_grad_xla,
)
conv_kernel_grad = primitive(
    "conv_kernel_grad",
    infer=_conv_kernel_grad_infer,
    grad=_conv_kernel_grad_grad,
    numpy=_conv_kernel_grad_numpy,
    xla=_conv_kernel_grad_xla,
)
