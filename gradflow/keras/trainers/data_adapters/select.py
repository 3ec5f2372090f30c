"""Pick the data adapter for whatever the user passed to fit/evaluate/predict."""

from __future__ import annotations

import inspect

from gradflow.keras.trainers.data_adapters.array_data_adapter import (
    ArrayDataAdapter,
    is_array_data,
)
from gradflow.keras.trainers.data_adapters.dataset_adapter import DatasetAdapter
from gradflow.keras.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from gradflow.keras.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter


def get_data_adapter(
    x,
    y=None,
    sample_weight=None,
    batch_size=None,
    steps_per_epoch=None,
    shuffle=False,
    class_weight=None,
):
    """The adapter for `x` (arrays, a gf.data.Dataset, a PyDataset or a generator).

    Raises:
        ValueError: `y` or `sample_weight` given with an input that carries its own
            targets, or data of a kind nothing accepts.
    """
    from gradflow.keras.utils.py_dataset import PyDataset

    def refuse_targets(kind: str):
        if y is not None:
            raise ValueError(
                f"When providing `x` as a {kind}, `y` should not be passed. Instead, the "
                f"targets should be included as part of the {kind}."
            )
        if sample_weight is not None:
            raise ValueError(
                f"When providing `x` as a {kind}, `sample_weight` should not be passed. "
                f"Instead, the sample weights should be included as part of the {kind}."
            )
        if class_weight is not None and kind != "PyDataset":
            raise ValueError(f"Argument `class_weight` is not supported for {kind} inputs.")

    if _is_gf_dataset(x):
        refuse_targets("gradflow.data.Dataset")
        return DatasetAdapter(x, steps=steps_per_epoch)
    if isinstance(x, PyDataset):
        refuse_targets("PyDataset")
        return PyDatasetAdapter(x, shuffle=shuffle, steps=steps_per_epoch)
    if inspect.isgenerator(x) or (hasattr(x, "__next__") and hasattr(x, "__iter__")):
        refuse_targets("generator")
        return GeneratorDataAdapter(x, steps=steps_per_epoch)
    if is_array_data(x):
        return ArrayDataAdapter(
            x,
            y,
            sample_weight=sample_weight,
            batch_size=batch_size,
            steps=steps_per_epoch,
            shuffle=shuffle,
            class_weight=class_weight,
        )
    raise ValueError(
        f"Unrecognized data type: x={x!r} (of type {type(x)}). Expected NumPy arrays (or "
        "lists/dicts of them), a gradflow.data.Dataset, a keras.utils.PyDataset or a Python "
        "generator."
    )


def _is_gf_dataset(x) -> bool:
    return any(
        k.__name__ == "Dataset" and k.__module__.startswith("gradflow.data")
        for k in type(x).__mro__
    )
