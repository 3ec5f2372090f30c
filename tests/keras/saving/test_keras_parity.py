"""`.keras` and `.weights.h5` files are interchangeable with real Keras 3, both ways.

Keras -> gradflow: files Keras wrote (tests/keras/fixtures/saving/keras_*) load here and
predict, hold optimizer state and keep training exactly as in Keras.
gradflow -> Keras: Keras loaded the committed gradflow_*.keras files without a warning and
recorded its predictions; here the same models re-saved must have the same structure as
those files (and as Keras's own), and predict what Keras predicted.
"""

import io
import json
import os
import warnings
import zipfile

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from gradflow.keras.saving import saving_api  # noqa: E402

RTOL, ATOL = 1e-5, 1e-6


def _inputs(reference, name):
    n = 2 if name == "two_input" else 1
    x = [reference[f"{name}/input/x{i}"] for i in range(n)]
    return x if n > 1 else x[0]


def _h5_layout(data: bytes) -> list:
    """Every group (with its attributes) and dataset (shape, dtype), in file order."""
    entries = []
    with h5py.File(io.BytesIO(data), "r") as f:

        def visit(path, obj):
            if isinstance(obj, h5py.Group):
                # Optimizer names are auto-made ('adam_3') and vary with the session.
                attrs = sorted(
                    (k, "<auto>" if path == "optimizer/vars" else str(v))
                    for k, v in obj.attrs.items()
                )
                entries.append((path, "group", attrs))
            else:
                entries.append((path, "dataset", obj.shape, obj.dtype.str))

        f.visititems(visit)
    return entries


def _h5_arrays(data: bytes, group: str) -> list:
    with h5py.File(io.BytesIO(data), "r") as f:
        vars_group = f[group]
        return [np.array(vars_group[str(i)]) for i in range(len(vars_group))]


def _config_keys(config, prefix="") -> set:
    keys = set()
    if isinstance(config, dict):
        for key, value in config.items():
            if key == "shared_object_id":
                continue
            keys.add(f"{prefix}/{key}")
            keys |= _config_keys(value, f"{prefix}/{key}")
    elif isinstance(config, list):
        for i, value in enumerate(config):
            keys |= _config_keys(value, f"{prefix}[{i}]")
    return keys


def _without_optimizer_name(compile_config: dict) -> dict:
    compile_config = json.loads(json.dumps(compile_config))
    compile_config["optimizer"]["config"].pop("name")
    return compile_config


