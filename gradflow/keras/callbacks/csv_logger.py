"""CSVLogger: write each epoch's logs as a row of a CSV file."""

from __future__ import annotations

import collections.abc
import csv
import os

import numpy as np

from gradflow.keras.callbacks.callback import Callback
from gradflow.keras.utils.file_utils import path_to_string


class CSVLogger(Callback):
    """Streams the epoch results to a CSV file: an `epoch` column, then the log keys
    of the first epoch in sorted order (with a `val_` twin for each key when the first
    epoch had no validation keys). A key missing from a later epoch is written "NA";
    a key that first appears later (e.g. `learning_rate` from a callback listed after
    this one) is not added, as in Keras.

    Args:
        filename: the CSV file, e.g. "run/log.csv".
        separator: the field separator.
        append: append to an existing file (no second header) instead of overwriting.

    Example:
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "log.csv")
    >>> logger = CSVLogger(path)
    >>> logger.on_train_begin(); logger.on_epoch_end(0, {"loss": 0.5})
    >>> logger.on_train_end()
    >>> print(open(path).read().strip())
    epoch,loss,val_loss
    0,0.5,NA
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = path_to_string(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename, encoding="utf-8") as f:
                    self.append_header = not bool(len(f.readline()))
            mode = "a"
        else:
            mode = "w"
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = open(self.filename, mode, newline="", encoding="utf-8")
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs.keys())
            if self.keys and not any(k.startswith("val_") for k in self.keys):
                self.keys.extend([f"val_{k}" for k in self.keys])
        if not self.writer:
            dialect = type("CustomDialect", (csv.excel,), {"delimiter": self.sep})
            self.writer = csv.DictWriter(
                self.csv_file, fieldnames=["epoch"] + (self.keys or []), dialect=dialect
            )
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _csv_value(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None


def _csv_value(value):
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not (
        isinstance(value, np.ndarray) and value.ndim == 0
    ):
        return f'"[{", ".join(map(str, value))}]"'
    return value
