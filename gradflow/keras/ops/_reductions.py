"""keras.ops.numpy, reductions and statistics: sums, extremes, moments, quantiles, sorting,
searching and counting."""

from __future__ import annotations

import builtins

import numpy as np

import gradflow as gf
from gradflow.keras.ops import _dtypes
from gradflow.keras.ops._symbolic import exported, keras_op

gnp = gf.numpy
_tensor, _to_float = _dtypes.tensor, _dtypes.to_float


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _axes(axis, ndim: int) -> tuple:
    """`axis` (None, int or sequence) as a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    return tuple(sorted(int(a) % builtins.max(ndim, 1) for a in axis))


def _accumulator(x):
    """`x` in the dtype sums and products accumulate in: small ints widen, as in JAX."""
    name = x.dtype.name
    if name in ("bool", "int8", "int16"):
        return gnp.astype(x, "int32")
    if name in ("uint8", "uint16"):
        return gnp.astype(x, "uint32")
    return x


@keras_op
def sum(x, axis=None, keepdims=False):
    """The sum of `x` over `axis` (all axes when None).

    Args:
        x: a tensor.
        axis: an int, a tuple of ints, or None.
        keepdims: whether to keep reduced axes with length 1.

    Returns:
        A tensor (bools and small ints are summed as int32).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.sum([[1, 2], [3, 4]], axis=0).tolist()
    [4, 6]
    """
    return gnp.sum(_accumulator(_tensor(x)), axis=_axis(axis), keepdims=keepdims)


@keras_op
def prod(x, axis=None, keepdims=False, dtype=None):
    """The product of `x` over `axis`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.prod([2, 3, 4]).tolist()
    24
    """
    x = _tensor(x) if dtype is None else _tensor(x, dtype)
    return gnp.prod(_accumulator(x), axis=_axis(axis), keepdims=keepdims)


@keras_op
def mean(x, axis=None, keepdims=False):
    """The mean of `x` over `axis` (ints and bools give floats).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.mean([1, 2, 3, 4]).tolist()
    2.5
    """
    return gnp.mean(_to_float(x), axis=_axis(axis), keepdims=keepdims)


@keras_op
def var(x, axis=None, keepdims=False):
    """The (population) variance of `x` over `axis`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.var([1.0, 3.0]).tolist()
    1.0
    """
    return gnp.var(_to_float(x), axis=_axis(axis), keepdims=keepdims)


@keras_op
def std(x, axis=None, keepdims=False):
    """The (population) standard deviation of `x` over `axis`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.std([1.0, 3.0]).tolist()
    1.0
    """
    return gnp.std(_to_float(x), axis=_axis(axis), keepdims=keepdims)


def _extreme(fn, x, axis, keepdims, initial):
    x = _tensor(x)
    out = fn(x, axis=_axis(axis), keepdims=keepdims)
    if initial is not None:
        pick = gnp.maximum if fn is gnp.max else gnp.minimum
        out = pick(out, _tensor(initial, x.dtype))
    return out


@keras_op
def max(x, axis=None, keepdims=False, initial=None):
    """The largest element of `x` over `axis`, at least `initial` when given.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.max([[1, 5], [3, 2]], axis=1).tolist()
    [5, 3]
    """
    return _extreme(gnp.max, x, axis, keepdims, initial)


@keras_op
def min(x, axis=None, keepdims=False, initial=None):
    """The smallest element of `x` over `axis`, at most `initial` when given.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.min([[1, 5], [3, 2]], axis=1).tolist()
    [1, 2]
    """
    return _extreme(gnp.min, x, axis, keepdims, initial)


@keras_op
def amax(x, axis=None, keepdims=False):
    """The largest element of `x` over `axis` (same as `max`)."""
    return _extreme(gnp.max, x, axis, keepdims, None)


@keras_op
def amin(x, axis=None, keepdims=False):
    """The smallest element of `x` over `axis` (same as `min`)."""
    return _extreme(gnp.min, x, axis, keepdims, None)


@keras_op
def ptp(x, axis=None, keepdims=False):
    """max - min of `x` over `axis` (peak to peak)."""
    x = _tensor(x)
    return gnp.max(x, axis=_axis(axis), keepdims=keepdims) - gnp.min(
        x, axis=_axis(axis), keepdims=keepdims
    )


@keras_op
def all(x, axis=None, keepdims=False):
    """Whether every element of `x` over `axis` is true (nonzero).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.all([True, False]).tolist()
    False
    """
    return gnp.all(_tensor(x, "bool"), axis=_axis(axis), keepdims=keepdims)


@keras_op
def any(x, axis=None, keepdims=False):
    """Whether any element of `x` over `axis` is true (nonzero).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.any([True, False]).tolist()
    True
    """
    return gnp.any(_tensor(x, "bool"), axis=_axis(axis), keepdims=keepdims)


@keras_op
def count_nonzero(x, axis=None):
    """How many elements of `x` are nonzero over `axis`, as int32.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.count_nonzero([0, 1, 2]).tolist()
    2
    """
    x = _tensor(x)
    return gnp.sum(gnp.astype(gnp.not_equal(x, 0), "int32"), axis=_axis(axis))


@keras_op
def argmax(x, axis=None, keepdims=False):
    """The index of the largest element along `axis` (of the flattened `x` when None).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.argmax([1, 5, 3]).tolist()
    1
    """
    out = gnp.argmax(_tensor(x), axis=axis, keepdims=keepdims)
    return gnp.astype(out, "int32")


@keras_op
def argmin(x, axis=None, keepdims=False):
    """The index of the smallest element along `axis` (of the flattened `x` when None).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.argmin([1, 5, 3]).tolist()
    0
    """
    out = gnp.argmin(_tensor(x), axis=axis, keepdims=keepdims)
    return gnp.astype(out, "int32")


def _flat_if_none(x, axis):
    return (gnp.reshape(x, (-1,)), 0) if axis is None else (x, axis)


@keras_op
def sort(x, axis=-1):
    """`x` sorted ascending along `axis` (flattened when None)."""
    x, axis = _flat_if_none(_tensor(x), axis)
    return gnp.sort(x, axis=axis)


@keras_op
def argsort(x, axis=-1):
    """The indices that sort `x` along `axis`, as int32 (stable).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.argsort([3, 1, 2]).tolist()
    [1, 2, 0]
    """
    x, axis = _flat_if_none(_tensor(x), axis)
    return gnp.astype(gnp.argsort(x, axis=axis), "int32")


@keras_op
def argpartition(x, kth, axis=-1):
    """Indices that put the `kth` element of `x` (along `axis`) in its sorted place, smaller
    ones before and larger ones after (here: a full stable argsort, which satisfies that)."""
    x, axis = _flat_if_none(_tensor(x), axis)
    return gnp.astype(gnp.argsort(x, axis=axis), "int32")


def _cumulative(fn, x, axis, dtype, fill=None):
    x = _tensor(x) if dtype is None else _tensor(x, dtype)
    if fill is not None and _dtypes.is_float(x.dtype):
        x = gnp.where(gnp.isnan(x), gnp.full_like(x, fill), x)
    x, axis = _flat_if_none(x, axis)
    return fn(_accumulator(x) if dtype is None else x, axis=axis)


@keras_op
def cumsum(x, axis=None, dtype=None):
    """Running sums of `x` along `axis` (of the flattened `x` when None).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.cumsum([1, 2, 3]).tolist()
    [1, 3, 6]
    """
    return _cumulative(gnp.cumulative_sum, x, axis, dtype)


@keras_op
def cumprod(x, axis=None, dtype=None):
    """Running products of `x` along `axis` (of the flattened `x` when None).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.cumprod([1, 2, 3]).tolist()
    [1, 2, 6]
    """
    return _cumulative(gnp.cumulative_prod, x, axis, dtype)


@keras_op
def nancumsum(x, axis=None, dtype=None):
    """Running sums of `x`, NaNs counted as 0."""
    return _cumulative(gnp.cumulative_sum, x, axis, dtype, fill=0.0)


@keras_op
def nancumprod(x, axis=None, dtype=None):
    """Running products of `x`, NaNs counted as 1."""
    return _cumulative(gnp.cumulative_prod, x, axis, dtype, fill=1.0)


# -- NaN-ignoring reductions -------------------------------------------------------------------
def _nan_filled(x, fill):
    x = _tensor(x)
    if not _dtypes.is_float(x.dtype):
        return x, None
    nan = gnp.isnan(x)
    return gnp.where(nan, gnp.full_like(x, fill), x), nan


@keras_op
def nansum(x, axis=None, keepdims=False):
    """The sum of `x` over `axis`, NaNs counted as 0."""
    filled, _ = _nan_filled(x, 0.0)
    return sum(filled, axis=axis, keepdims=keepdims)


@keras_op
def nanprod(x, axis=None, keepdims=False):
    """The product of `x` over `axis`, NaNs counted as 1."""
    filled, _ = _nan_filled(x, 1.0)
    return prod(filled, axis=axis, keepdims=keepdims)


@keras_op
def nanmean(x, axis=None, keepdims=False):
    """The mean of the non-NaN elements of `x` over `axis`."""
    x = _to_float(x)
    filled, nan = _nan_filled(x, 0.0)
    count = gnp.sum(gnp.astype(gnp.logical_not(nan), x.dtype), axis=_axis(axis), keepdims=keepdims)
    return gnp.sum(filled, axis=_axis(axis), keepdims=keepdims) / count


@keras_op
def nanvar(x, axis=None, keepdims=False):
    """The variance of the non-NaN elements of `x` over `axis`."""
    x = _to_float(x)
    centered = x - nanmean(x, axis=axis, keepdims=True)
    return nanmean(centered * centered, axis=axis, keepdims=keepdims)


@keras_op
def nanstd(x, axis=None, keepdims=False):
    """The standard deviation of the non-NaN elements of `x` over `axis`."""
    return gnp.sqrt(nanvar(x, axis=axis, keepdims=keepdims))


@keras_op
def nanmax(x, axis=None, keepdims=False):
    """The largest non-NaN element of `x` over `axis` (NaN where all are NaN)."""
    filled, nan = _nan_filled(x, -np.inf)
    out = gnp.max(filled, axis=_axis(axis), keepdims=keepdims)
    if nan is None:
        return out
    every = gnp.all(nan, axis=_axis(axis), keepdims=keepdims)
    return gnp.where(every, gnp.full_like(out, np.nan), out)


@keras_op
def nanmin(x, axis=None, keepdims=False):
    """The smallest non-NaN element of `x` over `axis` (NaN where all are NaN)."""
    filled, nan = _nan_filled(x, np.inf)
    out = gnp.min(filled, axis=_axis(axis), keepdims=keepdims)
    if nan is None:
        return out
    every = gnp.all(nan, axis=_axis(axis), keepdims=keepdims)
    return gnp.where(every, gnp.full_like(out, np.nan), out)


@keras_op
def nanargmax(x, axis=None, keepdims=False):
    """The index of the largest non-NaN element along `axis`."""
    filled, _ = _nan_filled(x, -np.inf)
    return argmax(filled, axis=axis, keepdims=keepdims)


@keras_op
def nanargmin(x, axis=None, keepdims=False):
    """The index of the smallest non-NaN element along `axis`."""
    filled, _ = _nan_filled(x, np.inf)
    return argmin(filled, axis=axis, keepdims=keepdims)


# -- quantiles ---------------------------------------------------------------------------------
def _to_last(x, axis):
    """`x` with the `axis` axes merged into one last axis; and the keepdims shape."""
    axes = _axes(axis, x.ndim)
    rest = [a for a in range(x.ndim) if a not in axes]
    moved = gnp.permute_dims(x, tuple(rest) + axes)
    kept = tuple(1 if a in axes else x.shape[a] for a in range(x.ndim))
    merged = gnp.reshape(moved, tuple(x.shape[a] for a in rest) + (-1,))
    return merged, kept


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    x = _to_float(x)
    q = _tensor(q, x.dtype)
    if method not in ("linear", "lower", "higher", "midpoint", "nearest"):
        raise ValueError(
            "`method` must be one of 'linear', 'lower', 'higher', 'midpoint' or 'nearest'. "
            f"Received: method={method}"
        )
    flat, kept = _to_last(x, axis)
    n = flat.shape[-1]
    ordered = gnp.sort(flat, axis=-1)  # NaNs sort last
    if ignore_nan:
        count = gnp.sum(gnp.astype(gnp.logical_not(gnp.isnan(flat)), x.dtype), axis=-1)
    else:
        count = gnp.full(flat.shape[:-1], float(n), dtype=x.dtype)
    last = gnp.maximum(count - 1.0, 0.0)
    q_flat = gnp.reshape(q, (-1,))
    pos = gnp.expand_dims(last, axis=-1) * q_flat  # (..., nq)
    if method == "lower":
        pos = gnp.floor(pos)
    elif method == "higher":
        pos = gnp.ceil(pos)
    elif method == "nearest":
        pos = gnp.round(pos)
    lo, hi = gnp.floor(pos), gnp.ceil(pos)
    lo_v = gnp.take_along_axis(ordered, gnp.astype(lo, "int32"), axis=-1)
    hi_v = gnp.take_along_axis(ordered, gnp.astype(hi, "int32"), axis=-1)
    if method == "midpoint":
        out = (lo_v + hi_v) * 0.5
    else:
        out = lo_v + (hi_v - lo_v) * (pos - lo)
    if not ignore_nan:
        has_nan = gnp.any(gnp.isnan(flat), axis=-1, keepdims=True)
        out = gnp.where(has_nan, gnp.full_like(out, np.nan), out)
    if ignore_nan:
        out = gnp.where(gnp.expand_dims(count, axis=-1) == 0, gnp.full_like(out, np.nan), out)
    out = gnp.moveaxis(out, -1, 0)  # (nq, ...)
    if keepdims:
        out = gnp.reshape(out, (out.shape[0],) + kept)
    return gnp.reshape(out, out.shape[1:]) if q.ndim == 0 else out


@keras_op
def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles (q in [0, 1]) of `x` over `axis`.

    Args:
        x: a tensor.
        q: a number or a 1-d tensor of probabilities.
        axis: an int, a tuple of ints, or None (all axes).
        method: 'linear', 'lower', 'higher', 'midpoint' or 'nearest'.
        keepdims: whether to keep reduced axes with length 1.

    Returns:
        A float tensor; with a 1-d `q`, quantiles are the first axis.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.quantile([1.0, 2.0, 3.0, 4.0], 0.5).tolist()
    2.5
    """
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