def _describe(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        return {
            "members": [(i.filename, i.compress_type) for i in archive.infolist()],
            "metadata_keys": sorted(json.loads(archive.read("metadata.json"))),
            "h5": _h5_layout(archive.read("model.weights.h5")),
            "config_keys": _config_keys(config),
            "classes": [layer["class_name"] for layer in config["config"]["layers"]],
            "compile_config": _without_optimizer_name(config["compile_config"]),
        }


@pytest.fixture(scope="module")
def reference(fixture_dir):
    return np.load(os.path.join(fixture_dir, "keras_reference.npz"))


@pytest.fixture(scope="module")
def keras_on_gradflow(fixture_dir):
    with open(os.path.join(fixture_dir, "keras_on_gradflow.json")) as f:
        report = json.load(f)
    return np.load(os.path.join(fixture_dir, "keras_on_gradflow.npz")), report


MODELS = ["mlp", "two_input", "conv"]


# -- Keras -> gradflow -----------------------------------------------------------------------
@pytest.mark.parametrize("name", MODELS)
def test_keras_file_loads_and_predicts_identically(gen, fixture_dir, reference, name):
    _, custom_objects = gen.gradflow_layers()
    path = os.path.join(fixture_dir, f"keras_{name}.keras")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no optimizer-skipping or other warning
        model = saving_api.load_model(path, custom_objects=custom_objects)
    assert type(model).__name__ == ("Sequential" if name == "mlp" else "Functional")
    predictions = model.predict(_inputs(reference, name), verbose=0)
    np.testing.assert_allclose(predictions, reference[f"{name}/predictions"], RTOL, ATOL)
    assert model.compiled and type(model.optimizer).__name__ == "Adam"
    for i, variable in enumerate(model.optimizer.variables):
        np.testing.assert_array_equal(variable.numpy(), reference[f"{name}/optimizer/{i}"])
    assert f"{name}/optimizer/{len(model.optimizer.variables)}" not in reference


@pytest.mark.parametrize("name", ["mlp", "two_input"])
def test_keras_file_keeps_training_like_keras(gen, fixture_dir, reference, name):
    _, custom_objects = gen.gradflow_layers()
    model = saving_api.load_model(
        os.path.join(fixture_dir, f"keras_{name}.keras"), custom_objects=custom_objects
    )
    x, y = gen.data(name, seed=3)
    model.train_on_batch(x, y)  # uses the loaded Adam moments and iteration count
    for i, weight in enumerate(model.weights):
        np.testing.assert_allclose(weight.numpy(), reference[f"{name}/after_step/{i}"], RTOL, ATOL)


@pytest.mark.parametrize("name", MODELS)
def test_keras_weights_file_loads_into_gradflow_model(gen, fixture_dir, reference, name):
    from gradflow import keras

    layers, _ = gen.gradflow_layers()
    model = gen.BUILDERS[name](keras, layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    model.optimizer.build(model.trainable_variables)
    model.load_weights(os.path.join(fixture_dir, f"keras_{name}.weights.h5"))
    predictions = model.predict(_inputs(reference, name), verbose=0)
    np.testing.assert_allclose(predictions, reference[f"{name}/predictions"], RTOL, ATOL)
    for i, variable in enumerate(model.optimizer.variables):
        np.testing.assert_array_equal(variable.numpy(), reference[f"{name}/optimizer/{i}"])


def test_weights_into_compiled_untrained_model_warn_and_still_load(gen, fixture_dir, reference):
    from gradflow import keras

    layers, _ = gen.gradflow_layers()
    model = gen.build_mlp(keras, layers)
    model.compile(optimizer="adam", loss="mse")  # the optimizer has no slots yet
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer"):
        model.load_weights(os.path.join(fixture_dir, "keras_mlp.weights.h5"))
    predictions = model.predict(_inputs(reference, "mlp"), verbose=0)
    np.testing.assert_allclose(predictions, reference["mlp/predictions"], RTOL, ATOL)


# -- gradflow -> Keras -----------------------------------------------------------------------
@pytest.mark.parametrize("name", MODELS)
def test_keras_loaded_gradflow_files_without_warnings(keras_on_gradflow, name):
    _, report = keras_on_gradflow
    assert report[name]["warnings"] == []
    assert report[name]["class_name"] == ("Sequential" if name == "mlp" else "Functional")


@pytest.mark.parametrize("name", MODELS)
def test_resaved_gradflow_file_has_the_structure_keras_accepted(gen, fixture_dir, tmp_path, name):
    from gradflow import keras

    layers, _ = gen.gradflow_layers()
    model = gen.make_trained(keras, layers, name)
    path = tmp_path / f"{name}.keras"
    model.save(path)
    fresh = _describe(path)
    accepted = _describe(os.path.join(fixture_dir, f"gradflow_{name}.keras"))
    assert fresh == accepted
    assert fresh["members"] == [
        ("metadata.json", zipfile.ZIP_STORED),
        ("config.json", zipfile.ZIP_STORED),
        ("model.weights.h5", zipfile.ZIP_STORED),
    ]
    # ... which is also exactly the layout Keras itself writes for the same model.
    keras_own = _describe(os.path.join(fixture_dir, f"keras_{name}.keras"))
    assert fresh["h5"] == keras_own["h5"]
    assert fresh["members"] == keras_own["members"]
    assert fresh["classes"] == keras_own["classes"]


@pytest.mark.parametrize("name", MODELS)
def test_gradflow_file_predicts_what_keras_predicted(
    gen, fixture_dir, reference, keras_on_gradflow, name
):
    arrays, _ = keras_on_gradflow
    _, custom_objects = gen.gradflow_layers()
    path = os.path.join(fixture_dir, f"gradflow_{name}.keras")
    model = saving_api.load_model(path, custom_objects=custom_objects)
    predictions = model.predict(_inputs(reference, name), verbose=0)
    np.testing.assert_allclose(predictions, arrays[f"{name}/predictions"], RTOL, ATOL)
    # Keras read the optimizer state gradflow wrote, variable by variable.
    with zipfile.ZipFile(path) as archive:
        written = _h5_arrays(archive.read("model.weights.h5"), "optimizer/vars")
    assert len(written) == len(model.optimizer.variables)
    for i, value in enumerate(written):
        np.testing.assert_array_equal(arrays[f"{name}/optimizer/{i}"], value)


# -- sharded weights (.weights.json) ---------------------------------------------------------
def _shard_files(directory, prefix) -> list:
    return sorted(f for f in os.listdir(directory) if f.startswith(prefix) and f.endswith(".h5"))


def test_keras_sharded_weights_load(gen, fixture_dir, reference):
    from gradflow import keras

    layers, _ = gen.gradflow_layers()
    model = gen.build_mlp(keras, layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="mse")
    model.optimizer.build(model.trainable_variables)
    model.load_weights(os.path.join(fixture_dir, "keras_mlp_sharded.weights.json"))
    predictions = model.predict(_inputs(reference, "mlp"), verbose=0)
    np.testing.assert_allclose(predictions, reference["mlp/predictions"], RTOL, ATOL)
    for i, variable in enumerate(model.optimizer.variables):
        np.testing.assert_array_equal(variable.numpy(), reference[f"mlp/optimizer/{i}"])


def test_sharded_weights_are_written_as_keras_writes_them(gen, fixture_dir, tmp_path):
    model = saving_api.load_model(os.path.join(fixture_dir, "keras_mlp.keras"))
    model.save_weights(tmp_path / "keras_mlp_sharded.weights.json", max_shard_size=gen.SHARD_GB)
    with open(tmp_path / "keras_mlp_sharded.weights.json") as f:
        ours = json.load(f)
    with open(os.path.join(fixture_dir, "keras_mlp_sharded.weights.json")) as f:
        theirs = json.load(f)
    assert ours == theirs
    shards = _shard_files(tmp_path, "keras_mlp_sharded_")
    assert shards == _shard_files(fixture_dir, "keras_mlp_sharded_")
    for shard in shards:
        ours_layout = _h5_layout((tmp_path / shard).read_bytes())
        with open(os.path.join(fixture_dir, shard), "rb") as f:
            assert ours_layout == _h5_layout(f.read())
