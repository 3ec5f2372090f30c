"""keras.utils.split_dataset and the helpers the `*_dataset_from_directory` functions
share: indexing a directory of class folders, the training/validation split, labels as
a dataset, and the file → batch pipeline. All return `gf.data.Dataset`s."""

from __future__ import annotations

import os
import random

import numpy as np

from gradflow.core import tree
from gradflow.data import AUTOTUNE, Dataset
from gradflow.data.batching import Batch


def split_dataset(
    dataset, left_size=None, right_size=None, shuffle=False, seed=None, preferred_backend=None
):
    """Split a dataset into a left half and a right half (e.g. train / test).

    Args:
        dataset: a `gf.data.Dataset`, a NumPy array, or a list/tuple of arrays with the
            same length.
        left_size: a float in (0, 1) (fraction of the samples) or an int (number of
            samples) for the left split; None: the complement of `right_size`.
        right_size: likewise for the right split.
        shuffle: shuffle the samples before splitting.
        seed: the seed for shuffling.
        preferred_backend: accepted for Keras's signature; the splits are always
            `gf.data.Dataset`s.

    Returns:
        A tuple of two `gf.data.Dataset`s (batched as `dataset` was, when it was).

    Example:
    >>> import numpy as np
    >>> left, right = split_dataset(np.random.random((1000, 4)), left_size=0.8)
    >>> left.cardinality(), right.cardinality()
    (800, 200)
    """
    kind = _dataset_kind(dataset)
    if kind is None:
        raise TypeError(
            "The `dataset` argument must be either a `gf.data.Dataset` object, or a "
            f"list/tuple of arrays. Received: dataset={dataset!r:.80} of type {type(dataset)}"
        )
    if right_size is None and left_size is None:
        raise ValueError(
            "At least one of the `left_size` or `right_size` must be specified. "
            "Received: left_size=None and right_size=None"
        )
    samples = _samples(dataset, kind)
    if shuffle:
        if seed is None:
            seed = random.randint(0, int(1e6))
        random.Random(seed).shuffle(samples)  # the order Keras's random.seed+shuffle gives
    left_size, right_size = _rescale_split_sizes(left_size, right_size, len(samples))
    left = _restore(samples[:left_size])
    right = _restore(samples[-right_size:])
    if isinstance(dataset, Batch):
        left = left.batch(dataset._batch_size)
        right = right.batch(dataset._batch_size)
    return left.prefetch(AUTOTUNE), right.prefetch(AUTOTUNE)


def _dataset_kind(dataset):
    for kind in (tuple, list, np.ndarray, Dataset):
        if isinstance(dataset, kind):
            return kind
    return None


def _samples(dataset, kind) -> list:
    """The dataset as a list of samples (unbatched), checked for equal shapes."""
    if kind in (list, tuple):
        if len(dataset) == 0:
            raise ValueError(
                f"Received an empty {kind.__name__} dataset. Please provide a non-empty "
                f"{kind.__name__} of arrays."
            )
        arrays = [np.asarray(a) for a in dataset]
        lengths = {len(a) for a in arrays}
        if len(lengths) > 1:
            raise ValueError(
                f"Received a {kind.__name__} of NumPy arrays with different lengths: "
                f"{[a.shape for a in arrays]}. Please provide a {kind.__name__} of NumPy "
                "arrays of the same length."
            )
        samples = list(zip(*arrays))
    elif kind is np.ndarray:
        samples = list(dataset)
    else:
        source = dataset.unbatch() if isinstance(dataset, Batch) else dataset
        samples = list(source.as_numpy_iterator())
    if not samples:
        raise ValueError(
            "Received an empty dataset. Argument `dataset` must be a non-empty list/tuple "
            "of `numpy.ndarray` objects or `gf.data.Dataset` objects."
        )
    first = np.shape(samples[0]) if isinstance(samples[0], np.ndarray) else None
    if first is not None:
        for i, sample in enumerate(samples[1:]):
            if np.shape(sample) != first:
                raise ValueError(
                    f"All `dataset` samples must have same shape, Expected shape: {first} "
                    f"Received shape: {np.shape(sample)} at index {i}."
                )
    return samples


