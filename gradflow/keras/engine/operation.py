"""Operation: anything that can be called on KerasTensors to record a Node — layers, and
keras.ops functions called with symbolic arguments (wrapped by `symbolic_call`).

A keras.ops call becomes a `FunctionOperation` shaped like Keras 3's operation classes
(`keras.src.ops.numpy.Concatenate(axis=-1)` called on `[x, y]`): the op's settings are
its constructor config, its tensor operands the node's call arguments. So a Functional
model's config names the op as Keras does ({"module": "keras.src.ops.numpy",
"class_name": "Concatenate", "config": {"name": "concatenate", "axis": -1}}) and each
format reads the other's.
"""

from __future__ import annotations

import importlib
import inspect

from gradflow.keras.engine.keras_tensor import any_symbolic_tensors
from gradflow.keras.engine.node import Node
from gradflow.keras.utils import naming

# The keras.ops submodules, in the order a function is looked for (as in keras.src.ops).
OPS_SUBMODULES = ("numpy", "math", "nn", "core", "linalg", "image")

# Keras 3's constructor arguments of each op class, by public function name (Keras
# passes these to the class, every other argument to its `call`). Ops not listed take
# only `name`. Read from keras/src/ops/*.py (3.15.1); tests/keras/models/
# test_functional_ops.py checks the table against a fixture written by Keras.
_CONSTRUCTOR_ARGS_BY_SIGNATURE = {
    ("axis", "keepdims"): (
        "all amax amin any argmax argmin logsumexp mean median nanargmax nanargmin nanmax "
        "nanmean nanmedian nanmin nanprod nanstd nansum nanvar ptp std sum var"
    ),
    ("axis",): (
        "append argsort average concatenate count_nonzero expand_dims flip glu "
        "log_softmax softmax sort sparsemax squeeze stack take take_along_axis"
    ),
    ("dtype",): "arange array cast empty_like full_like ones_like saturate_cast view zeros_like",
    ("k",): "diag diagflat in_top_k tril triu",
    ("axis", "dtype"): "cumprod cumsum nancumprod nancumsum",
    ("axis", "method", "keepdims"): "nanpercentile nanquantile percentile quantile",
    ("data_format",): "hsv_to_rgb rgb_to_grayscale rgb_to_hsv sobel_edges",
    ("num_segments", "sorted"): "segment_max segment_min segment_prod segment_sum",
    ("shape",): "broadcast_to scatter slice unravel_index",
    ("indices_or_sections",): "dsplit hsplit vsplit",
    ("strides", "padding", "data_format", "dilation_rate"): "conv depthwise_conv separable_conv",
    ("alpha",): "celu elu",
    ("axes",): "tensordot transpose",
    ("axis", "epsilon"): "batch_normalization rms_normalization",
    ("axis", "keepdims", "initial"): "max min",
    ("block_size", "data_format"): "depth_to_space space_to_depth",
    ("fft_length",): "irfft rfft",
    ("from_logits", "axis"): "categorical_crossentropy sparse_categorical_crossentropy",
    ("indices_or_sections", "axis"): "array_split split",
    ("mode",): "correlate qr",
    ("num_classes", "axis", "dtype", "sparse"): "multi_hot one_hot",
    ("offset", "axis1", "axis2"): "diagonal trace",
    ("output_size", "data_format"): "adaptive_average_pool adaptive_max_pool",
    ("pool_size", "strides", "padding", "data_format"): "average_pool max_pool",
    ("rcond",): "lstsq pinv",
    ("size", "strides", "dilation_rate", "padding", "data_format"): (
        "extract_patches extract_patches_3d"
    ),
    ("threshold",): "hard_shrink soft_shrink",
    ("upper",): "cholesky cholesky_inverse",
    ("N", "increasing"): "vander",
    ("alpha", "sigma", "interpolation", "fill_mode", "fill_value", "seed", "data_format"): (
        "elastic_transform"
    ),
    ("approximate",): "gelu",
    ("assume_unique", "invert"): "isin",
    ("axes", "keepdims", "synchronized"): "moments",
    ("axis", "epsilon", "rms_scaling"): "layer_normalization",
    ("axis", "keepdims", "dtype"): "prod",
    ("axis", "order", "epsilon"): "normalize",
    ("axis1", "axis2"): "swapaxes",
    ("axisa", "axisb", "axisc", "axis"): "cross",
    ("b",): "squareplus",
    ("bins", "range"): "histogram",
    ("cond", "body", "maximum_iterations"): "while_loop",
    ("decimals",): "round",
    ("dtype", "sparse", "ragged"): "convert_to_tensor",
    ("equal_nan",): "isclose",
    ("from_logits",): "binary_crossentropy",
    ("full_matrices", "compute_uv"): "svd",
    ("function",): "vectorized_map",
    ("has_aux",): "jvp",
    ("indexing",): "meshgrid",
    ("interpolation", "fill_mode", "fill_value", "data_format"): "affine_transform",
    ("interpolation", "fill_value", "data_format"): "perspective_transform",
    ("is_causal", "flash_attention", "attn_logits_soft_cap"): "dot_product_attention",
    ("k", "axes"): "rot90",
    ("k", "sorted"): "top_k",
    ("kernel_size", "dilation", "padding", "stride"): "unfold",
    ("kernel_size", "sigma", "data_format"): "gaussian_blur",
    ("kth", "axis"): "argpartition",
    ("length", "reverse", "unroll"): "scan",
    ("lower",): "solve_triangular",
    ("lower", "upper", "body_fun"): "fori_loop",
    ("mask_index",): "ctc_loss",
    ("max_val",): "psnr",
    ("max_val", "filter_size", "filter_sigma", "k1", "k2", "data_format"): "ssim",
    ("n", "axis"): "diff",
    ("nan", "posinf", "neginf"): "nan_to_num",
    ("negative_slope",): "leaky_relu",
    ("newshape",): "reshape",
    ("num", "axis"): "unstack",
    ("num", "endpoint", "base", "dtype", "axis"): "logspace",
    ("num", "endpoint", "dtype", "axis"): "geomspace",
    ("num", "endpoint", "retstep", "dtype", "axis"): "linspace",
    ("ord", "axis", "keepdims"): "norm",
    ("order", "fill_mode", "fill_value"): "map_coordinates",
    ("output_size", "kernel_size", "dilation", "padding", "stride"): "fold",
    ("pad_width", "mode"): "pad",
    ("reduction",): "scatter_update",
    ("repeats",): "tile",
    ("repeats", "axis"): "repeat",
    ("reverse", "axis"): "associative_scan",
    ("rtol", "atol", "equal_nan"): "allclose",
    ("sequence_length", "sequence_stride"): "extract_sequences",
    ("sequence_length", "sequence_stride", "fft_length", "length", "window", "center"): "istft",
    ("sequence_length", "sequence_stride", "fft_length", "window", "center"): "stft",
    ("shape", "dtype"): "full",
    ("shift", "axis"): "roll",
    ("side",): "searchsorted",
    (
        "size",
        "interpolation",
        "antialias",
        "data_format",
        "crop_to_aspect_ratio",
        "pad_to_aspect_ratio",
        "fill_mode",
        "fill_value",
    ): ("resize"),
    ("sorted", "return_index", "return_inverse", "return_counts", "axis", "size", "fill_value"): (
        "unique"
    ),
    ("source", "destination"): "moveaxis",
    ("spatial_dims", "method", "antialias"): "scale_and_translate",
    ("strategy", "beam_width", "top_paths", "merge_repeated", "mask_index"): "ctc_decode",
    ("strides", "padding", "output_padding", "data_format", "dilation_rate"): "conv_transpose",
    ("subscripts",): "einsum",
    ("threshold", "default_value"): "threshold",
    ("tol",): "matrix_rank",
    (
        "top_cropping",
        "left_cropping",
        "bottom_cropping",
        "right_cropping",
        "target_height",
        "target_width",
        "data_format",
    ): ("crop_images"),
    (
        "top_padding",
        "left_padding",
        "bottom_padding",
        "right_padding",
        "target_height",
        "target_width",
        "data_format",
    ): ("pad_images"),
    ("weights", "minlength", "sparse"): "bincount",
    ("x", "dx", "axis"): "trapezoid",
    ("x_min", "x_max"): "clip",
}
CONSTRUCTOR_ARGS: dict[str, tuple[str, ...]] = {
    function: arguments
    for arguments, functions in _CONSTRUCTOR_ARGS_BY_SIGNATURE.items()
    for function in functions.split()
}
# Call arguments Keras passes by keyword (all others go positionally).
CALL_KEYWORDS: dict[str, tuple[str, ...]] = {
    "arange": ("step",),
    "average": ("weights",),
    "dot_product_attention": ("bias", "mask", "scale"),
    "pad": ("constant_values",),
    "rms_normalization": ("scale",),
}
# Functions that Keras implements by calling another op, so record that op's class.
ALIASES: dict[str, str] = {
    "abs": "absolute",
    "conj": "conjugate",
    "hard_swish": "hard_silu",
    "swish": "silu",
}
# Op classes whose name is not the CamelCase of the function's.
CLASS_NAMES: dict[str, str] = {
    "allclose": "AllClose",
    "batch_normalization": "BatchNorm",
    "cdist": "CDist",
    "extract_patches_3d": "ExtractPatches",  # Keras records the 3-D form as ExtractPatches
    "ctc_decode": "CTCDecode",
    "ctc_loss": "CTCLoss",
    "fft": "FFT",
    "fft2": "FFT2",
    "hsv_to_rgb": "HSVToRGB",
    "ifft2": "IFFT2",
    "irfft": "IRFFT",
    "isin": "IsIn",
    "istft": "ISTFT",
    "jvp": "JVP",
    "layer_normalization": "LayerNorm",
    "psnr": "PSNR",
    "rfft": "RFFT",
    "rgb_to_grayscale": "RGBToGrayscale",
    "rgb_to_hsv": "RGBToHSV",
    "rms_normalization": "RMSNorm",
    "searchsorted": "SearchSorted",
    "ssim": "SSIM",
    "stft": "STFT",
    "svd": "SVD",
}


