"""Functional models built from keras.ops calls on KerasTensors (`a + b`, concatenate,
slicing …) serialize their op nodes as Keras 3 does — op classes such as
{"module": "keras.src.ops.numpy", "class_name": "Add"} — and read Keras's back."""

import json
import pathlib

import numpy as np
import pytest

from gradflow import keras
from gradflow.keras import ops
from gradflow.keras.engine import operation
from gradflow.keras.models.functional_config import deserialize_operation

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "functional_ops"
KERAS_TABLE = json.loads((FIXTURES / "ops_table.json").read_text())


def _gradflow_ops() -> list[tuple[str, str]]:
    """(submodule, name) of every public gradflow op that Keras records as an op class."""
    import importlib

    found = []
    for sub in operation.OPS_SUBMODULES:
        module = importlib.import_module(f"gradflow.keras.ops.{sub}")
        for name in module.__all__:
            if name in KERAS_TABLE and KERAS_TABLE[name]["module"].endswith(f".{sub}"):
                found.append((sub, name))
    return found


@pytest.mark.parametrize("sub,name", _gradflow_ops(), ids=lambda v: v)
def test_op_class_constructor_and_keywords_match_keras(sub, name):
    import importlib

    fn = getattr(importlib.import_module(f"gradflow.keras.ops.{sub}"), name)
    keras_entry = KERAS_TABLE[name]
    op = operation.FunctionOperation(fn)
    # A gradflow op exported under two names is one function (bitwise_not is
    # bitwise_invert): it records the class of the name it was defined under.
    same_function = [n for s, n in _gradflow_ops() if getattr(ops, n, None) is fn] or [name]
    classes = {KERAS_TABLE[n]["class_name"] for n in same_function}
    assert op.keras_module == keras_entry["module"]
    assert op.keras_class_name in classes
    assert list(operation.CONSTRUCTOR_ARGS.get(name, ())) == keras_entry["constructor"]
    assert list(operation.CALL_KEYWORDS.get(name, ())) == keras_entry["call_keywords"]
    # Keras records extract_patches_3d as ExtractPatches; that class loads back as
    # extract_patches, which takes the 3-D size too.
    revived = operation.function_for_class(op.keras_module, op.keras_class_name)
    assert revived is fn or (name, revived.__name__) == ("extract_patches_3d", "extract_patches")


def test_most_keras_op_classes_are_covered():
    assert len(_gradflow_ops()) > 250


def _ops_model() -> keras.Model:
    a = keras.Input((4,), name="a")
    b = keras.Input((4,), name="b")
    x = a + b
    y = ops.concatenate([x, b * 2.0], axis=-1)
    first = ops.reshape(y[:, 0], (-1, 1))
    d = keras.layers.Dense(3, name="dense")(y[..., 1:4])
    s = ops.sum(d, axis=1, keepdims=True)
    c = ops.clip(ops.concatenate([s, first], axis=-1), -3.0, 3.0)
    p = ops.softmax(ops.cast(c, "float32"), axis=-1)
    return keras.Model([a, b], [p, y[:, None, ::2]], name="ops_model")


def _data():
    return np.load(FIXTURES / "data.npz")


def _set_dense(model, data):
    model.get_layer("dense").set_weights([data["kernel"], data["bias"]])


def test_add_node_is_written_as_keras_add_class():
    a, b = keras.Input((2,), name="a"), keras.Input((2,), name="b")
    config = keras.Model([a, b], a + b).get_config()
    assert config["layers"][2] == {
        "module": "keras.src.ops.numpy",
        "class_name": "Add",
        "config": {"name": "add"},
        "registered_name": "Add",
        "name": "add",
        "inbound_nodes": [
            {
                "args": [
                    {
                        "class_name": "__keras_tensor__",
                        "config": {"shape": [None, 2], "dtype": "float32",
                                   "keras_history": [n, 0, 0]},
                    }
                    for n in ("a", "b")
                ],
                "kwargs": {},
            }
        ],
    }  # fmt: skip
    assert config["output_layers"] == ["add", 0, 0]  # one output: no list, as in Keras