def _restore(samples: list) -> Dataset:
    """Samples stacked back into arrays of the first sample's structure, as a Dataset."""
    first = samples[0]
    columns = list(zip(*(tree.flatten(s) for s in samples)))
    arrays = [np.array(column) for column in columns]
    if isinstance(first, (tuple, list, dict)):
        nested = tree.unflatten_as(_tuples(first), arrays)
    else:
        nested = arrays[0]
    return Dataset.from_tensor_slices(nested)


def _tuples(x):
    if isinstance(x, dict):
        return {k: _tuples(v) for k, v in x.items()}
    if isinstance(x, (tuple, list)):
        return tuple(_tuples(v) for v in x)
    return x


def _rescale_split_sizes(left_size, right_size, total_length):
    """The split sizes as ints that fit `total_length` (Keras's rules and messages)."""
    left_type, right_type = type(left_size), type(right_size)
    if left_size is not None and left_type not in (int, float):
        raise TypeError(
            "Invalid `left_size` Type. Expected: int or float or None, "
            f"Received: type(left_size)={left_type}."
        )
    if right_size is not None and right_type not in (int, float):
        raise TypeError(
            "Invalid `right_size` Type. Expected: int or float or None, "
            f"Received: type(right_size)={right_type}."
        )
    if left_size == 0 and right_size == 0:
        raise ValueError(
            "Both `left_size` and `right_size` are zero. At least one of the split sizes "
            "must be non-zero."
        )
    for name, size, kind in (("left", left_size, left_type), ("right", right_size, right_type)):
        if (kind is int and not 0 < size < total_length) or (kind is float and not 0 < size < 1):
            raise ValueError(
                f"`{name}_size` should be either a positive integer smaller than "
                f"{total_length}, or a float within the range `[0, 1]`. Received: "
                f"{name}_size={size}"
            )
    if left_type is float and right_type is float and left_size + right_size > 1:
        raise ValueError(
            "The sum of `left_size` and `right_size` is greater than 1. It must be less "
            "than or equal to 1."
        )
    if left_type is float:
        left_size = round(left_size * total_length)
    if right_type is float:
        right_size = round(right_size * total_length)
    if left_size is None:
        left_size = total_length - right_size
    elif right_size is None:
        right_size = total_length - left_size
    if left_size + right_size > total_length:
        raise ValueError(
            f"The sum of `left_size` and `right_size` should be smaller than the "
            f"{total_length}. Received: left_size + right_size = {left_size + right_size} "
            f"and total_length = {total_length}"
        )
    for split, side in ((left_size, "left"), (right_size, "right")):
        if split == 0:
            raise ValueError(
                f"With `dataset` of length={total_length}, `left_size`={left_size} and "
                f"`right_size`={right_size}. Resulting {side} side dataset split will be "
                "empty. Adjust any of the aforementioned parameters"
            )
    return int(left_size), int(right_size)


# -- the *_dataset_from_directory helpers ---------------------------------------------
def check_validation_split_arg(validation_split, subset, shuffle, seed) -> None:
    """Raise for inconsistent `validation_split` / `subset` / `seed` (Keras's messages)."""
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(
            f"`validation_split` must be between 0 and 1, received: {validation_split}"
        )
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(
            f'`subset` must be either "training", "validation" or "both", received: {subset}'
        )
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "If using `validation_split` and shuffling the data, you must provide a "
            "`seed` argument, to make sure that there is no overlap between the training "
            "and validation subset."
        )