class Operation:
    """The base of layers and symbolic op calls.

    Args:
        name: the operation's name; made unique from the class name when None.
    """

    def __init__(self, name=None):
        if name is None:
            name = naming.auto_name(self.__class__.__name__)
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "Argument `name` must be a string and cannot contain character `/`. "
                f"Received: name={name} (of type {type(name)})"
            )
        self.name = name
        self._inbound_nodes: list[Node] = []
        self._outbound_nodes: list[Node] = []

    def __call__(self, *args, **kwargs):
        if any_symbolic_tensors(args, kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def symbolic_call(self, *args, **kwargs):
        outputs = self.compute_output_spec(*args, **kwargs)
        Node(self, call_args=args, call_kwargs=kwargs, outputs=outputs)
        return outputs

    def call(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} must implement call()")

    def compute_output_spec(self, *args, **kwargs):
        from gradflow.keras import backend

        return backend.compute_output_spec(self.call, *args, **kwargs)


_PARAMETER = inspect.Parameter
_POSITIONAL = (_PARAMETER.POSITIONAL_ONLY, _PARAMETER.POSITIONAL_OR_KEYWORD)
_REGISTRY: dict = {}


def class_name_of(function_name: str) -> str:
    """The Keras op class of a keras.ops function.

    Example:
    >>> class_name_of("get_item"), class_name_of("svd")
    ('GetItem', 'SVD')
    """
    return CLASS_NAMES.get(function_name) or "".join(
        part.capitalize() for part in function_name.split("_")
    )


def _public_ops() -> dict:
    """{name: (submodule, function)} and {(submodule, class name): function} over the
    public keras.ops submodules, built once on first use (importing keras.ops here at
    import time would be circular)."""
    if not _REGISTRY:
        by_name, by_class = {}, {}
        for submodule in OPS_SUBMODULES:
            module = importlib.import_module(f"gradflow.keras.ops.{submodule}")
            for name in module.__all__:
                function = getattr(module, name)
                if callable(function) and not isinstance(function, type):
                    by_name.setdefault(name, (submodule, function))
                    by_class.setdefault((submodule, class_name_of(name)), function)
        _REGISTRY.update(by_name=by_name, by_class=by_class)
    return _REGISTRY


def _identify(fn) -> tuple[str, str | None]:
    """(public function name, keras.ops submodule) of `fn`; submodule None when `fn` is
    no public op (a user's own `keras_op`)."""
    by_name = _public_ops()["by_name"]
    names = [name for name, (_, function) in by_name.items() if function is fn]
    if not names:
        return fn.__name__, None
    name = fn.__name__ if fn.__name__ in names else names[0]
    if ALIASES.get(name) in by_name:
        name = ALIASES[name]
    return name, by_name[name][0]


def function_for_class(module: str, class_name: str):
    """The keras.ops function that Keras's op class `module.class_name` stands for.

    Example:
    >>> function_for_class("keras.src.ops.numpy", "Concatenate").__name__
    'concatenate'
    """
    by_class = _public_ops()["by_class"]
    submodule = module.rsplit(".", 1)[-1]
    function = by_class.get((submodule, class_name))
    if function is None:  # a class Keras files under another submodule than gradflow
        function = next((f for (_, c), f in by_class.items() if c == class_name), None)
    if function is None:
        raise TypeError(
            f"Could not locate class '{class_name}' of module '{module}': gradflow.keras.ops "
            "has no op that Keras serializes under this class name."
        )
    return function


class FunctionOperation(Operation):
    """A keras.ops function called on symbolic tensors, as one node of the layer graph:
    the counterpart of Keras's op classes (`Concatenate(axis=-1)`, `GetItem()` …).

    Args:
        fn: the public op function (e.g. keras.ops.concatenate).
        name: the node's name; defaults to the op class's name in snake_case, made
            unique ('concatenate', 'get_item' …).
        **config: the op's constructor arguments in Keras (e.g. `axis=-1`); its calls
            pass the remaining arguments.

    Example:
    >>> from gradflow import keras
    >>> op = FunctionOperation(keras.ops.concatenate, axis=0)
    >>> op.get_config()
    {'name': 'concatenate', 'axis': 0}
    >>> op([keras.ops.ones((1,)), keras.ops.zeros((2,))]).tolist()
    [1.0, 0.0, 0.0]
    """

    def __init__(self, fn, name=None, **config):
        self.fn = fn
        self.function_name, submodule = _identify(fn)
        self.keras_class_name = class_name_of(self.function_name)
        self.keras_module = f"keras.src.ops.{submodule}" if submodule else fn.__module__
        super().__init__(name=name or naming.auto_name(self.keras_class_name))
        self._signature = inspect.signature(fn)
        unknown = [key for key in config if key not in self._signature.parameters]
        if unknown:
            raise TypeError(
                f"Op '{self.function_name}' ({self.keras_class_name}) does not take the "
                f"argument(s) {unknown}. Its arguments: {list(self._signature.parameters)}. "
                f"Received: config={config}"
            )
        self.config = config

    def call(self, *args, **kwargs):
        """`fn` on the call's arguments plus the constructor config."""
        parameters = [p for p in self._signature.parameters.values() if p.name not in self.config]
        positional = [p.name for p in parameters if p.kind in _POSITIONAL]
        varargs = next((p.name for p in parameters if p.kind is _PARAMETER.VAR_POSITIONAL), None)
        varkw = next((p.name for p in parameters if p.kind is _PARAMETER.VAR_KEYWORD), None)
        if len(args) > len(positional) and varargs is None:
            raise TypeError(
                f"Op '{self.name}' takes {len(positional)} positional call argument(s) "
                f"({positional}), but {len(args)} were given."
            )
        values = dict(zip(positional, args))
        if varargs is not None:
            values[varargs] = tuple(args[len(positional) :])
        values.update(self.config)
        extra = {}
        for key, value in kwargs.items():
            if key in values or (key not in self._signature.parameters and varkw is None):
                raise TypeError(
                    f"Op '{self.name}' got an unexpected or repeated argument {key!r}. "
                    f"Its arguments: {list(self._signature.parameters)}"
                )
            if key in self._signature.parameters:
                values[key] = value
            else:
                extra[key] = value
        if varkw is not None:
            values[varkw] = extra
        bound = self._signature.bind_partial()
        bound.arguments.update(values)
        return self.fn(*bound.args, **bound.kwargs)

    def get_config(self) -> dict:
        return {"name": self.name, **self.config}

    @classmethod
    def from_keras_config(cls, module: str, class_name: str, config: dict):
        """The operation a Keras config entry describes, e.g. ('keras.src.ops.numpy',
        'Sum', {'name': 'sum', 'axis': 1, 'keepdims': False})."""
        config = dict(config)
        name = config.pop("name", None)
        return cls(function_for_class(module, class_name), name=name, **config)


def split_call(fn, args, kwargs) -> tuple[dict, list, dict]:
    """`fn(*args, **kwargs)` as Keras splits it: (constructor config, call args, call
    kwargs). Defaults are filled in, as Keras's op configs include them.

    Example:
    >>> from gradflow.keras import ops
    >>> split_call(ops.sum, ("x",), {"axis": 1})
    ({'axis': 1, 'keepdims': False}, ['x'], {})
    """
    function_name, _ = _identify(fn)
    constructor = CONSTRUCTOR_ARGS.get(function_name, ())
    keywords = CALL_KEYWORDS.get(function_name, ())
    signature = inspect.signature(fn)
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    config, call_args, call_kwargs = {}, [], {}
    for param in signature.parameters.values():
        value = bound.arguments[param.name]
        # A KerasTensor must stay a call argument, or the node would lose its input.
        if param.name in constructor and not any_symbolic_tensors((value,)):
            config[param.name] = value
        elif param.kind is _PARAMETER.VAR_POSITIONAL:
            call_args.extend(value)
        elif param.kind is _PARAMETER.VAR_KEYWORD:
            call_kwargs.update(value)
        elif param.kind is _PARAMETER.KEYWORD_ONLY or param.name in keywords:
            call_kwargs[param.name] = value
        elif call_kwargs:  # after a keyword, positionals would land in the wrong slot
            call_kwargs[param.name] = value
        else:
            call_args.append(value)
    return config, call_args, call_kwargs


def symbolic_call(fn, args, kwargs, name=None):
    """Record `fn(*args, **kwargs)` on KerasTensors as a node; return KerasTensors.

    Every public keras.ops function starts with
    `if any_symbolic_tensors(args, kwargs): return symbolic_call(<itself>, args, kwargs)`.
    """
    config, call_args, call_kwargs = split_call(fn, args, kwargs)
    return FunctionOperation(fn, name=name, **config)(*call_args, **call_kwargs)
