"""Saving and loading in gradflow: round trips for every model kind, weights-only files,
file-name rules, atomic writes, and the refusal of malformed or hostile files."""

import io
import json
import os
import warnings
import zipfile

import numpy as np
import pytest

h5py = pytest.importorskip("h5py")

from gradflow import keras  # noqa: E402
from gradflow.keras.saving import h5_store, saving_api, saving_lib  # noqa: E402

X = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
Y = np.random.default_rng(1).normal(size=(5, 2)).astype("float32")


@keras.saving.register_keras_serializable(package="saving_test")
class TwoDense(keras.Model):
    """A subclassed model with a sublayer attribute and a list of sublayers."""

    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.hidden = keras.layers.Dense(units, activation="relu")
        self.heads = [keras.layers.Dense(2), keras.layers.Dense(2)]

    def call(self, x):
        h = self.hidden(x)
        return self.heads[0](h) + self.heads[1](h)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def sequential():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])


def functional():
    x = keras.Input((4,), name="features")
    h = keras.layers.Dense(3, activation="tanh")(x)
    return keras.Model(x, keras.layers.Dense(2)(h), name="func")


def nested():
    inner = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)], name="inner")
    x = keras.Input((4,))
    return keras.Model(x, keras.layers.Dense(2)(inner(x)), name="outer")


def subclassed():
    model = TwoDense(units=3)
    model(X)
    return model


BUILDERS = {
    "sequential": sequential,
    "functional": functional,
    "nested": nested,
    "subclassed": subclassed,
}


def trained(builder):
    model = builder()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    model.train_on_batch(X, Y)
    return model


def assert_same_state(a, b):
    np.testing.assert_array_equal(a.predict(X, verbose=0), b.predict(X, verbose=0))
    for wa, wb in zip(a.weights, b.weights, strict=True):
        np.testing.assert_array_equal(wa.numpy(), wb.numpy())


# -- round trips -----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", BUILDERS)
def test_keras_file_round_trip(tmp_path, kind):
    model = trained(BUILDERS[kind])
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = saving_api.load_model(path)
    assert type(loaded).__name__ == type(model).__name__
    assert_same_state(model, loaded)
    assert loaded.compiled
    for va, vb in zip(model.optimizer.variables, loaded.optimizer.variables, strict=True):
        np.testing.assert_array_equal(va.numpy(), vb.numpy())
    # Both keep training identically from the restored optimizer state.
    model.train_on_batch(X, Y)
    loaded.train_on_batch(X, Y)
    assert_same_state(model, loaded)


def test_load_without_compile(tmp_path):
    model = trained(sequential)
    model.save(tmp_path / "m.keras")
    loaded = saving_api.load_model(tmp_path / "m.keras", compile=False)
    assert not loaded.compiled and loaded.optimizer is None
    assert_same_state(model, loaded)


def test_uncompiled_model_round_trip_and_file_object(tmp_path):
    model = functional()
    buffer = io.BytesIO()
    saving_api.save_model(model, buffer)
    loaded = saving_api.load_model(io.BytesIO(buffer.getvalue()))
    assert not loaded.compiled
    assert_same_state(model, loaded)


def test_subclassed_layout_follows_attribute_names(tmp_path):
    path = tmp_path / "sub.weights.h5"
    subclassed().save_weights(path)
    with h5py.File(path, "r") as f:
        groups = []
        f.visititems(lambda name, obj: groups.append(name) if name.endswith("vars") else None)
    # Attributes sorted by name, list items named by class, `layers` adds nothing new (all
    # visited), the model's own (empty) group last by name.
    assert groups == ["heads/dense/vars", "heads/dense_1/vars", "hidden/vars", "vars"]


@pytest.mark.parametrize("kind", BUILDERS)
def test_weights_only_round_trip(tmp_path, kind):
    model = trained(BUILDERS[kind])
    path = tmp_path / "model.weights.h5"
    model.save_weights(path)
    fresh = BUILDERS[kind]()
    fresh.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    fresh.optimizer.build(fresh.trainable_variables)
    fresh.load_weights(path)
    assert_same_state(model, fresh)
    for va, vb in zip(model.optimizer.variables, fresh.optimizer.variables, strict=True):
        np.testing.assert_array_equal(va.numpy(), vb.numpy())


def test_load_weights_from_keras_file(tmp_path):
    model = trained(functional)
    model.save(tmp_path / "m.keras")
    fresh = functional()
    fresh.load_weights(tmp_path / "m.keras")
    assert_same_state(model, fresh)


def test_untrained_optimizer_warns_and_weights_still_load(tmp_path):
    model = trained(sequential)
    model.save_weights(tmp_path / "m.weights.h5")
    fresh = sequential()
    fresh.compile(optimizer="adam", loss="mse")
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer"):
        fresh.load_weights(tmp_path / "m.weights.h5")
    assert_same_state(model, fresh)


def test_mismatched_weights_raise_or_warn(tmp_path):
    sequential().save_weights(tmp_path / "m.weights.h5")
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="could not be loaded"):
        other.load_weights(tmp_path / "m.weights.h5")
    with pytest.warns(UserWarning, match="could not be loaded"):
        other.load_weights(tmp_path / "m.weights.h5", skip_mismatch=True)


