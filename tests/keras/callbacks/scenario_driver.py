"""The fit-like loop that drives callbacks in the Keras parity scenarios.

Shared by fixtures/generate_callbacks.py (run with real Keras) and
test_keras_parity.py (run with gradflow), so both sides run the very same loop. It needs
NumPy only.
"""

import contextlib
import io
import math
import os

import numpy as np


def halve_after_1(epoch, lr):
    return lr if epoch < 1 else lr * 0.5


SCHEDULES = {"halve_after_1": halve_after_1}


def resolve_kwargs(kwargs: dict, workdir: str) -> dict:
    """A scenario's callback arguments with file names put under `workdir` and
    schedule names replaced by the functions."""
    kwargs = dict(kwargs)
    for key in ("filename", "filepath"):
        if key in kwargs:
            kwargs[key] = os.path.join(workdir, kwargs[key])
    if "schedule" in kwargs:
        kwargs["schedule"] = SCHEDULES[kwargs["schedule"]]
    return kwargs


class StandInOptimizer:
    def __init__(self):
        self.learning_rate = 0.1
        self.name = "sgd"


class StandInModel:
    """What these callbacks touch of a model: weights, stop_training, optimizer and
    the saving methods (which record the path instead of writing a model)."""

    def __init__(self):
        self.stop_training = False
        self.optimizer = StandInOptimizer()
        self.weights = 0.0
        self.saved = []

    def get_weights(self):
        return [np.array(self.weights)]

    def set_weights(self, weights):
        self.weights = float(weights[0])

    def save(self, filepath, overwrite=True):
        self.saved.append(filepath)

    def save_weights(self, filepath, overwrite=True):
        self.saved.append(filepath)


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return value


def run_scenario(make_callback, spec, workdir):
    """Drive the callbacks like fit does; return the records."""
    callback_specs, epoch_logs = spec[0], spec[1]
    batches = spec[2] if len(spec) > 2 else 1
    model = StandInModel()
    made = [make_callback(name, dict(kwargs), workdir) for name, kwargs in callback_specs]
    params = {"verbose": 0, "epochs": len(epoch_logs), "steps": batches}
    for cb in made:
        cb.set_model(model)
        cb.set_params(params)
    records = []
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for cb in made:
            cb.on_train_begin(None)
        last_logs = None
        for epoch, logs in enumerate(epoch_logs):
            for cb in made:
                cb.on_epoch_begin(epoch, None)
            for batch in range(batches):
                batch_logs = {"loss": logs["loss"]}
                for cb in made:
                    cb.on_train_batch_begin(batch, None)
                for cb in made:
                    cb.on_train_batch_end(batch, batch_logs)
                if model.stop_training:
                    break
            model.weights = float(epoch)
            logs = dict(logs)
            for cb in made:
                cb.on_epoch_end(epoch, logs)
            records.append(
                {
                    "logs": {k: _clean(v) for k, v in logs.items()},
                    "stop_training": model.stop_training,
                    "learning_rate": float(model.optimizer.learning_rate),
                }
            )
            last_logs = logs
            if model.stop_training:
                break
        for cb in made:
            cb.on_train_end(last_logs)
    files = {}
    for name in sorted(os.listdir(workdir)):
        path = os.path.join(workdir, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                files[name] = f.read()
    return {
        "epochs": records,
        "final_weights": model.weights,
        "saved": [os.path.relpath(p, workdir) for p in model.saved],
        "files": files,
        "printed": printed.getvalue().replace(workdir, "<dir>"),
    }
