"""keras.ops on KerasTensors record nodes and give the shapes and dtypes Keras gives."""

import json
import pathlib

import pytest

from gradflow.keras import ops
from gradflow.keras.engine.keras_tensor import KerasTensor

ROWS = json.loads(
    (pathlib.Path(__file__).parents[1] / "fixtures" / "ops" / "symbolic.json").read_text()
)
INT_INPUTS = {("one_hot", 0), ("take", 1)}


def build(row):
    args = []
    for i, a in enumerate(row["args"]):
        if isinstance(a, dict) and "shape" in a:
            dtype = "int32" if (row["name"], i) in INT_INPUTS else "float32"
            args.append(KerasTensor(tuple(a["shape"]), dtype=dtype))
        elif isinstance(a, dict) and "shapes" in a:
            args.append([KerasTensor(tuple(s)) for s in a["shapes"]])
        elif isinstance(a, dict) and "slice_key" in a:
            args.append((slice(None), 1))
        else:
            args.append(a)
    kwargs = {k: tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list)
              and row["name"] != "moments" else v for k, v in row["kwargs"].items()}  # fmt: skip
    return args, kwargs


@pytest.mark.parametrize("row", ROWS, ids=[r["name"] for r in ROWS])
def test_symbolic_shapes_match_keras(row):
    fn = ops.linalg.norm if row["name"] == "linalg.norm" else getattr(ops, row["name"])
    args, kwargs = build(row)
    out = fn(*args, **kwargs)
    leaves = list(out) if row["sequence"] else [out]
    assert [list(leaf.shape) for leaf in leaves] == row["shapes"]
    assert [leaf.dtype for leaf in leaves] == row["dtypes"]
    assert all(isinstance(leaf, KerasTensor) for leaf in leaves)


def test_symbolic_call_records_a_node_with_its_inputs():
    a, b = KerasTensor((None, 3)), KerasTensor((None, 3))
    out = ops.add(a, b)
    operation, node_index, _ = out._keras_history
    node = operation._inbound_nodes[node_index]
    assert node.input_tensors == [a, b]
    assert operation.fn is ops.add


def test_python_operators_on_keras_tensors_use_ops():
    x = KerasTensor((None, 4))
    assert (x * 2 + 1).shape == (None, 4)
    assert x[:, 1:3].shape == (None, 2)
    assert (x @ ops.ones((4, 5))).shape == (None, 5)
    assert (x > 0).dtype == "bool"
    assert x.T.shape == (4, None)