def test_bfloat16_weights_round_trip(tmp_path):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, dtype="bfloat16")])
    model.save_weights(tmp_path / "m.weights.h5")
    with h5py.File(tmp_path / "m.weights.h5", "r") as f:
        assert f["layers/dense/vars/0"].attrs["dtype"] == "bfloat16"
    fresh = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, dtype="bfloat16")])
    fresh.load_weights(tmp_path / "m.weights.h5")
    for a, b in zip(model.weights, fresh.weights):
        np.testing.assert_array_equal(a.numpy().astype("float32"), b.numpy().astype("float32"))


# -- file names, overwrite, atomicity ------------------------------------------------------------
def test_file_name_rules(tmp_path):
    model = sequential()
    with pytest.raises(ValueError, match=r"\.keras"):
        model.save(tmp_path / "model.h5")
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        model.save_weights(tmp_path / "model.h5")
    with pytest.raises(ValueError, match="File format not supported"):
        saving_api.load_model(tmp_path / "model.pb")
    with pytest.raises(ValueError, match="File not found"):
        saving_api.load_model(tmp_path / "missing.keras")


def test_overwrite_false_keeps_the_existing_file(tmp_path):
    path = tmp_path / "m.keras"
    path.write_bytes(b"keep me")
    with pytest.raises(FileExistsError, match="overwrite=False"):
        sequential().save(path, overwrite=False)
    assert path.read_bytes() == b"keep me"


def test_failed_save_leaves_no_partial_file(tmp_path):
    class Unsavable(keras.layers.Layer):
        def call(self, x):
            return x

        def get_config(self):
            raise RuntimeError("boom")

    model = keras.Sequential([keras.Input((4,)), Unsavable()])
    path = tmp_path / "m.keras"
    path.write_bytes(b"previous")
    with pytest.raises(RuntimeError, match="boom"):
        model.save(path)
    assert path.read_bytes() == b"previous"
    assert sorted(os.listdir(tmp_path)) == ["m.keras"]


def test_archive_members_order_and_metadata(tmp_path):
    sequential().save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        infos = archive.infolist()
        metadata = json.loads(archive.read("metadata.json"))
    assert [i.filename for i in infos] == ["metadata.json", "config.json", "model.weights.h5"]
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
    assert metadata["keras_version"] == saving_lib.KERAS_VERSION
    assert len(metadata["date_saved"]) == len("2025-01-01@12:00:00")


# -- malformed and hostile files -----------------------------------------------------------------
def _saved(tmp_path) -> bytes:
    sequential().save(tmp_path / "good.keras")
    return (tmp_path / "good.keras").read_bytes()


def _zip_with(path, members: dict, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_truncated_keras_file(tmp_path):
    data = _saved(tmp_path)
    path = tmp_path / "cut.keras"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match=r"cut\.keras.*not a readable zip"):
        saving_api.load_model(path)


def test_not_a_zip(tmp_path):
    path = tmp_path / "text.keras"
    path.write_text("hello")
    with pytest.raises(ValueError, match=r"text\.keras.*not a readable zip"):
        saving_api.load_model(path)


def test_missing_member_and_bad_config(tmp_path):
    with zipfile.ZipFile(io.BytesIO(_saved(tmp_path))) as archive:
        config = archive.read("config.json")
        weights = archive.read("model.weights.h5")
    _zip_with(tmp_path / "a.keras", {"config.json": config})
    with pytest.raises(ValueError, match=r"a\.keras.*no 'model\.weights\.h5' member"):
        saving_api.load_model(tmp_path / "a.keras")
    _zip_with(tmp_path / "b.keras", {"config.json": b"{not json", "model.weights.h5": weights})
    with pytest.raises(ValueError, match=r"b\.keras.*not valid JSON"):
        saving_api.load_model(tmp_path / "b.keras")
    _zip_with(tmp_path / "c.keras", {"config.json": config, "model.weights.h5": b"garbage"})
    with pytest.raises(ValueError, match=r"c\.keras:model\.weights\.h5 is not a valid HDF5"):
        saving_api.load_model(tmp_path / "c.keras")


