"""The learned scale (`gamma`) and offset (`beta`) of LayerNormalization and
GroupNormalization: their arguments, weights and config entries, in Keras's names."""

from __future__ import annotations

from gradflow.keras import constraints, initializers, regularizers


def set_scale_offset_arguments(
    layer,
    beta_initializer,
    gamma_initializer,
    beta_regularizer,
    gamma_regularizer,
    beta_constraint,
    gamma_constraint,
) -> None:
    """Resolve the six arguments onto `layer`; neither weight exists yet.

    Example:
    >>> from gradflow.keras.layers.normalization import LayerNormalization
    >>> type(LayerNormalization().gamma_initializer).__name__
    'Ones'
    """
    layer.beta_initializer = initializers.get(beta_initializer)
    layer.gamma_initializer = initializers.get(gamma_initializer)
    layer.beta_regularizer = regularizers.get(beta_regularizer)
    layer.gamma_regularizer = regularizers.get(gamma_regularizer)
    layer.beta_constraint = constraints.get(beta_constraint)
    layer.gamma_constraint = constraints.get(gamma_constraint)
    layer.gamma = None
    layer.beta = None


def add_scale_offset(layer, shape: tuple, scale: bool, center: bool) -> None:
    """Create `gamma` (when `scale`), then `beta` (when `center`), both of `shape`, kept
    in their own dtype (not autocast)."""
    if scale:
        layer.gamma = layer.add_weight(
            shape=shape,
            name="gamma",
            initializer=layer.gamma_initializer,
            regularizer=layer.gamma_regularizer,
            constraint=layer.gamma_constraint,
            autocast=False,
        )
    if center:
        layer.beta = layer.add_weight(
            shape=shape,
            name="beta",
            initializer=layer.beta_initializer,
            regularizer=layer.beta_regularizer,
            constraint=layer.beta_constraint,
            autocast=False,
        )


def scale_offset_config(layer) -> dict:
    """The six arguments' config entries, in Keras's order."""
    return {
        "beta_initializer": initializers.serialize(layer.beta_initializer),
        "gamma_initializer": initializers.serialize(layer.gamma_initializer),
        "beta_regularizer": regularizers.serialize(layer.beta_regularizer),
        "gamma_regularizer": regularizers.serialize(layer.gamma_regularizer),
        "beta_constraint": constraints.serialize(layer.beta_constraint),
        "gamma_constraint": constraints.serialize(layer.gamma_constraint),
    }