def test_config_equals_the_one_keras_writes_for_the_same_model():
    keras_config = json.loads((FIXTURES / "model.json").read_text())["config"]
    ours = json.loads(json.dumps(_ops_model().get_config()))
    assert [entry["name"] for entry in ours["layers"]] == [
        entry["name"] for entry in keras_config["layers"]
    ]
    for mine, theirs in zip(ours["layers"], keras_config["layers"]):
        if theirs["module"].startswith("keras.src.ops."):
            assert mine == theirs
        else:
            assert mine["inbound_nodes"] == theirs["inbound_nodes"]
    assert ours["input_layers"] == keras_config["input_layers"]
    assert ours["output_layers"] == keras_config["output_layers"]


def test_keras_written_config_loads_and_reproduces_keras_outputs():
    data = _data()
    model = keras.models.model_from_json((FIXTURES / "model.json").read_text())
    _set_dense(model, data)
    probabilities, strided = model.predict([data["a"], data["b"]], verbose=0)
    np.testing.assert_allclose(probabilities, data["probabilities"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(strided, data["strided"], rtol=1e-6)
    assert [type(op).__name__ for op in model.operations].count("FunctionOperation") == 12


def test_keras_saved_file_loads_with_its_weights():
    data = _data()
    model = keras.saving.load_model(FIXTURES / "model.keras")
    probabilities, strided = model.predict([data["a"], data["b"]], verbose=0)
    np.testing.assert_allclose(probabilities, data["probabilities"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(strided, data["strided"], rtol=1e-6)


def test_config_round_trip_keeps_ops_slices_and_outputs():
    data = _data()
    model = _ops_model()
    _set_dense(model, data)
    restored = keras.models.model_from_json(model.to_json())
    restored.set_weights(model.get_weights())
    assert json.dumps(restored.get_config()) == json.dumps(model.get_config())
    for mine, theirs in zip(
        model.predict([data["a"], data["b"]], verbose=0),
        restored.predict([data["a"], data["b"]], verbose=0),
    ):
        np.testing.assert_allclose(mine, theirs, rtol=1e-6)


def test_every_indexing_key_kind_round_trips():
    x = keras.Input((3, 4), name="x")
    outputs = [x[:, 0], x[..., 1:3], x[:, None, ::2], x[:, -1, 2], x[:, 1:, ...]]
    model = keras.Model(x, outputs)
    restored = keras.models.model_from_json(model.to_json())
    value = np.arange(24, dtype="float32").reshape(2, 3, 4)
    expected = [value[:, 0], value[..., 1:3], value[:, None, ::2], value[:, -1, 2], value[:, 1:]]
    for got, want in zip(restored.predict(value, verbose=0), expected):
        np.testing.assert_array_equal(got, want)


def test_saved_file_round_trip(tmp_path):
    data = _data()
    model = _ops_model()
    _set_dense(model, data)
    model.save(tmp_path / "ops.keras")
    restored = keras.saving.load_model(tmp_path / "ops.keras")
    for mine, theirs in zip(
        model.predict([data["a"], data["b"]], verbose=0),
        restored.predict([data["a"], data["b"]], verbose=0),
    ):
        np.testing.assert_allclose(mine, theirs, rtol=1e-6)


def test_call_arguments_by_keyword_follow_keras():
    x = keras.Input((4,), name="x")
    w = keras.Input((4,), name="w")
    model = keras.Model([x, w], ops.average(x, axis=1, weights=w))
    entry = model.get_config()["layers"][2]
    assert entry["class_name"] == "Average"
    assert entry["config"] == {"name": "average", "axis": 1}
    node = entry["inbound_nodes"][0]
    assert len(node["args"]) == 1 and list(node["kwargs"]) == ["weights"]
    restored = keras.models.model_from_json(model.to_json())
    values = np.arange(8, dtype="float32").reshape(2, 4)
    weights = np.array([[1, 0, 0, 1], [0, 1, 1, 0]], dtype="float32")
    np.testing.assert_allclose(
        restored.predict([values, weights], verbose=0), [1.5, 5.5], rtol=1e-6
    )


def test_unknown_op_class_is_a_clear_error():
    entry = {"module": "keras.src.ops.numpy", "class_name": "NoSuchOp", "config": {}}
    with pytest.raises(TypeError, match="Could not locate class 'NoSuchOp'"):
        deserialize_operation(entry)


def test_op_config_with_an_argument_the_op_lacks_is_a_clear_error():
    entry = {"module": "keras.src.ops.numpy", "class_name": "Add", "config": {"axis": 1}}
    with pytest.raises(TypeError, match=r"does not take the argument\(s\) \['axis'\]"):
        deserialize_operation(entry)
