"""keras.utils.text_dataset_from_directory: a `gf.data.Dataset` of file contents (bytes
strings) and labels from a directory of class folders."""

from __future__ import annotations

import numpy as np

from gradflow.keras.utils import dataset_utils


def text_dataset_from_directory(
    directory,
    labels="inferred",
    label_mode="int",
    class_names=None,
    batch_size=32,
    max_length=None,
    shuffle=True,
    seed=None,
    validation_split=None,
    subset=None,
    follow_links=False,
    format="tf",
    verbose=True,
):
    """Generate a `gf.data.Dataset` from text files in a directory.

    With `labels="inferred"`, `directory` holds one subdirectory per class; the `.txt`
    files below them are read as raw bytes. Strings are NumPy object arrays of `bytes`
    (gradflow tensors hold numbers), as tf.data's string tensors read in NumPy.

    Args:
        directory: the data directory.
        labels: "inferred", None (no labels), or a list of integer labels in the sorted
            order of the text file paths.
        label_mode: "int" (int32), "categorical" (one-hot float32), "binary" (float32
            of shape (1,)) or None (texts only).
        class_names: with inferred labels, the subdirectories to use, in label order.
        batch_size: texts per batch; None yields single texts. Defaults to 32.
        max_length: keep at most this many bytes of each text.
        shuffle: shuffle the data (otherwise in alphanumeric order). Defaults to True.
        seed: the seed for shuffling (needed with `validation_split` and `shuffle`).
        validation_split: the fraction of the files to reserve for validation.
        subset: "training", "validation" or "both" (a list of two datasets).
        follow_links: visit subdirectories that are symlinks.
        format: "tf" (the only one here: a gf.data.Dataset).
        verbose: print how many files and classes were found.

    Returns:
        A `gf.data.Dataset` of `(texts, labels)` (or texts alone) with attributes
        `class_names` and `file_paths`; for `subset="both"`, `[train, validation]`.

    Example:
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> for name, text in (("neg", "bad"), ("pos", "good")):
    ...     os.makedirs(os.path.join(root, name))
    ...     with open(os.path.join(root, name, "a.txt"), "w") as f:
    ...         _ = f.write(text)
    >>> ds = text_dataset_from_directory(root, shuffle=False, verbose=False)
    >>> texts, labels = next(ds.as_numpy_iterator())
    >>> texts.tolist(), labels.tolist(), ds.class_names
    ([b'bad', b'good'], [0, 1], ['neg', 'pos'])
    """
    dataset_utils.check_labels_arg(labels, class_names, "text")
    dataset_utils.check_label_mode(label_mode)
    dataset_utils.check_format(format)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    if max_length is not None and max_length < 0:
        raise ValueError(f"`max_length` must be None or non-negative. Received: {max_length}")

    def load(path: str) -> np.ndarray:
        with open(path, "rb") as f:
            content = f.read() if max_length is None else f.read(max_length)
        out = np.empty((), dtype=object)
        out[()] = content
        return out

    return dataset_utils.from_directory(
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
        (".txt",),
        load,
        what="text files",
        allowed="Allowed format: .txt",
    )
