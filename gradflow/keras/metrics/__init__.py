"""keras.metrics: the built-in metrics as classes and functions, and `get`, `serialize`,
`deserialize` to look them up by name or config.

Example:
>>> from gradflow import keras
>>> m = keras.metrics.get("mae")
>>> m.update_state([[1.0], [2.0]], [[1.5], [1.0]])
>>> float(m.result())
0.75
"""

import inspect

from gradflow.keras.losses import (
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    categorical_hinge,
    hinge,
    huber,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from gradflow.keras.metrics.accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from gradflow.keras.metrics.confusion_metrics import (
    AUC,
    FalseNegatives,
    FalsePositives,
    Precision,
    PrecisionAtRecall,
    Recall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SpecificityAtSensitivity,
    TrueNegatives,
    TruePositives,
)
from gradflow.keras.metrics.correlation_metrics import (
    ConcordanceCorrelation,
    PearsonCorrelation,
    concordance_correlation,
    pearson_correlation,
)
from gradflow.keras.metrics.f_score_metrics import F1Score, FBetaScore
from gradflow.keras.metrics.hinge_metrics import CategoricalHinge, Hinge, SquaredHinge
from gradflow.keras.metrics.iou_metrics import BinaryIoU, IoU, MeanIoU, OneHotIoU, OneHotMeanIoU
from gradflow.keras.metrics.metric import Metric
from gradflow.keras.metrics.probabilistic_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
)
from gradflow.keras.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum
from gradflow.keras.metrics.regression_metrics import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    R2Score,
    RootMeanSquaredError,
)
from gradflow.keras.saving import serialization_lib
from gradflow.keras.utils.naming import to_snake_case as _to_snake_case

_ALL_OBJECTS = (
    Metric, Mean, Sum, MeanMetricWrapper,
    MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError, R2Score,
    AUC, FalseNegatives, FalsePositives, Precision, PrecisionAtRecall, Recall,
    RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity, TrueNegatives,
    TruePositives,
    ConcordanceCorrelation, PearsonCorrelation,
    Hinge, SquaredHinge, CategoricalHinge,
    KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
    F1Score, FBetaScore,
    IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU,
)  # fmt: skip

# Class names and their snake_case forms ("AUC", "auc", "mean_squared_error") name the
# classes, as in Keras; so do the short aliases below.
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _ALL_OBJECTS}
ALL_OBJECTS_DICT.update({_to_snake_case(cls.__name__): cls for cls in _ALL_OBJECTS})
ALL_OBJECTS_DICT.update(
    {
        "bce": BinaryCrossentropy,
        "BCE": BinaryCrossentropy,
        "mse": MeanSquaredError,
        "MSE": MeanSquaredError,
        "mae": MeanAbsoluteError,
        "MAE": MeanAbsoluteError,
        "mape": MeanAbsolutePercentageError,
        "MAPE": MeanAbsolutePercentageError,
        "msle": MeanSquaredLogarithmicError,
        "MSLE": MeanSquaredLogarithmicError,
    }
)


def serialize(metric):
    """A metric instance or function as Keras's config dict.

    Args:
        metric: a `Metric` instance or a metric function.

    Example:
    >>> serialize(Precision(name="p"))["config"]["name"]
    'p'
    """
    return serialization_lib.serialize_keras_object(metric)


def deserialize(config, custom_objects=None):
    """The metric instance (or function) a config describes.

    Args:
        config: a config dict from `serialize`, or a name.
        custom_objects: extra name -> class/function mappings.

    Example:
    >>> deserialize({"class_name": "AUC", "config": {"num_thresholds": 50}}).num_thresholds
    50
    """
    return serialization_lib.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects
    )


def get(identifier):
    """A metric from a name, config dict, class, function or instance.

    Names and classes give a new instance with default arguments ("mse",
    "MeanSquaredError" and "mean_squared_error" all give `MeanSquaredError()`). The
    trainer resolves "accuracy"/"acc" to the right accuracy for the targets' shape
    before asking here; here "accuracy" gives `Accuracy()`, as in Keras.

    Args:
        identifier: None, a string, a config dict, a `Metric` class or instance, or a
            function `fn(y_true, y_pred)`.

    Example:
    >>> type(get("auc")).__name__, type(get("mse")).__name__
    ('AUC', 'MeanSquaredError')
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = serialization_lib.lookup(identifier, "metric", ALL_OBJECTS_DICT)
    else:
        obj = identifier
    if not callable(obj):
        raise ValueError(f"Could not interpret metric identifier: {identifier}")
    return obj() if inspect.isclass(obj) else obj
