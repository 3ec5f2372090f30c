"""keras.models.clone_model and model_from_json."""

import json

import numpy as np
import pytest

from gradflow import keras
from gradflow.keras.models.cloning import clone_model
from gradflow.keras.models.model_json import model_from_json

X = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")


def sequential():
    return keras.Sequential(
        [keras.Input((4,), name="x"), keras.layers.Dense(3), keras.layers.Dense(2)], name="seq"
    )


def functional():
    a = keras.Input((4,), name="a")
    shared = keras.layers.Dense(4, name="shared")
    h = shared(a)
    out = keras.layers.Dense(2, name="out")(shared(h * 0.5 + a))  # shared layer, op calls
    return keras.Model(a, out, name="func")


def two_inputs():
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    outputs = [keras.layers.Dense(2)(a), keras.layers.Dense(3, activation="relu")(b)]
    return keras.Model([a, b], outputs, name="two")


@pytest.mark.parametrize("builder", [sequential, two_inputs])
def test_clone_makes_new_layers_with_the_same_architecture(builder):
    model = builder()
    copy = clone_model(model)
    assert type(copy) is type(model) and copy.name == model.name
    assert [type(a) for a in copy.layers] == [type(b) for b in model.layers]
    assert all(a is not b for a, b in zip(copy.layers, model.layers))
    assert [w.shape for w in copy.weights] == [w.shape for w in model.weights]
    copy.set_weights(model.get_weights())
    inputs = X if builder is sequential else [X, 2 * X]
    for got, want in zip(copy.predict(inputs, verbose=0), model.predict(inputs, verbose=0)):
        np.testing.assert_allclose(got, want)


def test_clone_keeps_sharing_and_op_calls():
    model = functional()
    copy = clone_model(model)
    assert len(copy.layers) == len(model.layers)  # the shared layer is cloned once
    assert copy.get_layer("shared") is not model.get_layer("shared")
    copy.set_weights(model.get_weights())
    np.testing.assert_allclose(copy.predict(X, verbose=0), model.predict(X, verbose=0))


def test_clone_function_and_input_tensors():
    model = sequential()
    seen = []

    def clone_function(layer):
        seen.append(layer.name)
        config = layer.get_config()
        config["units"] = config["units"] * 2 if layer is model.layers[0] else config["units"]
        return layer.__class__.from_config(config)

    new_input = keras.Input((4,), name="fresh")
    copy = clone_model(model, input_tensors=new_input, clone_function=clone_function)
    assert seen == [layer.name for layer in model.layers]
    assert copy.layers[0].units == 6 and copy.output_shape == (None, 2)
    assert copy.inputs[0] is new_input


def test_call_function_on_functional_and_refusals():
    model = two_inputs()

    def call_function(layer, *args, **kwargs):
        out = layer(*args, **kwargs)
        return out * 0.0 if isinstance(layer, keras.layers.Dense) else out

    copy = clone_model(model, clone_function=lambda layer: layer, call_function=call_function)
    assert copy.layers[-1] is model.layers[-1]  # layers reused, calls wrapped
    for out in copy.predict([X, X], verbose=0):
        np.testing.assert_array_equal(out, np.zeros_like(out))
    with pytest.raises(ValueError, match="not supported with Sequential"):
        clone_model(sequential(), call_function=call_function)
    with pytest.raises(ValueError, match="Unexpected keyword"):
        clone_model(model, bogus=1)


def test_recursive_clone_of_inner_model():
    inner = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)], name="inner")
    x = keras.Input((4,))
    outer = keras.Model(x, keras.layers.Dense(2)(inner(x)))
    flat = clone_model(outer)
    deep = clone_model(outer, recursive=True)
    assert type(flat.layers[1]).__name__ == "Sequential"
    assert deep.layers[1] is not inner and deep.layers[1].layers[0] is not inner.layers[0]


def test_clone_of_compiled_model_is_compiled():
    model = sequential()
    model.compile(optimizer="adam", loss="mse")
    copy = clone_model(model)
    assert copy.compiled and copy.optimizer is not model.optimizer
    assert type(copy.optimizer).__name__ == "Adam"


def test_model_from_json_round_trip():
    model = two_inputs()
    rebuilt = model_from_json(model.to_json())
    assert (
        json.loads(rebuilt.to_json())["config"]["layers"]
        == json.loads(model.to_json())["config"]["layers"]
    )
    rebuilt.set_weights(model.get_weights())
    for got, want in zip(rebuilt.predict([X, X], verbose=0), model.predict([X, X], verbose=0)):
        np.testing.assert_allclose(got, want)


def test_model_from_json_rejects_bad_input():
    with pytest.raises(ValueError, match="not valid JSON"):
        model_from_json("{nope")
    with pytest.raises(ValueError, match="does not describe a Keras object"):
        model_from_json("[1, 2]")
