"""keras.losses behaviour: lookups, the base class, graph mode and error messages."""

import numpy as np
import pytest

import gradflow as gf
from gradflow.keras import losses
from gradflow.keras.saving import register_keras_serializable

Y_TRUE = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=np.float32)
Y_PRED = np.array([[0.2, 0.7], [0.6, 0.1], [0.9, 0.4]], dtype=np.float32)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("mse", losses.mean_squared_error),
        ("MAE", losses.mean_absolute_error),
        ("mape", losses.mean_absolute_percentage_error),
        ("msle", losses.mean_squared_logarithmic_error),
        ("kld", losses.kl_divergence),
        ("bce", losses.binary_crossentropy),
        ("categorical_crossentropy", losses.categorical_crossentropy),
        ("log_cosh", losses.log_cosh),
    ],
)
def test_get_resolves_function_names(name, expected):
    assert losses.get(name) is expected


def test_get_instantiates_classes_and_configs():
    assert isinstance(losses.get("Huber"), losses.Huber)
    assert isinstance(losses.get(losses.Poisson), losses.Poisson)
    loss = losses.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    assert loss.from_logits is True
    assert losses.get(None) is None


def test_get_unknown_name_suggests_close_names():
    with pytest.raises(ValueError, match="Could not interpret loss identifier: 'msee'.*'mse'"):
        losses.get("msee")


def test_invalid_reduction_is_rejected():
    with pytest.raises(ValueError, match="reduction=average"):
        losses.MeanSquaredError(reduction="average")


def test_sum_over_batch_size_divides_by_count_not_weight_sum():
    weights = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    per_sample = losses.mean_squared_error(Y_TRUE, Y_PRED).numpy()
    weighted = losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=weights)
    np.testing.assert_allclose(float(weighted), per_sample[0] / 3, rtol=1e-6)
    by_weight = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    np.testing.assert_allclose(
        float(by_weight(Y_TRUE, Y_PRED, sample_weight=weights)), per_sample[0], rtol=1e-6
    )


def test_loss_inside_gf_function_matches_eager():
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)

    @gf.function
    def traced(y_true, y_pred, weight):
        return loss(y_true, y_pred, sample_weight=weight)

    weight = np.array([1.0, 2.0, 0.5], dtype=np.float32)
    eager = loss(Y_TRUE, Y_PRED, sample_weight=weight)
    np.testing.assert_allclose(
        traced(gf.constant(Y_TRUE), gf.constant(Y_PRED), gf.constant(weight)).numpy(),
        eager.numpy(),
        rtol=1e-6,
    )


def test_hinge_label_conversion_works_when_traced():
    @gf.function
    def traced(y_true, y_pred):
        return losses.hinge(y_true, y_pred)

    np.testing.assert_allclose(
        traced(gf.constant(Y_TRUE), gf.constant(Y_PRED)).numpy(),
        losses.hinge(Y_TRUE, Y_PRED).numpy(),
        rtol=1e-6,
    )


def test_ignore_class_masks_the_reduction():
    logits = np.array([[2.0, 0.0], [0.0, 3.0], [1.0, 1.0]], dtype=np.float32)
    labels = np.array([0, 1, 1], dtype=np.float32)
    kept = losses.sparse_categorical_crossentropy(labels[:1], logits[:1], from_logits=True)
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=1)
    np.testing.assert_allclose(float(loss(labels, logits)), float(kept[0]), rtol=1e-6)


def test_gradient_matches_finite_differences_in_float64():
    loss = losses.Huber(delta=0.3, dtype="float64")
    y_true = np.array([[0.1, -0.4, 0.9]])
    y_pred = np.array([[0.3, 0.2, 0.5]])

    def value(p):
        return float(loss(y_true, p))

    with gf.GradientTape() as tape:
        p = gf.constant(y_pred)
        tape.watch(p)
        out = loss(y_true, p)
    grad = tape.gradient(out, p).numpy()
    eps = 1e-6
    numeric = np.zeros_like(y_pred)
    for i in range(3):
        step = np.zeros_like(y_pred)
        step[0, i] = eps
        numeric[0, i] = (value(y_pred + step) - value(y_pred - step)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6)
    assert out.dtype == np.float64


def test_loss_function_wrapper_round_trips_custom_function():
    @register_keras_serializable(package="test_losses")
    def scaled_abs(y_true, y_pred, scale=1.0):
        return scale * gf.numpy.mean(gf.numpy.abs(y_pred - y_true), axis=-1)

    loss = losses.LossFunctionWrapper(scaled_abs, name="scaled", scale=2.0)
    config = losses.serialize(loss)
    assert config["config"]["scale"] == 2.0
    clone = losses.deserialize(config)
    np.testing.assert_allclose(float(clone(Y_TRUE, Y_PRED)), float(loss(Y_TRUE, Y_PRED)))


def test_loss_function_wrapper_round_trips_builtin_function():
    loss = losses.LossFunctionWrapper(losses.mean_squared_error, name="wrapped")
    clone = losses.LossFunctionWrapper.from_config(loss.get_config())
    assert clone.fn is losses.mean_squared_error


def test_subclass_without_call_says_what_to_implement():
    class Empty(losses.Loss):
        pass

    with pytest.raises(TypeError, match="must implement `call"):
        Empty()(Y_TRUE, Y_PRED)


def test_generalized_cross_entropy_rejects_q_outside_unit_interval():
    with pytest.raises(ValueError, match="q=1.5"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)


def test_keras_public_names_are_exported():
    expected = {
        "BinaryCrossentropy", "BinaryFocalCrossentropy", "CTC", "CategoricalCrossentropy",
        "CategoricalFocalCrossentropy", "CategoricalGeneralizedCrossEntropy",
        "CategoricalHinge", "Circle", "CosineSimilarity", "Dice", "Hinge", "Huber",
        "KLDivergence", "LogCosh", "Loss", "MeanAbsoluteError", "MeanAbsolutePercentageError",
        "MeanSquaredError", "MeanSquaredLogarithmicError", "Poisson",
        "SparseCategoricalCrossentropy", "SquaredHinge", "Tversky", "binary_crossentropy",
        "binary_focal_crossentropy", "categorical_crossentropy",
        "categorical_focal_crossentropy", "categorical_generalized_cross_entropy",
        "categorical_hinge", "circle", "cosine_similarity", "ctc", "deserialize", "dice", "get",
        "hinge", "huber", "kl_divergence", "log_cosh", "mean_absolute_error",
        "mean_absolute_percentage_error", "mean_squared_error",
        "mean_squared_logarithmic_error", "poisson", "serialize",
        "sparse_categorical_crossentropy", "squared_hinge", "tversky",
    }  # fmt: skip
    missing = {name for name in expected if not hasattr(losses, name)}
    assert not missing