@keras_op
def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles (q in [0, 100]) of `x` over `axis` (see `quantile`)."""
    return _quantile(x, _to_float(q) / 100.0, axis, method, keepdims, ignore_nan=False)


@keras_op
def median(x, axis=None, keepdims=False):
    """The median of `x` over `axis`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.median([3.0, 1.0, 2.0]).tolist()
    2.0
    """
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=False)


@keras_op
def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """`quantile` over the non-NaN elements of `x`."""
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


@keras_op
def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """`percentile` over the non-NaN elements of `x`."""
    return _quantile(x, _to_float(q) / 100.0, axis, method, keepdims, ignore_nan=True)


@keras_op
def nanmedian(x, axis=None, keepdims=False):
    """The median of the non-NaN elements of `x` over `axis`."""
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=True)


@keras_op
def average(x, axis=None, weights=None):
    """The (weighted) mean of `x` over `axis`; 1-d `weights` run along `axis`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.average([1.0, 2.0], weights=[3.0, 1.0]).tolist()
    1.25
    """
    dtypes = [_dtypes.dtype_of(x), float]
    if weights is not None:
        dtypes.append(_dtypes.dtype_of(weights))
    dtype = _dtypes.result_type(*dtypes)
    x = _tensor(x, dtype)
    if weights is None:
        return gnp.mean(x, axis=axis)
    w = _tensor(weights, dtype)
    if w.ndim == 1 and x.ndim > 1 and axis is not None:
        shape = [1] * x.ndim
        shape[int(axis) % x.ndim] = w.shape[0]
        w = gnp.reshape(w, tuple(shape))
    w = gnp.broadcast_to(w, x.shape)
    return gnp.sum(x * w, axis=axis) / gnp.sum(w, axis=axis)


# -- searching and counting --------------------------------------------------------------------
@keras_op
def searchsorted(sorted_sequence, values, side="left"):
    """Where `values` would go in the 1-d ascending `sorted_sequence`, as int32.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.searchsorted([1, 3, 5], [2, 5]).tolist()
    [1, 2]
    """
    if side not in ("left", "right"):
        raise ValueError(f"`side` must be either 'left' or 'right'. Received: side={side}")
    seq, vals = _dtypes.promote(sorted_sequence, values)
    if seq.ndim != 1:
        raise ValueError(
            "`searchsorted` only supports 1-D sorted sequences. You can use "
            "`keras.ops.vectorized_map` to extend it to N-D sequences. "
            f"Received: sorted_sequence.shape={seq.shape}"
        )
    return gnp.astype(gnp.searchsorted(seq, vals, side=side), "int32")


@keras_op
def digitize(x, bins):
    """The index of the bin each element of `x` falls in (bins ascending: bins[i-1] <= x <
    bins[i]), as int32.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.digitize([0.5, 1.5, 3.0], [1.0, 2.0]).tolist()
    [0, 1, 2]
    """
    return searchsorted(bins, x, side="right")


@keras_op
def nonzero(x):
    """The indices of the nonzero elements of `x`, one int32 tensor per axis."""
    return tuple(gnp.astype(i, "int32") for i in gnp.nonzero(_tensor(x)))


@keras_op
def isin(x1, x2, assume_unique=False, invert=False):
    """Whether each element of `x1` occurs in `x2`.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.isin([1, 2, 3], [3, 1]).tolist()
    [True, False, True]
    """
    a, b = _dtypes.promote(x1, x2)
    found = gnp.any(gnp.equal(gnp.expand_dims(a, axis=-1), gnp.reshape(b, (-1,))), axis=-1)
    return gnp.logical_not(found) if invert else found


@keras_op
def bincount(x, weights=None, minlength=0, sparse=False):
    """How often each non-negative int occurs in `x` (1-d, or 2-d: one count per row),
    optionally summing `weights` instead of ones.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.bincount([0, 1, 1, 3]).tolist()
    [1, 2, 0, 1]
    """
    if sparse:
        raise ValueError("gradflow tensors are dense. Received: sparse=True")
    x = _tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"Input must be 1D or 2D. Received: input.shape={x.shape}")
    length = builtins.max(int(minlength), int(gnp.max(x).numpy()) + 1 if x.size else 0)
    hits = gnp.equal(gnp.expand_dims(x, axis=-1), gnp.arange(length, dtype=x.dtype))
    if weights is None:
        return gnp.sum(gnp.astype(hits, "int32"), axis=-2)
    w = _tensor(weights)
    return gnp.sum(gnp.astype(hits, w.dtype) * gnp.expand_dims(w, axis=-1), axis=-2)


@keras_op
def histogram(x, bins=10, range=None):
    """Counts of `x` in `bins` equal-width bins over `range` (default: min to max of `x`).

    Returns:
        (counts as floats, the bins + 1 edges).

    Example:
    >>> from gradflow.keras import ops
    >>> counts, edges = ops.histogram([0.0, 0.5, 1.0], bins=2)
    >>> counts.tolist()
    [1.0, 2.0]
    """
    x = gnp.reshape(_to_float(x), (-1,))
    if range is None:
        lo, hi = gnp.min(x), gnp.max(x)
    else:
        lo, hi = _tensor(range[0], x.dtype), _tensor(range[1], x.dtype)
    edges = lo + (hi - lo) * gnp.arange(bins + 1, dtype=x.dtype) / float(bins)
    width = gnp.where(hi > lo, hi - lo, gnp.ones_like(hi))
    index = gnp.floor((x - lo) / width * float(bins))
    index = gnp.where(x == hi, gnp.full_like(index, bins - 1.0), index)
    inside = gnp.logical_and(x >= lo, x <= hi)
    hits = gnp.logical_and(
        gnp.equal(gnp.expand_dims(index, axis=-1), gnp.arange(bins, dtype=x.dtype)),
        gnp.expand_dims(inside, axis=-1),
    )
    return gnp.sum(gnp.astype(hits, x.dtype), axis=0), edges


@keras_op
def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    """The distinct elements of `x` (or slices along `axis`), sorted; with `size`, padded
    with `fill_value` (default: the smallest) or cut to `size` entries. Eager only: the
    output length depends on the values.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.unique([3, 1, 3, 2]).tolist()
    [1, 2, 3]
    """
    array = _tensor(x).numpy()
    values, index, inverse, counts = np.unique(
        array, return_index=True, return_inverse=True, return_counts=True, axis=axis
    )
    if size is not None:
        pad = int(size) - values.shape[0 if axis is not None else 0]
        axis_ = 0 if axis is None else axis
        if pad < 0:
            values = np.take(values, np.arange(size), axis=axis_)
            index, counts = index[:size], counts[:size]
        elif pad > 0:
            fill = values.min() if fill_value is None else fill_value
            widths = [(0, 0)] * values.ndim
            widths[axis_] = (0, pad)
            values = np.pad(values, widths, constant_values=fill)
            index = np.pad(index, (0, pad), constant_values=index.min() if len(index) else 0)
            counts = np.pad(counts, (0, pad))
    outputs = [gf.constant(values)]
    if return_index:
        outputs.append(gf.constant(index.astype("int32")))
    if return_inverse:
        shape = array.shape if axis is None else (array.shape[axis],)
        outputs.append(gf.constant(inverse.reshape(shape).astype("int32")))
    if return_counts:
        outputs.append(gf.constant(counts.astype("int32")))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


@keras_op
def trace(x, offset=0, axis1=0, axis2=1):
    """The sum along a diagonal of `x` (over axes `axis1`, `axis2`).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.trace([[1, 2], [3, 4]]).tolist()
    5
    """
    x = _tensor(x)
    if x.dtype.name not in ("int64", "uint32", "uint64"):
        x = _tensor(x, _dtypes.result_type(x.dtype.name, "int32"))
    moved = gnp.moveaxis(x, (axis1, axis2), (-2, -1))
    return gnp.linalg.trace(moved, offset=offset)


@keras_op
def corrcoef(x):
    """The Pearson correlation matrix of the rows of `x` (each row a variable).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.corrcoef([[1.0, 2.0, 3.0], [2.0, 4.0, 7.0]]).shape
    (2, 2)
    """
    x = _to_float(x)
    if x.ndim == 1:
        x = gnp.reshape(x, (1, -1))
    centered = x - gnp.mean(x, axis=-1, keepdims=True)
    cov = gnp.matmul(centered, gnp.matrix_transpose(centered))
    d = gnp.sqrt(gnp.linalg.diagonal(cov))
    out = cov / gnp.expand_dims(d, axis=-1) / gnp.expand_dims(d, axis=0)
    return gnp.clip(out, -1.0, 1.0)


@keras_op
def correlate(x1, x2, mode="valid"):
    """The cross-correlation of 1-d `x1` and `x2`: out[k] = sum_n x1[n + k] * x2[n].

    Args:
        x1: a 1-d tensor.
        x2: a 1-d tensor.
        mode: 'valid', 'same' or 'full'.

    Returns:
        A 1-d tensor.

    Example:
    >>> from gradflow.keras import ops
    >>> ops.correlate([1.0, 2.0, 3.0], [0.0, 1.0, 0.5]).tolist()
    [3.5]
    """
    a, v = _dtypes.promote(x1, x2)
    if not _dtypes.is_float(a.dtype):
        a, v = _to_float(a), _to_float(v)
    if a.shape[0] < v.shape[0]:  # numpy swaps, then reverses the result
        return gnp.flip(correlate(v, a, mode=mode))
    n, m = a.shape[0], v.shape[0]
    if mode == "valid":
        left, right = 0, 0
    elif mode == "same":
        left, right = m // 2, m - 1 - m // 2
    elif mode == "full":
        left, right = m - 1, m - 1
    else:
        raise ValueError(f"`mode` must be 'valid', 'same' or 'full'. Received: mode={mode}")
    zeros = gnp.zeros((left,), dtype=a.dtype), gnp.zeros((right,), dtype=a.dtype)
    padded = gnp.concat([zeros[0], a, zeros[1]])
    count = n + left + right - m + 1
    index = np.arange(count)[:, None] + np.arange(m)[None, :]
    windows = gnp.take(padded, gf.constant(index.reshape(-1)), axis=0)
    return gnp.matmul(gnp.reshape(windows, (count, m)), v)


@keras_op
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The integral of `y` along `axis` by the trapezoidal rule (sample points `x`, or a
    spacing `dx`).

    Example:
    >>> from gradflow.keras import ops
    >>> ops.trapezoid([1.0, 2.0, 3.0]).tolist()
    4.0
    """
    y = _to_float(y)
    y = gnp.moveaxis(y, axis, -1)
    mid = (y[..., 1:] + y[..., :-1]) * 0.5
    if x is None:
        return gnp.sum(mid, axis=-1) * dx
    x = _tensor(x, y.dtype)
    if x.ndim > 1:
        x = gnp.moveaxis(x, axis, -1)
    return gnp.sum(mid * (x[..., 1:] - x[..., :-1]), axis=-1)


@keras_op
def size(x):
    """The number of elements of `x`, as a Python int."""
    return int(np.prod(_tensor(x).shape))


@keras_op
def ndim(x):
    """The rank of `x`, as a Python int."""
    return _tensor(x).ndim


__all__ = exported(__name__)
