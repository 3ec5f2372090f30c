"""RandomRotation: images rotated by a random angle while training."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import random
from gradflow.keras.layers.preprocessing import affine
from gradflow.keras.layers.preprocessing.image_layer import BaseImagePreprocessingLayer

gnp = gf.numpy
_FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def check_fill_and_interpolation(fill_mode: str, interpolation: str) -> None:
    """Keras's checks of the resampling arguments of the affine augmentation layers."""
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"Unknown `fill_mode` {fill_mode}. Expected of one {_FILL_MODES}.")
    if interpolation not in affine.INTERPOLATIONS:
        raise ValueError(
            f"Unknown `interpolation` {interpolation}. Expected of one {affine.INTERPOLATIONS}."
        )


class RandomRotation(BaseImagePreprocessingLayer):
    """A preprocessing layer which randomly rotates images during training.

    Each image turns by an angle drawn uniformly from `factor * 360` degrees about its
    centre; pixels from outside the input are filled by `fill_mode`. Outside training
    the input is returned unchanged.

    Args:
        factor: a fraction of a full turn: a float (range `[-factor, factor]`) or a
            pair `(lower, upper)`; positive values rotate counter clock-wise.
        fill_mode: 'reflect' (default), 'wrap', 'constant' or 'nearest'.
        interpolation: 'bilinear' (default) or 'nearest'.
        seed: an int seeding the layer's random stream.
        fill_value: the value outside the image in 'constant' mode.
        data_format: 'channels_last' or 'channels_first'.

    Input shape:
        3D (unbatched) or 4D (batched) images.

    Output shape:
        Same as input.

    Example:
    >>> import numpy as np
    >>> RandomRotation(0.2, seed=0)(np.ones((2, 5, 5, 1), "float32")).shape
    (2, 5, 5, 1)
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):  # fmt: skip
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        check_fill_and_interpolation(fill_mode, interpolation)
        self.seed = seed
        self.generator = random.SeedGenerator(seed)
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def rotation_matrix(self, angle, height: int, width: int):
        """The (batch, 8) transform rotating by `angle` (degrees, shape (batch,))."""
        zeros = gnp.zeros_like(angle)
        return affine.compute_affine_matrix(
            0.5, 0.5, angle, zeros, zeros, gnp.ones_like(angle), zeros, zeros, height, width
        )

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        batch = data.shape[0] if data.ndim == 4 else 1
        h_axis, w_axis = self._image_axes()
        height, width = data.shape[h_axis], data.shape[w_axis]
        angle = random.uniform(
            (batch,), minval=self.factor[0] * 360.0, maxval=self.factor[1] * 360.0,
            seed=self.generator if seed is None else seed,
        )  # fmt: skip
        return {
            "angle": angle,
            "rotation_matrix": self.rotation_matrix(angle, height, width),
            "image_height": height,
            "image_width": width,
            "batch_size": batch,
        }

    def _transform_images(self, images, transformation, interpolation):
        return affine.affine_transform(
            images, transformation["rotation_matrix"], interpolation, self.fill_mode,
            self.fill_value, self.data_format,
        )  # fmt: skip

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "factor": self.factor,
            "data_format": self.data_format,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "interpolation": self.interpolation,
            "seed": self.seed,
        }
