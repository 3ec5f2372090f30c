"""keras.metrics behaviour beyond the parity table: the Metric base class, lazy builds
and tracing, get/serialize/deserialize, masks, and argument errors."""

import json
import pathlib
import warnings

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import backend, masking, metrics
from gradflow.keras.saving import object_registration

CASES = json.loads(
    (pathlib.Path(__file__).parent.parent / "fixtures" / "metrics" / "cases.json").read_text()
)["cases"]


class Total(metrics.Metric):
    def __init__(self, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.inner = metrics.Mean(name="inner_mean")

    def update_state(self, values):
        values = gf.asarray(values, dtype=self.dtype)
        self.total.assign_add(gf.numpy.sum(values))
        self.inner.update_state(values)

    def result(self):
        return self.total.value() + self.inner.result()


def test_subclass_tracks_its_variables_and_inner_metrics():
    backend.clear_session()
    m = Total()
    assert m.name == "total"
    assert [v.path for v in m.variables] == ["total/total", "inner_mean/total", "inner_mean/count"]
    assert all(not v.trainable for v in m.variables)
    assert float(m([1.0, 3.0])) == 6.0  # 4 + mean 2
    m.reset_state()
    assert [float(v.numpy()) for v in m.variables] == [0.0, 0.0, 0.0]


def test_default_names_are_unique_per_session():
    backend.clear_session()
    assert [metrics.Precision().name for _ in range(3)] == [
        "precision",
        "precision_1",
        "precision_2",
    ]
    assert metrics.MeanIoU(num_classes=2).name == "mean_io_u"


def test_forgetting_super_init_is_reported():
    class Broken(metrics.Metric):
        def __init__(self):
            self.total = self.add_variable(shape=(), initializer="zeros", name="total")

    with pytest.raises(RuntimeError, match="super"):
        Broken()


def test_metric_without_update_state_cannot_be_called():
    with pytest.raises(TypeError, match="update_state"):
        metrics.Metric(name="bare")([1.0])


def test_add_variable_rejects_unknown_aggregation_and_takes_initializers():
    m = metrics.Metric(name="m")
    with pytest.raises(ValueError, match="aggregation=average"):
        m.add_variable((2,), "zeros", aggregation="average", name="v")
    ones = m.add_variable((2,), "ones", dtype="float64", name="ones")
    assert ones.dtype == np.float64 and ones.numpy().tolist() == [1.0, 1.0]
    custom = m.add_variable((2,), lambda shape, dtype: np.full(shape, 3, dtype), name="c")
    assert custom.numpy().tolist() == [3.0, 3.0]


def test_variables_cannot_be_created_while_tracing():
    m = metrics.Metric(name="m")

    @gf.function
    def make(x):
        m.add_variable((), "zeros", name="late")
        return x

    with pytest.raises(RuntimeError, match="while a function is being traced"):
        make(gf.constant(1.0))


@pytest.mark.parametrize(
    "make",
    [
        lambda: metrics.R2Score(),
        lambda: metrics.F1Score(),
        lambda: metrics.AUC(multi_label=True),
    ],
    ids=["R2Score", "F1Score", "AUC-multi-label"],
)
def test_lazy_metrics_refuse_to_build_while_tracing_and_build_eagerly(make):
    y_true = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)
    y_pred = np.array([[0.8, 0.3], [0.4, 0.9], [0.6, 0.2]], np.float32)
    m = make()
    assert not m.built

    @gf.function
    def step(a, b):
        m.update_state(a, b)
        return m.result()

    with pytest.raises(RuntimeError, match="build"):
        step(y_true, y_pred)
    m.build(y_true.shape, y_pred.shape)
    traced = step(y_true, y_pred).numpy()
    eager = make()
    eager.update_state(y_true, y_pred)  # the first eager update builds
    assert eager.built
    np.testing.assert_allclose(traced, eager.result().numpy(), rtol=1e-6)


def test_traced_step_traces_once_for_repeated_shapes():
    m = metrics.AUC(num_thresholds=11)
    traces = []

    @gf.function
    def step(a, b):
        traces.append(1)
        m.update_state(a, b)
        return m.result()

    rng = np.random.default_rng(0)
    for _ in range(3):
        step(rng.integers(0, 2, (6, 1)).astype(np.float32), rng.uniform(size=(6, 1)).astype("f"))
    assert len(traces) == 1


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_config_round_trips(case):
    backend.clear_session()
    m = getattr(metrics, case["class_name"])(**case["kwargs"])
    clone = metrics.deserialize(metrics.serialize(m))
    assert type(clone) is type(m)
    assert metrics.serialize(clone) == metrics.serialize(m)


def test_get_accepts_every_kind_of_identifier():
    assert metrics.get(None) is None
    m = metrics.Recall()
    assert metrics.get(m) is m
    assert isinstance(metrics.get(metrics.Hinge), metrics.Hinge)
    assert metrics.get(metrics.binary_accuracy) is metrics.binary_accuracy
    auc = metrics.get({"class_name": "AUC", "config": {"curve": "PR", "num_thresholds": 9}})
    assert auc.curve.value == "PR" and auc.num_thresholds == 9


