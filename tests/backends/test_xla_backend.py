"""The xla backend: choosing it, devices, eager kernels, errors, and imports."""

import os
import subprocess
import sys

import numpy as np
import pytest

import gradflow as gf
from gradflow.backends.xla import runtime
from gradflow.core import primitive
from gradflow.ops._rules import unary_float

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _python(code: str, **env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_gradflow_does_not_import_jax():
    out = _python(
        "import sys, gradflow as gf; gf.config.set_backend('numpy'); print('jax' in sys.modules)"
    )
    assert out == "False"


def test_env_var_chooses_xla_and_jax_loads_on_first_use():
    if not runtime.available():
        pytest.skip("the xla extra (jax) is not installed")
    code = (
        "import sys, gradflow as gf\n"
        "print(gf.config.get_backend(), 'jax' in sys.modules)\n"
        "x = gf.numpy.exp(gf.constant([0.0, 1.0]))\n"
        "print(type(x._value).__module__.split('.')[0], 'jax' in sys.modules)\n"
    )
    lines = _python(code, GRADFLOW_BACKEND="xla").splitlines()
    assert lines == ["xla False", "jaxlib True"]


def test_env_var_with_an_unknown_backend_fails_at_import():
    result = subprocess.run(
        [sys.executable, "-c", "import gradflow"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GRADFLOW_BACKEND": "tpu"},
        timeout=120,
    )
    assert result.returncode != 0
    assert "GRADFLOW_BACKEND: unknown backend 'tpu'; available: numpy, xla" in result.stderr


def test_set_backend_switches_and_rejects_unknown_names(xla):
    assert gf.config.get_backend() == "xla"
    with pytest.raises(gf.BackendError, match="unknown backend 'jaxx'; available: numpy, xla"):
        gf.config.set_backend("jaxx")
    assert gf.config.get_backend() == "xla"


def test_missing_jax_names_the_extra(monkeypatch):
    monkeypatch.setattr(runtime, "available", lambda: False)
    with pytest.raises(gf.BackendError, match=r"pip install gradflow\[xla\]"):
        gf.config.set_backend("xla")
    assert gf.config.get_backend() == "numpy"


def test_eager_ops_run_on_jax_arrays_and_match_numpy(xla):
    import jax

    x = gf.constant([[1.0, -2.0], [3.0, 0.5]])
    y = gf.nn.relu(x @ x.T) / 2.0 + gf.numpy.sum(x, axis=0)
    assert isinstance(y._value, jax.Array)
    a = np.array([[1.0, -2.0], [3.0, 0.5]], np.float32)
    np.testing.assert_allclose(y.numpy(), np.maximum(a @ a.T, 0) / 2 + a.sum(0), rtol=1e-6)
    assert y.dtype == np.float32 and y.device == "cpu:0"


def test_eager_gradients_on_xla(xla):
    x = gf.constant([0.5, 1.0, 2.0])
    with gf.GradientTape() as tape:
        tape.watch(x)
        y = gf.numpy.sum(gf.numpy.sin(x) * x)
    g = tape.gradient(y, x).numpy()
    xs = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(g, np.cos(xs) * xs + np.sin(xs), rtol=1e-6)


def test_tensors_from_xla_behave_like_any_tensor(xla):
    x = gf.constant([1.5, 2.5])
    host = x.numpy()
    assert isinstance(host, np.ndarray) and not host.flags.writeable
    assert x.tolist() == [1.5, 2.5]
    assert float(x[1]) == 2.5
    assert np.asarray(x).dtype == np.float32
    assert "shape=(2,), dtype=float32" in repr(x)
    assert x.to_device("cpu") is x


def test_eager_kernels_compile_once_per_attributes_and_shapes(xla):
    from gradflow.ops.elementwise import exp

    x = gf.constant(np.ones((2, 3), np.float32))
    gf.numpy.exp(x)
    kernel = exp.impls["xla"]
    before = len(kernel._cache)
    for _ in range(3):
        gf.numpy.exp(x)
    assert len(kernel._cache) == before
    gf.numpy.exp(gf.constant(np.ones((4,), np.float32)))
    assert len(kernel._cache) == before + 1


def test_data_dependent_shapes_run_eagerly(xla):
    found = gf.numpy.nonzero(gf.constant([0, 3, 0, 4]))[0]
    assert found.tolist() == [1, 3]
    values = gf.numpy.unique_values(gf.constant([3, 1, 3, 2]))
    assert values.tolist() == [1, 2, 3]


def test_a_primitive_without_xla_rule_is_an_error_naming_op_and_backend(xla):
    demo = primitive.primitive(
        "demo_no_xla", infer=unary_float, grad=primitive.NOT_DIFFERENTIABLE, numpy=np.sin
    )
    try:
        with pytest.raises(gf.BackendError, match="demo_no_xla: no kernel for the 'xla' backend"):
            demo(gf.constant([1.0]))

        @gf.function
        def f(x):
            return demo(x)

        with pytest.raises(gf.BackendError, match="demo_no_xla: no kernel for the 'xla'"):
            f(gf.constant([1.0]))
    finally:
        primitive.REGISTRY.pop("demo_no_xla")


def test_list_devices(xla):
    devices = gf.config.list_devices()
    assert devices[0] == "cpu:0"
    assert all(d.split(":")[0] in ("cpu", "gpu", "tpu") for d in devices)


def test_list_devices_on_numpy():
    assert gf.config.list_devices() == ["cpu:0"]


def test_device_context_places_tensors(xla):
    with gf.device("cpu") as name:
        assert name == "cpu:0"
        x = gf.constant([1.0, 2.0]) * 3.0
    assert x.device == "cpu:0"
    assert gf.config.get_backend() == "xla"


def test_unknown_device_lists_the_available_ones(xla):
    names = gf.config.list_devices()
    missing = "gpu:7" if "gpu:7" not in names else "tpu:9"
    with pytest.raises(gf.BackendError, match=f"no device '{missing}'; available: cpu:0"):
        with gf.device(missing):
            pass


def test_numpy_backend_has_only_the_cpu():
    with gf.device("/device:CPU:0"):
        assert gf.constant(1.0).device == "cpu:0"
    with pytest.raises(gf.BackendError, match="has only 'cpu:0'.*set_backend\\('xla'\\)"):
        with gf.device("gpu:0"):
            pass
    with pytest.raises(gf.BackendError, match="cannot read 'gpu:x' as a device name"):
        with gf.device("gpu:x"):
            pass


def test_tensors_made_on_xla_still_work_on_numpy(xla):
    x = gf.constant([1.0, 4.0])
    gf.config.set_backend("numpy")
    y = gf.numpy.sqrt(x)
    assert type(y._value) is np.ndarray and y.tolist() == [1.0, 2.0]


def test_variables_on_xla_hold_device_buffers(xla):
    import jax

    v = gf.Variable(np.array([1.0, 2.0], np.float32))
    assert isinstance(v._tensor._value, jax.Array)
    v.assign_add([1.0, 1.0])
    assert v.numpy().tolist() == [2.0, 3.0]
    assert "Variable" in repr(v)


def test_eager_xla_keeps_kernel_lookup_per_primitive(xla):
    x = gf.constant([1.0])
    gf.numpy.tanh(x)
    from gradflow.ops.elementwise import tanh

    assert set(tanh.impls) == {"numpy", "xla"}
    kernel = tanh.impls["xla"]
    gf.numpy.tanh(x)
    assert tanh.impls["xla"] is kernel