def test_truncated_weights_file(tmp_path):
    sequential().save_weights(tmp_path / "m.weights.h5")
    data = (tmp_path / "m.weights.h5").read_bytes()
    (tmp_path / "cut.weights.h5").write_bytes(data[: len(data) // 3])
    with pytest.raises(ValueError, match=r"cut\.weights\.h5"):
        sequential().load_weights(tmp_path / "cut.weights.h5")


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    # A member that inflates far beyond its stored size (here scaled down by lowering the
    # floor; the real one is 4 GiB).
    monkeypatch.setattr(saving_lib, "_ZIP_MEMBER_BOMB_FLOOR_BYTES", 1000)
    with zipfile.ZipFile(io.BytesIO(_saved(tmp_path))) as archive:
        weights = archive.read("model.weights.h5")
    bomb = b" " * 1_000_000
    _zip_with(
        tmp_path / "bomb.keras",
        {"config.json": bomb, "model.weights.h5": weights},
        compression=zipfile.ZIP_DEFLATED,
    )
    with pytest.raises(ValueError, match="decompression bomb"):
        saving_api.load_model(tmp_path / "bomb.keras")


def test_h5_shape_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(h5_store, "_DATASET_BOMB_FLOOR_BYTES", 1000)
    path = tmp_path / "bomb.weights.h5"
    with h5py.File(path, "w") as f:
        group = f.create_group("layers/dense/vars")
        # Declares 4 MB, stores nothing (chunked, never written).
        group.create_dataset("0", shape=(1000, 1000), dtype="float32", chunks=(100, 100))
        group.create_dataset("1", data=np.zeros(3, "float32"))
    model = keras.Sequential([keras.Input((1000,)), keras.layers.Dense(1000)])
    with pytest.raises(ValueError, match="shape bomb"):
        model.load_weights(path)


def test_h5_links_are_refused(tmp_path):
    path = tmp_path / "link.weights.h5"
    with h5py.File(path, "w") as f:
        real = f.create_group("elsewhere/vars")
        real["0"] = np.zeros((4, 3), "float32")
        real["1"] = np.zeros((3,), "float32")
        f.create_group("layers/dense")
        f["layers/dense/vars"] = h5py.SoftLink("/elsewhere/vars")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="SoftLink"):
        model.load_weights(path)


def test_safe_mode_refuses_lambda_bytecode(tmp_path):
    with zipfile.ZipFile(io.BytesIO(_saved(tmp_path))) as archive:
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    # What Keras writes for `activation=lambda x: x`: marshalled bytecode.
    config["config"]["layers"][1]["config"]["activation"] = {
        "class_name": "__lambda__",
        "config": {"code": "4wEAAAAAAAAAAAAAAAEAAAABAAAA", "defaults": None, "closure": None},
    }
    _zip_with(
        tmp_path / "lambda.keras", {"config.json": json.dumps(config), "model.weights.h5": weights}
    )
    with pytest.raises(ValueError, match="safe_mode"):
        saving_api.load_model(tmp_path / "lambda.keras")


def test_lambda_layer_needs_safe_mode_off(tmp_path):
    from gradflow.keras.layers.core.lambda_layer import Lambda

    model = keras.Sequential([keras.Input((4,)), Lambda(lambda x: x * 2.0)])
    model.save(tmp_path / "l.keras")
    with pytest.raises(ValueError, match="safe_mode"):
        saving_api.load_model(tmp_path / "l.keras", custom_objects={"Lambda": Lambda})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = saving_api.load_model(
            tmp_path / "l.keras", custom_objects={"Lambda": Lambda}, safe_mode=False
        )
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), X * 2.0)


def test_missing_h5py_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_h5py(name, *args, **kwargs):
        if name == "h5py":
            raise ImportError("No module named 'h5py'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_h5py)
    with pytest.raises(ImportError, match=r"pip install gradflow\[h5\]"):
        h5_store.import_h5py()


# -- sharded weights -------------------------------------------------------------------------
def test_sharded_weights_round_trip(tmp_path):
    model = trained(functional)
    model.save_weights(tmp_path / "m.weights.json", max_shard_size=100 / 1024**3)
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".weights.h5")]) > 2
    fresh = functional()
    fresh.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    fresh.optimizer.build(fresh.trainable_variables)
    fresh.load_weights(tmp_path / "m.weights.json")
    assert_same_state(model, fresh)
    for va, vb in zip(model.optimizer.variables, fresh.optimizer.variables, strict=True):
        np.testing.assert_array_equal(va.numpy(), vb.numpy())


def test_sharded_weights_name_rules(tmp_path):
    model = sequential()
    with pytest.warns(UserWarning, match=r"renamed to .*m\.weights\.json"):
        model.save_weights(tmp_path / "m.weights.h5", max_shard_size=1)
    assert sorted(os.listdir(tmp_path)) == ["m.weights.json", "m_00000.weights.h5"]
    with pytest.raises(ValueError, match=r"must end in `\.weights\.json`"):
        model.save_weights(tmp_path / "m.bin", max_shard_size=1)
    with pytest.raises(ValueError, match="exceeds the maximum shard size"):
        model.save_weights(tmp_path / "n.weights.json", max_shard_size=1e-9)


def test_sharded_index_cannot_point_outside_its_directory(tmp_path):
    sequential().save_weights(tmp_path / "m.weights.json", max_shard_size=1)
    index = json.loads((tmp_path / "m.weights.json").read_text())
    index["weight_map"]["/layers/dense/vars"] = "../../etc/passwd"
    (tmp_path / "m.weights.json").write_text(json.dumps(index))
    with pytest.raises(ValueError, match="invalid shard file name"):
        sequential().load_weights(tmp_path / "m.weights.json")
    (tmp_path / "m.weights.json").write_text("[]")
    with pytest.raises(ValueError, match="not a valid `.weights.json` index"):
        sequential().load_weights(tmp_path / "m.weights.json")
