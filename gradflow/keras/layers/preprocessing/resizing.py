"""Resizing: images resized to (height, width), optionally cropped or padded to the
target aspect ratio first."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer

gnp = gf.numpy


def resize_images(images, height, width, interpolation="bilinear", crop=False, pad=False,
                  fill_value=0.0, data_format="channels_last"):  # fmt: skip
    """`images` (rank 3 or 4) resized to (height, width), Keras's way: through
    `keras.ops.image.resize`, cropping or padding to the target aspect ratio first."""
    from gradflow.keras.ops import image as image_ops

    return image_ops.resize(
        images, (height, width), interpolation=interpolation, crop_to_aspect_ratio=crop,
        pad_to_aspect_ratio=pad, fill_value=fill_value, data_format=data_format)


class Resizing(BaseImagePreprocessingLayer):
    """A preprocessing layer which resizes images.

    Args:
        height: the output height.
        width: the output width.
        interpolation: 'bilinear' (default) or 'nearest'.
        crop_to_aspect_ratio: crop the largest centred window with the target aspect
            ratio first (no distortion).
        pad_to_aspect_ratio: pad symmetrically to the target aspect ratio first.
        fill_mode: 'constant' (the only mode Keras's resize offers).
        fill_value: the padding value with `pad_to_aspect_ratio`.
        antialias: must be False (no antialiasing filter is offered).
        data_format: 'channels_last' or 'channels_first'.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        The same with height and width replaced.

    Example:
    >>> import numpy as np
    >>> Resizing(2, 3)(np.ones((1, 4, 6, 3), "float32")).shape
    (1, 2, 3, 3)
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height,
        width,
        interpolation="bilinear",
        crop_to_aspect_ratio=False,
        pad_to_aspect_ratio=False,
        fill_mode="constant",
        fill_value=0.0,
        antialias=False,
        data_format=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if interpolation not in ("bilinear", "nearest"):
            raise ValueError(
                "Invalid value for argument `interpolation`: gradflow supports 'bilinear' "
                f"and 'nearest'. Received: interpolation={interpolation}"
            )
        if fill_mode != "constant":
            raise ValueError(
                "Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
                f"Received: fill_mode={fill_mode}"
            )
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`."
            )
        if antialias:
            raise ValueError(
                f"gradflow's Resizing has no antialiasing filter. Received: antialias={antialias}"
            )
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.data_format = backend.standardize_data_format(data_format)
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def transform_images(self, images, transformation=None, training=True):
        resized = resize_images(
            images, self.height, self.width, self.interpolation, self.crop_to_aspect_ratio,
            self.pad_to_aspect_ratio, self.fill_value, self.data_format,
        )  # fmt: skip
        if resized.dtype == images.dtype:
            return resized
        return gnp.astype(gnp.round(resized), images.dtype)

    def compute_output_shape(self, input_shape):
        return self._with_image_size(input_shape, self.height, self.width)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
            "data_format": self.data_format,
        }
