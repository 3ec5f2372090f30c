"""The one bridge between gradflow.keras and the core: global Keras settings and
tensor conversion.

Keras 3 keeps `floatx`, `epsilon` and `image_data_format` as process-wide settings
(`keras.config`); so does gradflow.keras.
"""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow import dtypes

_FLOATX = "float32"
_EPSILON = 1e-7
_IMAGE_DATA_FORMAT = "channels_last"
_UID_COUNTS: dict[str, int] = {}


def floatx() -> str:
    """The default float type of weights and inputs, as a string ('float32').

    Example:
    >>> floatx()
    'float32'
    """
    return _FLOATX


def set_floatx(value: str) -> None:
    """Set the default float type: 'bfloat16', 'float16', 'float32' or 'float64'."""
    global _FLOATX
    accepted = ("bfloat16", "float16", "float32", "float64")
    if value not in accepted:
        raise ValueError(f"Unknown `floatx` value: {value!r}. Expected one of {accepted}")
    _FLOATX = value


def epsilon() -> float:
    """The fuzz factor Keras adds to avoid division by zero (1e-7).

    Example:
    >>> epsilon()
    1e-07
    """
    return _EPSILON


def set_epsilon(value: float) -> None:
    """Set the fuzz factor used in numeric expressions."""
    global _EPSILON
    _EPSILON = float(value)


def image_data_format() -> str:
    """'channels_last' (the default) or 'channels_first'."""
    return _IMAGE_DATA_FORMAT


def set_image_data_format(value: str) -> None:
    """Set the image layout default: 'channels_last' or 'channels_first'."""
    global _IMAGE_DATA_FORMAT
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={value!r}"
        )
    _IMAGE_DATA_FORMAT = value


def standardize_data_format(data_format: str | None) -> str:
    """`data_format`, or the global default when None, checked."""
    if data_format is None:
        return image_data_format()
    value = str(data_format).lower()
    if value not in ("channels_last", "channels_first"):
        raise ValueError(
            "The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
            f"Received: data_format={data_format!r}"
        )
    return value


def standardize_dtype(dtype) -> str:
    """A dtype (string, numpy dtype, DTypePolicy or None) as Keras's dtype string.

    Example:
    >>> standardize_dtype(None), standardize_dtype("float64")
    ('float32', 'float64')
    """
    if dtype is None:
        return floatx()
    compute = getattr(dtype, "compute_dtype", None)  # a DTypePolicy
    if isinstance(compute, str):
        return compute
    return dtypes.as_dtype(dtype).name


def is_float_dtype(dtype) -> bool:
    return dtypes.is_floating(dtypes.as_dtype(dtype))


def is_int_dtype(dtype) -> bool:
    return dtypes.is_integer(dtypes.as_dtype(dtype))


def is_tensor(x) -> bool:
    """Whether `x` is a gradflow tensor (concrete or symbolic)."""
    return isinstance(x, (gf.Tensor, gf.Variable))


def convert_to_tensor(x, dtype=None):
    """`x` as a gradflow tensor, cast to `dtype` when given."""
    if isinstance(x, gf.Variable):
        x = x.value()
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        if isinstance(x, gf.Tensor):
            return x if x.dtype == dtype else gf.numpy.astype(x, dtype)
        return gf.constant(np.asarray(x, dtype=dtype))
    if isinstance(x, gf.Tensor):
        return x
    if isinstance(x, float):
        return gf.constant(np.asarray(x, dtype=floatx()))
    array = np.asarray(x)
    if not isinstance(x, np.ndarray):  # Python numbers: Keras's int32 / floatx defaults
        if array.dtype == np.float64:
            array = array.astype(floatx())
        elif array.dtype == np.int64:
            array = array.astype("int32")
    return gf.constant(array)


def convert_to_numpy(x) -> np.ndarray:
    """`x` as a NumPy array (tensors are copied out of gradflow)."""
    if isinstance(x, (gf.Tensor, gf.Variable)):
        return np.asarray(x.numpy())
    return np.asarray(x)


def get_uid(prefix: str = "") -> int:
    """A per-prefix counter: 1, 2, 3 … (reset by `clear_session`)."""
    _UID_COUNTS[prefix] = _UID_COUNTS.get(prefix, 0) + 1
    return _UID_COUNTS[prefix]


def clear_session() -> None:
    """Reset Keras's global state: the layer-name counters."""
    _UID_COUNTS.clear()


def compute_output_spec(fn, *args, **kwargs):
    """The output structure of `fn(*args, **kwargs)` where KerasTensors stand for inputs,
    as KerasTensors — found by tracing `fn` with gradflow's shape rules, never by running
    it on data.

    Unknown (None) dimensions are traced twice, as two different sizes; an output
    dimension that differs between the traces is unknown (None), one that agrees is
    static. (The approach Keras's JAX backend takes: shape rules see only ints.)

    Example:
    >>> from gradflow.keras.engine.keras_tensor import KerasTensor
    >>> import gradflow as gf
    >>> compute_output_spec(gf.numpy.matmul, KerasTensor((None, 4)), gf.numpy.ones((4, 3)))
    <KerasTensor shape=(None, 3), dtype=float32>
    """
    from gradflow.core import tree
    from gradflow.keras.engine.keras_tensor import KerasTensor

    leaves = tree.flatten((args, kwargs))
    has_unknown = any(isinstance(x, KerasTensor) and None in x.shape for x in leaves)
    first = _trace_specs(fn, args, kwargs, 83)
    if not has_unknown:
        return first
    second = _trace_specs(fn, args, kwargs, 89)

    def merge(a, b):
        if isinstance(a, KerasTensor):
            shape = tuple(d1 if d1 == d2 else None for d1, d2 in zip(a.shape, b.shape))
            return KerasTensor(shape, a.dtype)
        return a

    flat = [merge(a, b) for a, b in zip(tree.flatten(first), tree.flatten(second))]
    return tree.unflatten_as(first, flat)


def _trace_specs(fn, args, kwargs, unknown_size: int):
    """Trace `fn` once, with every None dimension set to `unknown_size`."""
    from gradflow.core import tree
    from gradflow.core.spec import TensorSpec
    from gradflow.graph.ir import Graph
    from gradflow.graph.trace import tracing
    from gradflow.keras import masking
    from gradflow.keras.engine.keras_tensor import KerasTensor

    graph = Graph(getattr(fn, "__name__", "compute_output_spec"))
    with tracing(graph):

        def placeholder(tensor):
            shape = tuple(unknown_size if d is None else d for d in tensor.shape)
            return graph.add_input(TensorSpec(shape, tensor.dtype))

        def to_symbolic(leaf):
            if isinstance(leaf, KerasTensor):
                symbolic = placeholder(leaf)
                if isinstance(leaf._keras_mask, KerasTensor):  # masks flow into the trace
                    masking.set_keras_mask(symbolic, placeholder(leaf._keras_mask))
                return symbolic
            return leaf

        args, kwargs = tree.map_structure(to_symbolic, (args, kwargs))
        result = fn(*args, **kwargs)

    def to_keras_tensor(leaf):
        if isinstance(leaf, gf.Variable):
            leaf = leaf.value()
        if isinstance(leaf, gf.Tensor):
            return KerasTensor(leaf.shape, leaf.dtype.name)
        return leaf

    return tree.map_structure(to_keras_tensor, result)
