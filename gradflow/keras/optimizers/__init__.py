"""keras.optimizers: the optimizers, `get`/`serialize`/`deserialize`, and `schedules`.

Example:
>>> from gradflow.keras import optimizers
>>> optimizers.get("adam").get_config()["beta_1"]
0.9
"""

from gradflow.keras.optimizers import schedules
from gradflow.keras.optimizers.adadelta import Adadelta
from gradflow.keras.optimizers.adafactor import Adafactor
from gradflow.keras.optimizers.adagrad import Adagrad
from gradflow.keras.optimizers.adam import Adam
from gradflow.keras.optimizers.adamax import Adamax
from gradflow.keras.optimizers.adamw import AdamW
from gradflow.keras.optimizers.ftrl import Ftrl
from gradflow.keras.optimizers.lamb import Lamb
from gradflow.keras.optimizers.lion import Lion
from gradflow.keras.optimizers.loss_scale_optimizer import LossScaleOptimizer
from gradflow.keras.optimizers.nadam import Nadam
from gradflow.keras.optimizers.optimizer import Optimizer
from gradflow.keras.optimizers.rmsprop import RMSprop
from gradflow.keras.optimizers.sgd import SGD
from gradflow.keras.saving import serialization_lib as _serialization_lib

# The names `get` accepts, lowercased: Keras's own list (which leaves out Lamb).
ALL_OBJECTS_DICT = {
    cls.__name__.lower(): cls
    for cls in (
        Optimizer,
        Adam,
        SGD,
        RMSprop,
        Adadelta,
        AdamW,
        Adagrad,
        Adamax,
        Adafactor,
        Nadam,
        Ftrl,
        Lion,
        LossScaleOptimizer,
    )
}


def serialize(optimizer) -> dict:
    """An optimizer as Keras's config dict (`{"module", "class_name", "config", …}`).

    Args:
        optimizer: an `Optimizer`.

    Example:
    >>> serialize(SGD(name="sgd"))["config"]["momentum"]
    0.0
    """
    return _serialization_lib.serialize_keras_object(optimizer)


def deserialize(config: dict, custom_objects=None):
    """The optimizer a config dict describes (class names of built-ins in any case).

    Args:
        config: the output of `serialize`.
        custom_objects: extra name -> class mappings.

    Example:
    >>> deserialize({"class_name": "RMSProp", "config": {"rho": 0.8}}).rho
    0.8
    """
    config = dict(config)
    if config["class_name"].lower() in ALL_OBJECTS_DICT:
        config["class_name"] = config["class_name"].lower()
    return _serialization_lib.deserialize_keras_object(
        config, custom_objects=custom_objects, module_objects=ALL_OBJECTS_DICT
    )


def get(identifier):
    """An optimizer from a name ('adam', 'sgd', …), a config dict, or an instance.

    Args:
        identifier: a string, a config dict, an `Optimizer` or None.

    Raises:
        ValueError: for anything else, with the closest names for a misspelled one.

    Example:
    >>> get("sgd").__class__.__name__
    'SGD'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        found = deserialize(identifier)
    elif isinstance(identifier, str):
        if identifier.lower() not in ALL_OBJECTS_DICT:
            raise ValueError(
                _serialization_lib.unknown_name_message("optimizer", identifier, ALL_OBJECTS_DICT)
            )
        found = deserialize({"class_name": identifier, "config": {}})
    else:
        found = identifier
    if isinstance(found, Optimizer):
        return found
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")
