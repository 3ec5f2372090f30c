"""Random initializers: RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling
(and its Glorot, He and LeCun presets) and Orthogonal.

Seeding follows Keras 3's contract: an int seed gives the same values on every call;
`seed=None` draws fresh values on each call from gradflow's global random stream, so
`gf.random.set_seed` makes a run reproducible. Values cannot match JAX's generator bit
for bit, only in distribution.
"""

from __future__ import annotations

import math

import numpy as np

import gradflow as gf
from gradflow.keras import backend
from gradflow.keras.initializers.initializer import Initializer, standardize_shape
from gradflow.keras.saving import serialization_lib

TRUNCATED_NORMAL_STDDEV = 0.87962566103423978
"""The standard deviation of a unit normal truncated to [-2, 2]: VarianceScaling divides
by it so truncated samples keep the intended variance."""


def compute_fans(shape, input_axes=None, output_axes=None) -> tuple[int, int]:
    """(fan_in, fan_out) of a weight shape, as Keras computes them.

    Dense kernels are (fan_in, fan_out); convolution kernels multiply both by the
    receptive field (the product of the leading spatial dims). `input_axes` and
    `output_axes` name the axes explicitly instead.

    Example:
    >>> compute_fans((3, 3, 16, 32))
    (144, 288)
    """
    shape = standardize_shape(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class RandomInitializer(Initializer):
    """Base of the random initializers: holds and serializes the seed."""

    def __init__(self, seed=None):
        self._init_seed = seed
        if isinstance(seed, dict):
            seed = serialization_lib.deserialize_keras_object(seed)
        elif seed is not None and (
            isinstance(seed, bool)
            or not isinstance(seed, (int, np.integer, gf.random.SeedGenerator))
        ):
            raise ValueError(
                "`seed` argument should be an instance of `keras.random.SeedGenerator()` "
                f"or an integer. Received: seed={seed}"
            )
        self.seed = seed

    def get_config(self) -> dict:
        return {
            "seed": serialization_lib.serialize_keras_object(self._init_seed),
            **super().get_config(),
        }


class RandomNormal(RandomInitializer):
    """Samples from a normal distribution.

    Args:
        mean: the mean.
        stddev: the standard deviation.
        seed: an int (the same values on every call), a SeedGenerator, or None.

    Example:
    >>> init = RandomNormal(seed=1)
    >>> bool((init((3,)) == init((3,))).numpy().all())
    True
    """

    _config_keys = ("mean", "stddev")

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return gf.random.normal(
            standardize_shape(shape),
            mean=self.mean,
            stddev=self.stddev,
            dtype=backend.standardize_dtype(dtype),
            seed=self.seed,
        )


class TruncatedNormal(RandomInitializer):
    """Samples from a normal distribution truncated to two standard deviations.

    Args:
        mean: the mean.
        stddev: the standard deviation before truncation.
        seed: an int (the same values on every call), a SeedGenerator, or None.

    Example:
    >>> values = TruncatedNormal(stddev=1.0, seed=1)((1000,)).numpy()
    >>> bool(abs(values).max() <= 2.0)
    True
    """

    _config_keys = ("mean", "stddev")

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return gf.random.truncated_normal(
            standardize_shape(shape),
            mean=self.mean,
            stddev=self.stddev,
            dtype=backend.standardize_dtype(dtype),
            seed=self.seed,
        )


class RandomUniform(RandomInitializer):
    """Samples from a uniform distribution over [minval, maxval).

    Args:
        minval: the lower bound.
        maxval: the upper bound.
        seed: an int (the same values on every call), a SeedGenerator, or None.

    Example:
    >>> values = RandomUniform(0.0, 1.0, seed=1)((100,)).numpy()
    >>> bool(values.min() >= 0.0 and values.max() < 1.0)
    True
    """

    _config_keys = ("minval", "maxval")

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return gf.random.uniform(
            standardize_shape(shape),
            minval=self.minval,
            maxval=self.maxval,
            dtype=backend.standardize_dtype(dtype),
            seed=self.seed,
        )


class VarianceScaling(RandomInitializer):
    """Samples with a variance of `scale / n`, where `n` is fan_in, fan_out or their
    average, from a truncated normal, an untruncated normal or a uniform distribution.

    Args:
        scale: the scaling factor (positive).
        mode: 'fan_in', 'fan_out' or 'fan_avg'.
        distribution: 'truncated_normal' (or 'normal'), 'untruncated_normal' or
            'uniform'.
        seed: an int (the same values on every call), a SeedGenerator, or None.
        input_axes: the axes whose sizes make fan_in (with `output_axes`).
        output_axes: the axes whose sizes make fan_out.

    Example:
    >>> init = VarianceScaling(scale=2.0, distribution="uniform", seed=1)
    >>> limit = (3.0 * 2.0 / 100) ** 0.5
    >>> bool(abs(init((100, 10)).numpy()).max() <= limit)
    True
    """

    _config_keys = ("scale", "mode", "distribution", "input_axes", "output_axes")

    def __init__(
        self,
        scale=1.0,
        mode="fan_in",
        distribution="truncated_normal",
        seed=None,
        input_axes=None,
        output_axes=None,
    ):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        allowed_modes = {"fan_in", "fan_out", "fan_avg"}
        if mode not in allowed_modes:
            raise ValueError(f"Invalid `mode` argument: {mode}. Please use one of {allowed_modes}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        allowed = {"uniform", "truncated_normal", "untruncated_normal"}
        if distribution not in allowed:
            raise ValueError(
                f"Invalid `distribution` argument: {distribution}. Please use one of {allowed}"
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def variance(self, shape) -> float:
        """The target variance `scale / n` for a weight of `shape`.

        Example:
        >>> VarianceScaling(scale=2.0, mode="fan_avg").variance((30, 10))
        0.1
        """
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        return self.scale / max(1.0, fan[self.mode])

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape)
        dtype = backend.standardize_dtype(dtype)
        variance = self.variance(shape)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV
            return gf.random.truncated_normal(shape, stddev=stddev, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            stddev = math.sqrt(variance)
            return gf.random.normal(shape, stddev=stddev, dtype=dtype, seed=self.seed)
        limit = math.sqrt(3.0 * variance)
        return gf.random.uniform(shape, minval=-limit, maxval=limit, dtype=dtype, seed=self.seed)


class _VarianceScalingPreset(VarianceScaling):
    """A VarianceScaling with fixed scale, mode and distribution; its config holds only
    the seed and axes, as in Keras."""

    _preset: tuple = ()
    _config_keys = ("input_axes", "output_axes")

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        scale, mode, distribution = self._preset
        super().__init__(
            scale=scale,
            mode=mode,
            distribution=distribution,
            seed=seed,
            input_axes=input_axes,
            output_axes=output_axes,
        )


class GlorotUniform(_VarianceScalingPreset):
    """Glorot (Xavier) uniform: U(-limit, limit), `limit = sqrt(6 / (fan_in + fan_out))`.

    Args:
        seed: an int (the same values on every call), a SeedGenerator, or None.
        input_axes: the axes whose sizes make fan_in (with `output_axes`).
        output_axes: the axes whose sizes make fan_out.

    Example:
    >>> bool(abs(GlorotUniform(seed=1)((4, 2)).numpy()).max() <= 1.0)
    True
    """

    _preset = (1.0, "fan_avg", "uniform")


class GlorotNormal(_VarianceScalingPreset):
    """Glorot (Xavier) normal: truncated normal, `stddev = sqrt(2 / (fan_in + fan_out))`.

    Args:
        seed: an int (the same values on every call), a SeedGenerator, or None.
        input_axes: the axes whose sizes make fan_in (with `output_axes`).
        output_axes: the axes whose sizes make fan_out.

    Example:
    >>> GlorotNormal(seed=1)((4, 2)).shape
    (4, 2)
    """

    _preset = (1.0, "fan_avg", "truncated_normal")


class LecunNormal(_VarianceScalingPreset):
    """LeCun normal: truncated normal, `stddev = sqrt(1 / fan_in)`.

    Args:
        seed: an int (the same values on every call), a SeedGenerator, or None.
        input_axes: the axes whose sizes make fan_in (with `output_axes`).
        output_axes: the axes whose sizes make fan_out.

    Example:
    >>> LecunNormal(seed=1)((4, 2)).shape
    (4, 2)
    """

    _preset = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_VarianceScalingPreset):
    """LeCun uniform: U(-limit, limit), `limit = sqrt(3 / fan_in)`.

    Args:
        seed: an int (the same values on every call), a SeedGenerator, or None.
        input_axes: the axes whose sizes make fan_in (with `output_axes`).
        output_axes: the axes whose sizes make fan_out.

    Example:
    >>> LecunUniform(seed=1)((4, 2)).shape
    (4, 2)
    """

    _preset = (1.0, "fan_in", "uniform")


class HeNormal(_VarianceScalingPreset):
    """He normal: truncated normal, `stddev = sqrt(2 / fan_in)`.

    Args:
        seed: an int (the same values on every call), a SeedGenerator, or None.
        input_axes: the axes whose sizes make fan_in (with `output_axes`).
        output_axes: the axes whose sizes make fan_out.

    Example:
    >>> HeNormal(seed=1)((4, 2)).shape
    (4, 2)
    """

    _preset = (2.0, "fan_in", "truncated_normal")


class HeUniform(_VarianceScalingPreset):
    """He uniform: U(-limit, limit), `limit = sqrt(6 / fan_in)`.

    Args:
        seed: an int (the same values on every call), a SeedGenerator, or None.
        input_axes: the axes whose sizes make fan_in (with `output_axes`).
        output_axes: the axes whose sizes make fan_out.

    Example:
    >>> HeUniform(seed=1)((4, 2)).shape
    (4, 2)
    """

    _preset = (2.0, "fan_in", "uniform")


class Orthogonal(RandomInitializer):
    """A random orthogonal matrix (of the flattened shape `(prod(shape[:-1]),
    shape[-1])`), times `gain`: the Q of a QR decomposition of a normal sample, with
    signs fixed so the distribution is uniform.

    Args:
        gain: the multiplier.
        seed: an int (the same values on every call), a SeedGenerator, or None.

    Example:
    >>> import numpy as np
    >>> q = Orthogonal(seed=1)((3, 3)).numpy()
    >>> bool(np.allclose(q @ q.T, np.eye(3), atol=1e-5))
    True
    """

    _config_keys = ("gain",)

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = standardize_shape(shape)
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        dtype = backend.standardize_dtype(dtype)
        num_rows, num_cols = math.prod(shape[:-1]), shape[-1]
        flat_shape = (max(num_cols, num_rows), min(num_cols, num_rows))
        sample = gf.random.normal(flat_shape, dtype=dtype, seed=self.seed)
        q, r = gf.numpy.linalg.qr(sample)
        q = q * gf.numpy.sign(gf.numpy.linalg.diagonal(r))
        if num_rows < num_cols:
            q = gf.numpy.matrix_transpose(q)
        return self.gain * gf.numpy.reshape(q, shape)