def test_get_unknown_name_suggests_close_ones():
    with pytest.raises(ValueError, match="metric identifier.*Did you mean.*'mse'"):
        metrics.get("msee")
    with pytest.raises(ValueError, match="Could not interpret metric identifier"):
        metrics.get(42)


def test_mean_metric_wrapper_serializes_its_function_and_kwargs():
    @object_registration.register_keras_serializable(package="test_metrics")
    def scaled_error(y_true, y_pred, scale=1.0):
        return scale * gf.numpy.abs(gf.asarray(y_true) - gf.asarray(y_pred))

    m = metrics.MeanMetricWrapper(scaled_error, name="scaled", scale=2.0)
    m.update_state([1.0, 2.0], [2.0, 2.0])
    assert float(m.result()) == 1.0
    config = m.get_config()
    assert config["scale"] == 2.0 and config["fn"]["config"] == "test_metrics>scaled_error"
    clone = metrics.MeanMetricWrapper.from_config(config)
    clone.update_state([1.0, 2.0], [2.0, 2.0])
    assert float(clone.result()) == 1.0


def test_loss_based_metrics_wrap_the_loss_functions():
    from gradflow.keras import losses

    assert metrics.MeanSquaredError()._fn is losses.mean_squared_error
    assert metrics.CategoricalHinge()._fn is losses.categorical_hinge
    assert metrics.MeanSquaredError()._direction == "down"
    assert metrics.AUC()._direction == "up"


def test_keras_mask_on_predictions_drops_masked_samples():
    y_true = gf.constant([[1.0], [2.0], [3.0]])
    y_pred = gf.constant([[1.0], [0.0], [5.0]])
    masking.set_keras_mask(y_pred, gf.constant([True, False, True]))
    m = metrics.MeanAbsoluteError()
    m.update_state(y_true, y_pred)
    assert float(m.result()) == 1.0  # (0 + 2) / 2; the masked error of 2 is left out


def test_sample_weight_of_zero_everywhere_gives_zero_not_nan():
    m = metrics.Mean()
    m.update_state([1.0, 2.0], sample_weight=[0.0, 0.0])
    assert float(m.result()) == 0.0
    p = metrics.Precision()
    assert float(p.result()) == 0.0


def test_iou_warns_about_float_weights_with_int_dtype():
    m = metrics.MeanIoU(num_classes=2)
    with pytest.warns(UserWarning, match="integer weights"):
        m.update_state([0, 1], [0, 1], sample_weight=np.array([1.0, 1.0], np.float32))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.update_state([0, 1], [0, 1], sample_weight=np.array([1, 1], np.int32))


def test_r2_adjusted_falls_back_with_a_warning_when_too_few_samples():
    m = metrics.R2Score(num_regressors=3)
    y_true = np.array([[1.0], [4.0], [3.0]], np.float32)
    y_pred = np.array([[2.0], [4.0], [4.0]], np.float32)
    m.update_state(y_true, y_pred)
    plain = metrics.R2Score()
    plain.update_state(y_true, y_pred)
    with pytest.warns(UserWarning, match="More independent predictors"):
        adjusted = m.result()
    assert float(adjusted) == pytest.approx(float(plain.result()))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: metrics.AUC(num_thresholds=1), "num_thresholds=1"),
        (lambda: metrics.AUC(curve="roc-ish"), "Invalid AUC curve"),
        (lambda: metrics.AUC(summation_method="simpson"), "Invalid AUC summation"),
        (lambda: metrics.AUC(num_labels=3), "only when `multi_label` is True"),
        (lambda: metrics.Precision(thresholds=[0.5, 1.5]), r"must be in \[0, 1\]"),
        (lambda: metrics.SensitivityAtSpecificity(1.5), "specificity=1.5"),
        (lambda: metrics.PrecisionAtRecall(0.5, num_thresholds=0), "num_thresholds=0"),
        (lambda: metrics.FBetaScore(beta=2), "beta=2"),
        (lambda: metrics.FBetaScore(average="mean"), "average=mean"),
        (lambda: metrics.F1Score(threshold=1.5), "threshold=1.5"),
        (lambda: metrics.R2Score(class_aggregation="median"), "class_aggregation=median"),
        (lambda: metrics.R2Score(num_regressors=-1), "num_regressors=-1"),
        (lambda: metrics.IoU(num_classes=2, target_class_ids=[2]), "out of range"),
    ],
)
def test_bad_arguments_say_what_was_received(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_class_id_needs_2d_predictions():
    with pytest.raises(ValueError, match="class_id"):
        metrics.Precision(class_id=1).update_state([1.0, 0.0], [0.7, 0.2])


def test_r2_needs_2d_inputs():
    with pytest.raises(ValueError, match="2D inputs"):
        metrics.R2Score().update_state([1.0, 2.0, 3.0], [1.0, 2.0, 2.0])
