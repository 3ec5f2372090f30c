"""BatchNormalization: normalize by the batch's statistics while training and by moving
averages of them at inference."""

from __future__ import annotations

import gradflow as gf
from gradflow.keras import backend, constraints, initializers, regularizers
from gradflow.keras.layers.input_spec import InputSpec
from gradflow.keras.layers.layer import Layer
from gradflow.keras.layers.normalization._axes import check_axes_in_bounds

_RENORM_KEYS = ("rmax", "rmin", "dmax")


class BatchNormalization(Layer):
    """Layer that normalizes its inputs over the batch.

    In training (`training=True`, layer trainable) the output is
    `gamma * (x - mean(x)) / sqrt(var(x) + epsilon) + beta` with the batch's moments,
    and the moving statistics are updated:
    `moving_mean = moving_mean * momentum + mean(x) * (1 - momentum)` (likewise the
    variance). At inference the moving statistics replace the batch's.

    Args:
        axis: the features axis (an int); -1 (channels last) by default.
        momentum: the moving averages' momentum.
        epsilon: added to the variance to avoid dividing by zero.
        center: whether to add the offset `beta`.
        scale: whether to multiply by `gamma`.
        beta_initializer, gamma_initializer: the weights' initializers.
        moving_mean_initializer, moving_variance_initializer: the moving statistics'
            initializers.
        beta_regularizer, gamma_regularizer: penalties on the weights.
        beta_constraint, gamma_constraint: projections after each update.
        renorm: whether to use Batch Renormalization (extra non-trainable weights
            `moving_stddev`, `renorm_mean`, `renorm_stddev`).
        renorm_clipping: a dict with optional keys 'rmax', 'rmin', 'dmax' clipping the
            renorm corrections.
        renorm_momentum: the momentum of the renorm statistics.
        synchronized: accepted for Keras compatibility (one device computes the same
            statistics either way).

    Input shape:
        Arbitrary; the features axis must be known.

    Output shape:
        Same shape as input.

    Example:
    >>> import numpy as np
    >>> layer = BatchNormalization()
    >>> x = np.array([[0.0, 2.0], [2.0, 4.0]], "float32")
    >>> layer(x, training=True).numpy().round(2).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    >>> [round(float(m), 3) for m in layer.moving_mean.numpy()]
    [0.01, 0.03]
    """

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        beta_constraint=None,
        gamma_constraint=None,
        renorm=False,
        renorm_clipping=None,
        renorm_momentum=0.99,
        synchronized=False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.synchronized = synchronized
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.renorm = renorm
        if renorm:
            renorm_clipping = _check_renorm_clipping(renorm_clipping or {})
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None
        self._reduction_axes = None

    def build(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        shape = (input_shape[self.axis],)
        if shape[0] is None:
            raise ValueError(
                f"Axis {self.axis} of input tensor should have a defined dimension but "
                f"the layer received an input with shape {tuple(input_shape)}."
            )
        if self.scale:
            self.gamma = self._stat(
                shape,
                "gamma",
                self.gamma_initializer,
                True,
                self.gamma_regularizer,
                self.gamma_constraint,
            )
        if self.center:
            self.beta = self._stat(
                shape,
                "beta",
                self.beta_initializer,
                True,
                self.beta_regularizer,
                self.beta_constraint,
            )
        self.moving_mean = self._stat(shape, "moving_mean", self.moving_mean_initializer)
        self.moving_variance = self._stat(
            shape, "moving_variance", self.moving_variance_initializer
        )
        if self.renorm:
            stddev_initializer = _SqrtOf(self.moving_variance_initializer)
            self.moving_stddev = self._stat(shape, "moving_stddev", stddev_initializer)
            self.renorm_mean = self._stat(shape, "renorm_mean", self.moving_mean_initializer)
            self.renorm_stddev = self._stat(shape, "renorm_stddev", stddev_initializer)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: shape[0]})
        self._reduction_axes = [
            i for i in range(len(input_shape)) if i != self.axis % len(input_shape)
        ]
        self.built = True

    def _stat(self, shape, name, initializer, trainable=False, regularizer=None, constraint=None):
        return self.add_weight(
            shape=shape,
            name=name,
            initializer=initializer,
            regularizer=regularizer,
            constraint=constraint,
            trainable=trainable,
            autocast=False,
        )

    def call(self, inputs, training=None, mask=None):
        if mask is not None and len(mask.shape) != len(inputs.shape) - 1:
            raise ValueError(
                "The mask provided should be one dimension less than the inputs. "
                f"Received: mask.shape={tuple(mask.shape)}, inputs.shape={tuple(inputs.shape)}"
            )
        # statistics in at least float32, as Keras (float16 inputs would lose them)
        dtype = "float64" if inputs.dtype == gf.float64 else "float32"
        x = gf.numpy.astype(inputs, dtype)
        gamma = None if self.gamma is None else gf.numpy.astype(self.gamma.value(), dtype)
        beta = None if self.beta is None else gf.numpy.astype(self.beta.value(), dtype)
        if training and self.trainable:
            mean, variance = self._moments(x, mask)
            if self.renorm:
                gamma, beta = self._renorm_transform(mean, variance, gamma, beta, dtype)
                self._update_renorm_statistics(mean, variance, dtype)
            else:
                self._update_moving(self.moving_mean, mean, self.momentum, dtype)
                self._update_moving(self.moving_variance, variance, self.momentum, dtype)
        else:
            mean = gf.numpy.astype(self.moving_mean.value(), dtype)
            variance = gf.numpy.astype(self.moving_variance.value(), dtype)
        outputs = gf.nn.batch_normalization(
            x, mean, variance, axis=self.axis, offset=beta, scale=gamma, epsilon=self.epsilon
        )
        return gf.numpy.astype(outputs, self.compute_dtype)

    @staticmethod
    def _update_moving(variable, value, momentum, dtype):
        old = gf.numpy.astype(variable.value(), dtype)
        variable.assign(old * momentum + value * (1.0 - momentum))

    def _moments(self, x, mask):
        if mask is None:
            return gf.nn.moments(x, axes=tuple(self._reduction_axes))
        # masked positions neither count nor contribute (Keras's weighted moments)
        keep = gf.numpy.broadcast_to(
            gf.numpy.expand_dims(gf.numpy.astype(mask, gf.bool), axis=-1), x.shape
        )
        axes = tuple(self._reduction_axes)
        weight = gf.numpy.sum(gf.numpy.astype(keep, x.dtype), axis=axes, keepdims=True)
        weight = weight + backend.epsilon()
        mean = gf.numpy.sum(gf.numpy.where(keep, x, 0.0), axis=axes, keepdims=True) / weight
        difference = gf.numpy.where(keep, x - mean, 0.0)
        variance = gf.numpy.sum(difference * difference, axis=axes, keepdims=True) / weight
        return gf.numpy.reshape(mean, (-1,)), gf.numpy.reshape(variance, (-1,))

    def _renorm_transform(self, mean, variance, gamma, beta, dtype):
        """Batch Renormalization: the batch statistics corrected towards the renorm
        averages by `r` and `d` (constants for the gradient), folded into gamma/beta."""
        stddev = gf.numpy.sqrt(variance + self.epsilon)
        renorm_mean = gf.numpy.astype(self.renorm_mean.value(), dtype)
        renorm_stddev = gf.numpy.maximum(
            gf.numpy.astype(self.renorm_stddev.value(), dtype), float(self.epsilon) ** 0.5
        )
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        clipping = self.renorm_clipping
        if clipping.get("rmin") is not None:
            r = gf.numpy.maximum(r, float(clipping["rmin"]))
        if clipping.get("rmax") is not None:
            r = gf.numpy.minimum(r, float(clipping["rmax"]))
        if clipping.get("dmax") is not None:
            d = gf.numpy.clip(d, -float(clipping["dmax"]), float(clipping["dmax"]))
        r, d = gf.stop_gradient(r), gf.stop_gradient(d)
        if gamma is None:
            new_gamma, new_beta = r, d
        else:
            new_gamma, new_beta = r * gamma, d * gamma
        if beta is not None:
            new_beta = new_beta + beta
        return new_gamma, new_beta

    def _update_renorm_statistics(self, mean, variance, dtype):
        stddev = gf.numpy.sqrt(variance + self.epsilon)
        self._update_moving(self.renorm_mean, mean, self.renorm_momentum, dtype)
        self._update_moving(self.renorm_stddev, stddev, self.renorm_momentum, dtype)
        self._update_moving(self.moving_mean, mean, self.momentum, dtype)
        old = gf.numpy.astype(self.moving_stddev.value(), dtype)
        new_stddev = old * self.momentum + stddev * (1.0 - self.momentum)
        self.moving_stddev.assign(new_stddev)
        self.moving_variance.assign(gf.nn.relu(new_stddev * new_stddev - self.epsilon))

    def compute_output_shape(self, input_shape):
        check_axes_in_bounds(self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }


class _SqrtOf:
    """The initializer `sqrt(initializer(shape))` of the renorm standard deviations."""

    def __init__(self, initializer):
        self.initializer = initializer

    def __call__(self, shape, dtype=None):
        return gf.numpy.sqrt(self.initializer(shape, dtype=dtype))


def _check_renorm_clipping(clipping: dict) -> dict:
    unknown = set(clipping) - set(_RENORM_KEYS)
    if unknown:
        raise ValueError(
            f"Received invalid keys for `renorm_clipping` argument: {clipping}. "
            f"Supported values: {list(_RENORM_KEYS)}."
        )
    rmax, rmin, dmax = clipping.get("rmax"), clipping.get("rmin"), clipping.get("dmax")
    if rmax is not None and rmin is not None and rmax < rmin:
        raise ValueError(
            "rmax should be greater than rmin in the `renorm_clipping` argument. "
            f"Received: rmax={rmax}, rmin={rmin}."
        )
    if dmax is not None and dmax < 0:
        raise ValueError(
            f"dmax should be non-negative in the `renorm_clipping` argument. Received: dmax={dmax}."
        )
    return clipping