def check_labels_arg(labels, class_names, what: str) -> None:
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                "`labels` argument should be a list/tuple of integer labels, of the same "
                f"size as the number of {what} files in the target directory. If you wish "
                "to infer the labels from the subdirectory names in the target directory, "
                'pass `labels="inferred"`. If you wish to get a dataset that only contains '
                f"{what} samples (no labels), pass `labels=None`. Received: labels={labels}"
            )
        if class_names:
            raise ValueError(
                'You can only pass `class_names` if `labels="inferred"`. Received: '
                f"labels={labels}, and class_names={class_names}"
            )


def check_label_mode(label_mode) -> None:
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError(
            '`label_mode` argument must be one of "int", "categorical", "binary", or None. '
            f"Received: label_mode={label_mode}"
        )


def check_format(format) -> None:
    if format != "tf":
        raise ValueError(
            '`format` should be "tf" (a gf.data.Dataset; gradflow has no "grain" '
            f"output). Received: format={format}"
        )


def index_directory(
    directory,
    labels,
    formats,
    class_names=None,
    shuffle=True,
    seed=None,
    follow_links=False,
    verbose=True,
):
    """List the files under `directory` with their labels, as Keras does.

    Args:
        directory: the data directory; with `labels="inferred"`, one subdirectory per
            class.
        labels: "inferred", None, or a list of integer labels in the sorted file order.
        formats: the allowed file extensions, e.g. (".txt",).
        class_names: with "inferred" labels, the subdirectories to use, in label order.
        shuffle: shuffle the files (with NumPy's RandomState(seed), as Keras does);
            otherwise keep them in sorted order.
        seed: the shuffling seed.
        follow_links: visit subdirectories that are symlinks.
        verbose: print how many files and classes were found.

    Returns:
        `(file_paths, labels, class_names)`.
    """
    if labels == "inferred":
        subdirs = [
            d
            for d in sorted(os.listdir(directory))
            if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")
        ]
        if class_names is not None:
            if not set(class_names).issubset(set(subdirs)):
                raise ValueError(
                    "The `class_names` passed did not match the names of the subdirectories "
                    f"of the target directory. Expected: {subdirs} (or a subset of it), but "
                    f"received: class_names={class_names}"
                )
            subdirs = list(class_names)
    else:
        if class_names is not None:
            if labels is None:
                raise ValueError(
                    "When `labels=None` (no labels), argument `class_names` cannot be specified."
                )
            raise ValueError(
                "When argument `labels` is specified, argument `class_names` cannot be "
                "specified (the `class_names` will be the sorted list of labels)."
            )
        subdirs = [""]
    class_indices = {name: i for i, name in enumerate(subdirs)}
    filenames, found_labels = [], []
    for subdir in subdirs:
        names = _index_subdirectory(os.path.join(directory, subdir), follow_links, formats)
        filenames += names
        found_labels += [class_indices[subdir]] * len(names)
    class_names = subdirs
    if labels == "inferred":
        labels = np.asarray(found_labels, dtype="int32")
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(filenames):
            raise ValueError(
                "Expected the lengths of `labels` to match the number of files in the "
                f"target directory. len(labels) is {len(labels)} while we found "
                f"{len(filenames)} files in directory {directory}."
            )
        class_names = [str(label) for label in sorted(set(labels))]
    if verbose:
        if labels is None:
            print(f"Found {len(filenames)} files.")
        else:
            print(f"Found {len(filenames)} files belonging to {len(class_names)} classes.")
    file_paths = [os.path.join(directory, name) for name in filenames]
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(file_paths)
        if labels is not None:
            np.random.RandomState(seed).shuffle(labels)
    return file_paths, labels, class_names


def _index_subdirectory(directory, follow_links, formats) -> list:
    """Paths (relative to the parent of `directory`) of the allowed files below it."""
    dirname = os.path.basename(directory)
    found = []
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links), key=lambda w: w[0]):
        for name in sorted(files):
            if name.lower().endswith(tuple(formats)):
                absolute = os.path.join(root, name)
                found.append(os.path.join(dirname, os.path.relpath(absolute, directory)))
    return found


