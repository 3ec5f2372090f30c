"""keras.utils. Names load on first use: the layer machinery imports utils.naming, and
eager imports here would loop back into keras.ops and keras.random."""

import importlib as _importlib

_NAMES = {
    "get_file": "gradflow.keras.utils.file_utils",
    "normalize": "gradflow.keras.utils.numerical_utils",
    "to_categorical": "gradflow.keras.utils.numerical_utils",
    "Progbar": "gradflow.keras.utils.progbar",
    "PyDataset": "gradflow.keras.utils.py_dataset",
    "Sequence": "gradflow.keras.utils.py_dataset",
    "pad_sequences": "gradflow.keras.utils.sequence_utils",
    "split_dataset": "gradflow.keras.utils.dataset_utils",
    "image_dataset_from_directory": "gradflow.keras.utils.image_dataset_utils",
    "text_dataset_from_directory": "gradflow.keras.utils.text_dataset_utils",
    "timeseries_dataset_from_array": "gradflow.keras.utils.timeseries_dataset_utils",
    "set_random_seed": "gradflow.keras.random.seeding",
    "custom_object_scope": "gradflow.keras.saving",
    "CustomObjectScope": "gradflow.keras.saving",
    "get_custom_objects": "gradflow.keras.saving",
    "get_registered_name": "gradflow.keras.saving",
    "get_registered_object": "gradflow.keras.saving",
    "register_keras_serializable": "gradflow.keras.saving",
    "serialize_keras_object": "gradflow.keras.saving",
    "deserialize_keras_object": "gradflow.keras.saving",
}
_ALIASES = {"Sequence": "PyDataset"}


def __getattr__(name: str):
    if name in _NAMES:
        value = getattr(_importlib.import_module(_NAMES[name]), _ALIASES.get(name, name))
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gradflow.keras.utils' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_NAMES))
