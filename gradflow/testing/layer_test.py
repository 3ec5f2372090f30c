"""The layer harness: `run_layer_test` checks what every Keras layer must do — build,
weight counts, config round trip, symbolic vs eager shapes, traced vs eager values,
masking, and one training step inside a model."""

from __future__ import annotations

import numpy as np

import gradflow as gf
from gradflow.core import tree


def _random_input(shape, dtype, rng):
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        return rng.integers(0, 5, size=shape).astype(dtype)
    if dtype.kind == "b":
        return rng.random(shape) > 0.5
    return rng.standard_normal(shape).astype(dtype)


def _shapes(structure):
    return tree.map_structure(lambda t: tuple(t.shape), structure) \
        if isinstance(structure, (list, tuple, dict)) else tuple(structure.shape)


def run_layer_test(layer_cls, init_kwargs=None, input_shape=None, input_dtype="float32",
                   input_data=None, call_kwargs=None, expected_output_shape=None,
                   expected_output_dtype=None, expected_num_trainable_weights=None,
                   expected_num_non_trainable_weights=None, expected_num_seed_generators=None,
                   expected_num_losses=None, supports_masking=None, expected_mask_shape=None,
                   run_training_check=True, run_traced_check=True, seed=0):
    """Check a layer class the way Keras's own layer tests do.

    Args:
        layer_cls: the layer class.
        init_kwargs: constructor arguments.
        input_shape: the input's shape (batch included), or a list/dict of shapes.
        input_dtype: the generated input's dtype.
        input_data: explicit input arrays instead of generated ones.
        call_kwargs: extra arguments for the call.
        expected_output_shape: the eager output's shape(s).
        expected_output_dtype: the output's dtype name.
        expected_num_trainable_weights, expected_num_non_trainable_weights,
        expected_num_seed_generators, expected_num_losses: counts after one call.
        supports_masking: the expected `supports_masking`.
        expected_mask_shape: the output mask's shape when a mask flows.
        run_training_check: fit one step of a model holding the layer (float
            outputs only).
        run_traced_check: a gf.function call gives the eager values.
        seed: seeds the generated inputs.

    Returns:
        The layer after its eager call (for further checks).
    """
    from gradflow import keras
    from gradflow.keras.engine.keras_tensor import KerasTensor
    from gradflow.keras.saving import serialization_lib

    init_kwargs = dict(init_kwargs or {})
    call_kwargs = dict(call_kwargs or {})
    rng = np.random.default_rng(seed)
    if input_data is None:
        if isinstance(input_shape, dict):
            input_data = {k: _random_input(s, input_dtype, rng) for k, s in input_shape.items()}
        elif isinstance(input_shape, list):
            input_data = [_random_input(s, input_dtype, rng) for s in input_shape]
        else:
            input_data = _random_input(input_shape, input_dtype, rng)
    tensors = tree.map_structure(gf.constant, input_data)

    # 1. config round trip, before and after building
    layer = layer_cls(**init_kwargs)
    if supports_masking is not None:
        assert layer.supports_masking == supports_masking, (
            f"{layer_cls.__name__}.supports_masking is {layer.supports_masking}, "
            f"expected {supports_masking}")
    config = layer.get_config()
    revived = layer_cls.from_config(config)
    assert _strip_name(revived.get_config()) == _strip_name(config), (
        f"{layer_cls.__name__}: config changed in a from_config round trip:\n{config}\n"
        f"{revived.get_config()}")
    serialized = serialization_lib.serialize_keras_object(layer)
    again = serialization_lib.deserialize_keras_object(serialized)
    assert type(again) is layer_cls

    # 2. eager call: shapes, dtype, weights, losses
    output = layer(tensors, **call_kwargs)
    if expected_output_shape is not None:
        assert _shapes(output) == expected_output_shape, (
            f"{layer_cls.__name__}: output shape {_shapes(output)}, "
            f"expected {expected_output_shape}")
    if expected_output_dtype is not None:
        for leaf in tree.flatten(output):
            assert leaf.dtype.name == expected_output_dtype, (
                f"{layer_cls.__name__}: output dtype {leaf.dtype.name}, expected "
                f"{expected_output_dtype}")
    _check_count(layer, "trainable_weights", expected_num_trainable_weights)
    _check_count(layer, "non_trainable_weights", expected_num_non_trainable_weights)
    _check_count(layer, "_seed_generators", expected_num_seed_generators)
    _check_count(layer, "losses", expected_num_losses)
    if expected_mask_shape is not None:
        from gradflow.keras import masking

        mask = masking.get_keras_mask(tree.flatten(output)[0])
        assert mask is not None and tuple(mask.shape) == expected_mask_shape, (
            f"{layer_cls.__name__}: output mask {None if mask is None else mask.shape}, "
            f"expected shape {expected_mask_shape}")

    # 3. symbolic call: same shapes with the batch dimension unknown
    symbolic_layer = layer_cls(**init_kwargs)
    specs = tree.map_structure(
        lambda a: KerasTensor((None,) + tuple(np.shape(a))[1:], np.asarray(a).dtype.name),
        input_data)
    symbolic = symbolic_layer(specs, **call_kwargs)
    symbolic_leaves = tree.flatten(symbolic)
    assert len(symbolic_leaves) == len(tree.flatten(output))
    for sym, eager in zip(symbolic_leaves, tree.flatten(output)):
        expected = (None,) + tuple(eager.shape)[1:]
        got = tuple(sym.shape)
        assert all(g is None or g == e for g, e in zip(got, expected)) and len(got) == len(
            expected), f"{layer_cls.__name__}: symbolic shape {got}, eager {eager.shape}"

    # 4. traced call agrees with eager (deterministic layers, inference mode)
    if run_traced_check and not call_kwargs.get("training"):
        eager = layer(tensors, **call_kwargs)
        traced = gf.function(lambda t: layer(t, **call_kwargs))(tensors)
        for a, b in zip(tree.flatten(eager), tree.flatten(traced)):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-6)

    # 5. one training step inside a Functional model
    outputs = tree.flatten(output)
    trainable = all(gf.dtypes.is_floating(o.dtype) for o in outputs)
    if run_training_check and trainable and layer.trainable_weights:
        inputs = tree.map_structure(
            lambda a: keras.Input(batch_shape=(None,) + tuple(np.shape(a))[1:],
                                  dtype=np.asarray(a).dtype.name), input_data)
        model_layer = layer_cls(**init_kwargs)
        model = keras.Model(inputs, model_layer(inputs, **call_kwargs))
        model.compile(optimizer="sgd", loss="mse")
        targets = tree.map_structure(lambda o: np.zeros(o.shape, o.dtype.name), output)
        before = [w.copy() for w in model.get_weights()]
        logs = model.fit(input_data, targets, batch_size=len(tree.flatten(input_data)[0]),
                         epochs=1, verbose=0).history
        assert np.isfinite(logs["loss"][0]), f"{layer_cls.__name__}: training loss not finite"
        after = model.get_weights()
        assert any(not np.array_equal(a, b) for a, b in zip(before, after)), (
            f"{layer_cls.__name__}: one fit step changed no weight")
    return layer


def _strip_name(config: dict) -> dict:
    return {k: v for k, v in config.items() if k != "name"}


def _check_count(layer, attribute: str, expected) -> None:
    if expected is None:
        return
    count = len(getattr(layer, attribute))
    assert count == expected, (
        f"{type(layer).__name__}: {count} {attribute}, expected {expected}")