def get_training_or_validation_split(samples, labels, validation_split, subset):
    """`samples` and `labels` cut to the `subset` ("training" or "validation")."""
    if not validation_split:
        return samples, labels
    num_val_samples = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - num_val_samples} files for training.")
        samples = samples[:-num_val_samples]
        if labels is not None:
            labels = labels[:-num_val_samples]
    elif subset == "validation":
        print(f"Using {num_val_samples} files for validation.")
        samples = samples[-num_val_samples:]
        if labels is not None:
            labels = labels[-num_val_samples:]
    else:
        raise ValueError(f'`subset` must be either "training" or "validation", received: {subset}')
    return samples, labels


def labels_to_dataset(labels, label_mode, num_classes) -> Dataset:
    """Integer labels as a dataset: int32 ("int"), float32 of shape (1,) ("binary"), or
    one-hot float32 ("categorical")."""
    labels = np.asarray(labels, dtype="int32")
    if label_mode == "binary":
        return Dataset.from_tensor_slices(labels.astype("float32")[:, None])
    if label_mode == "categorical":
        return Dataset.from_tensor_slices(np.eye(num_classes, dtype="float32")[labels])
    return Dataset.from_tensor_slices(labels)


def files_to_dataset(
    paths, labels, label_mode, num_classes, load, shuffle, shuffle_buffer_size=None, seed=None
) -> Dataset:
    """Paths (and labels) → shuffled → loaded with `load(path) -> array`, in parallel."""
    path_ds = Dataset.from_tensor_slices(np.asarray(paths, dtype=object))
    ds = (
        Dataset.zip((path_ds, labels_to_dataset(labels, label_mode, num_classes)))
        if label_mode
        else path_ds
    )
    if shuffle:
        ds = ds.shuffle(buffer_size=shuffle_buffer_size or 1024, seed=seed)
    if label_mode:
        return ds.map(lambda p, y: (load(_path(p)), y), num_parallel_calls=AUTOTUNE)
    return ds.map(lambda p: load(_path(p)), num_parallel_calls=AUTOTUNE)


def _path(p) -> str:
    return np.asarray(p).item().decode("utf-8")


def from_directory(
    directory,
    labels,
    label_mode,
    class_names,
    batch_size,
    shuffle,
    seed,
    validation_split,
    subset,
    follow_links,
    verbose,
    formats,
    load,
    what: str,
    allowed: str,
):
    """The shared body of image/text_dataset_from_directory, after argument checks.

    Returns the dataset (or [train, validation] for subset="both"), each with
    `class_names` and `file_paths` attributes.
    """
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, labels, class_names = index_directory(
        directory,
        labels,
        formats=formats,
        class_names=class_names,
        shuffle=shuffle,
        seed=seed,
        follow_links=follow_links,
        verbose=verbose,
    )
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(
            'When passing `label_mode="binary"`, there must be exactly 2 class_names. '
            f"Received: class_names={class_names}"
        )
    shuffle_buffer_size = batch_size * 8 if batch_size is not None else 1024
    num_classes = len(class_names) if class_names else 0
    subsets = ("training", "validation") if subset == "both" else (subset,)
    datasets = []
    for part in subsets:
        part_paths, part_labels = get_training_or_validation_split(
            paths, labels, validation_split, part
        )
        if not part_paths:
            part_name = f"{part} " if subset == "both" else ""
            raise ValueError(f"No {part_name}{what} found in directory {directory}. {allowed}")
        train_shuffle = shuffle and part != "validation" if subset == "both" else shuffle
        ds = files_to_dataset(
            part_paths,
            part_labels,
            label_mode,
            num_classes,
            load,
            train_shuffle,
            shuffle_buffer_size,
            seed,
        )
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(AUTOTUNE)
        ds.class_names = class_names
        ds.file_paths = list(part_paths)
        datasets.append(ds)
    return datasets if subset == "both" else datasets[0]
