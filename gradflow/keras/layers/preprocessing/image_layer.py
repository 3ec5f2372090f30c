"""The base of Keras's image preprocessing layers: a random `transformation` drawn per
call (`get_random_transformation`) and applied by `transform_images` — active only when
`training` is true for the augmentation layers (which default to `training=True` when
called directly, as in Keras)."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.layer import Layer


class BaseImagePreprocessingLayer(Layer):
    """Image layers: `call(images, training=True)` draws a transformation and applies it
    to a batch (rank 4) or a single image (rank 3).

    Args:
        factor: the augmentation strength (a number or a `(lower, upper)` pair within
            the class's `_FACTOR_BOUNDS`), for layers that use the shared `factor`.
        bounding_box_format: not supported (must be None).
        data_format: 'channels_last' or 'channels_first' (the global default when None).
    """

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, bounding_box_format=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        if bounding_box_format is not None:
            raise ValueError(
                "gradflow's image preprocessing layers do not transform bounding boxes. "
                f"Received: bounding_box_format={bounding_box_format}"
            )
        self.bounding_box_format = None
        self.data_format = backend.standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(
                f"Layer {self.__class__.__name__} does not take a `factor` argument. "
                f"Received: factor={factor}"
            )

    def _set_factor(self, factor) -> None:
        low, high = self._FACTOR_BOUNDS
        message = (
            "The `factor` argument should be a number (or a list of two numbers) in the "
            f"range [{low}, {high}]. Received: factor={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high or factor[1] < low:
                raise ValueError(message)
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if factor < low or factor > high:
                raise ValueError(message)
            factor = abs(factor)
            lower, upper = max(-factor, low), factor
        else:
            raise ValueError(message)
        self.factor = (lower, upper)

    def _image_axes(self) -> tuple[int, int]:
        """The (height, width) axes, counted from the end."""
        return (-2, -1) if self.data_format == "channels_first" else (-3, -2)

    def _with_image_size(self, shape, height, width) -> tuple:
        """`shape` with its height and width replaced (the resizing and cropping layers'
        output shape)."""
        shape = list(shape)
        h_axis, w_axis = self._image_axes()
        shape[h_axis], shape[w_axis] = height, width
        return tuple(shape)

    def get_random_transformation(self, data, training=True, seed=None):
        """The random parameters of one call (None: nothing to draw)."""
        return None

    def transform_images(self, images, transformation, training=True):
        images = gf.numpy.astype(images, self.compute_dtype)
        if training:
            images = self._transform_images(images, transformation, self.interpolation)
        return images

    def call(self, data, training=True):
        if data.ndim not in (3, 4):
            raise ValueError(
                "Expected image tensor to have rank 3 (single image) or 4 (batch of "
                f"images). Received: data.shape={tuple(data.shape)}"
            )
        transformation = self.get_random_transformation(data, training=training)
        if data.ndim == 4:
            return self.transform_images(data, transformation, training=training)
        images = gf.numpy.expand_dims(data, axis=0)
        out = self.transform_images(images, transformation, training=training)
        return gf.numpy.squeeze(out, axis=0)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}
