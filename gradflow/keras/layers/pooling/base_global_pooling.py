"""BaseGlobalPooling: the shared body of the global max and average pooling layers."""

from __future__ import annotations

from gradflow.keras import backend
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Reduce every spatial dimension (subclasses choose max or mean).

    Args:
        pool_dimensions: the number of spatial dimensions.
        data_format: 'channels_last' or 'channels_first' (None: the global default).
        keepdims: keep the spatial dimensions with length 1.
    """

    def __init__(self, pool_dimensions, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True  # no weights: built at construction, as in Keras

    def _spatial_axes(self, ndim: int) -> tuple:
        if self.data_format == "channels_last":
            return tuple(range(1, ndim - 1))
        return tuple(range(2, ndim))

    def compute_output_shape(self, input_shape):
        spatial = len(input_shape) - 2
        if self.data_format == "channels_last":
            kept = (1,) * spatial if self.keepdims else ()
            return (input_shape[0], *kept, input_shape[-1])
        kept = (1,) * spatial if self.keepdims else ()
        return (input_shape[0], input_shape[1], *kept)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "data_format": self.data_format,
            "keepdims": self.keepdims,
        }
