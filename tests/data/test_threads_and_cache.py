"""prefetch (a background thread), parallel map, and cache (memory and file)."""

import os
import threading

import numpy as np
import pytest

import gradflow as gf
import gradflow.data as gd
from gradflow.errors import ShapeError


def _threads(prefix: str) -> int:
    return sum(t.name.startswith(prefix) and t.is_alive() for t in threading.enumerate())


def _wait_until_gone(prefix: str) -> bool:
    for t in threading.enumerate():
        if t.name.startswith(prefix):
            t.join(timeout=5)
    return _threads(prefix) == 0


def test_prefetch_runs_upstream_in_a_daemon_thread():
    names = []

    def record(x):
        names.append(threading.current_thread().name)
        return x

    ds = gd.Dataset.range(5).map(record).prefetch(2)
    assert [int(x) for x in ds] == list(range(5))
    assert set(names) == {"gf.data.prefetch"}
    assert ds.cardinality() == 5 and ds.element_spec == gf.TensorSpec((), "int64")


def test_stopping_early_leaks_no_threads():
    ds = gd.Dataset.range(10**9).map(lambda x: x + 1, num_parallel_calls=2).prefetch(3)
    it = iter(ds)
    assert [int(next(it)) for _ in range(4)] == [1, 2, 3, 4]
    it.close()
    assert _wait_until_gone("gf.data.prefetch")
    assert _wait_until_gone("gf.data.map")
    # and through take(), which closes its upstream
    assert [int(x) for x in ds.take(3)] == [1, 2, 3]
    assert _wait_until_gone("gf.data.prefetch")


def test_producer_errors_reraise_in_the_consumer_with_the_stage_named():
    ragged = gd.Dataset.from_generator(
        lambda: iter([[1], [1, 2]]), output_signature=gf.TensorSpec((None,), "int32")
    )
    with pytest.raises(ShapeError, match="Dataset.batch"):
        list(ragged.batch(2).prefetch(1))

    def fail(x):
        raise RuntimeError("decode failed")

    with pytest.raises(gd.StageError, match=r"Dataset.map\(fail\) failed on element int64\[\]"):
        list(gd.Dataset.range(3).map(fail).prefetch(gd.AUTOTUNE))
    assert _wait_until_gone("gf.data.prefetch")


def test_parallel_map_runs_on_worker_threads():
    names = set()

    def record(x):
        names.add(threading.current_thread().name)
        return x

    assert len(list(gd.Dataset.range(20).map(record, num_parallel_calls=3))) == 20
    assert names and all(n.startswith("gf.data.map") for n in names)


def test_memory_cache_runs_upstream_once():
    calls = []
    ds = gd.Dataset.range(4).map(lambda x: calls.append(1) or x).cache()
    assert [int(x) for x in ds] == [0, 1, 2, 3]
    assert [int(x) for x in ds] == [0, 1, 2, 3]
    assert len(calls) == 4


def test_memory_cache_keeps_only_a_complete_pass():
    calls = []
    ds = gd.Dataset.range(4).map(lambda x: calls.append(1) or x).cache()
    assert [int(x) for x in ds.take(2)] == [0, 1]
    assert [int(x) for x in ds] == [0, 1, 2, 3]
    assert len(calls) == 6


def test_file_cache_writes_once_and_is_read_by_a_new_pipeline(tmp_path):
    path = str(tmp_path / "cache.gfc")
    calls = []
    data = ({"img": np.arange(12, dtype="uint8").reshape(3, 4)}, ["a", "bb", "c"])
    make = lambda: gd.Dataset.from_tensor_slices(data).map(  # noqa: E731
        lambda d, s: calls.append(1) or (d, s)
    )
    ds = make().cache(path)
    partial = iter(ds)
    next(partial)
    partial.close()
    assert not os.path.exists(path) and os.listdir(tmp_path) == []  # no half-written file
    first = list(ds.as_numpy_iterator())
    assert os.path.exists(path) and len(calls) == 4
    again = list(make().cache(path).as_numpy_iterator())
    assert len(calls) == 4
    assert [s for _, s in again] == [b"a", b"bb", b"c"]
    assert all((a[0]["img"] == b[0]["img"]).all() for a, b in zip(first, again))
    assert again[0][0]["img"].dtype == np.uint8


def test_file_cache_rejects_a_foreign_file(tmp_path):
    path = tmp_path / "other"
    path.write_bytes(b"not a cache")
    with pytest.raises(ValueError, match="not a gradflow dataset cache"):
        list(gd.Dataset.range(2).cache(str(path)))
