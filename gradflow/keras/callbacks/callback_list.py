"""CallbackList: calls every callback's hook, adding History and ProgbarLogger."""

from __future__ import annotations

import numpy as np

from gradflow.core import tree
from gradflow.keras.callbacks.callback import Callback
from gradflow.keras.callbacks.history import History
from gradflow.keras.callbacks.progbar_logger import ProgbarLogger

_HOOKS = (
    "on_batch_begin",
    "on_batch_end",
    "on_epoch_begin",
    "on_epoch_end",
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
    "on_train_begin",
    "on_train_end",
    "on_test_begin",
    "on_test_end",
    "on_predict_begin",
    "on_predict_end",
)


class CallbackList(Callback):
    """Many callbacks behind one set of hooks.

    Args:
        callbacks: the user's callbacks.
        add_history: add a History callback (fit does).
        add_progbar: add a ProgbarLogger (when verbose != 0).
        model: the model, given to every callback.
        **params: `verbose`, `epochs`, `steps` for every callback.
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        self.callbacks = list(tree.flatten(callbacks)) if callbacks else []
        for callback in self.callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(
                    "`callbacks` must be a list of keras.callbacks.Callback instances. "
                    f"Received: {callback!r} of type {type(callback).__name__}"
                )
        if add_history and not any(isinstance(c, History) for c in self.callbacks):
            self.callbacks.append(History())
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())  # last, as in Keras: it shows what others log
        history = [c for c in self.callbacks if isinstance(c, History)]
        if history and model is not None:
            object.__setattr__(model, "history", history[0])
        self.set_model(model)
        self.set_params(params)

    def set_params(self, params: dict) -> None:
        self.params = params
        for callback in self.callbacks:
            callback.set_params(params)

    def set_model(self, model) -> None:
        self._model = model
        for callback in self.callbacks:
            callback.set_model(model)

    def append(self, callback: Callback) -> None:
        self.callbacks.append(callback)


def pythonify_logs(logs) -> dict:
    """A new logs dict, as Keras hands to callbacks: keys sorted, nested dicts flattened,
    scalars (tensors included) as Python floats, anything else as given."""
    result = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        if hasattr(value, "numpy"):
            value = np.asarray(value.numpy())
        if not isinstance(value, np.ndarray) or value.ndim == 0:
            try:
                value = float(value)
            except (TypeError, ValueError):
                pass
        result[key] = value
    return result


def _make_hook(name: str):
    """A CallbackList hook: one fresh logs dict, shared by the callbacks in order (so a
    callback sees what an earlier one added), passed positionally as Keras does — a
    LambdaCallback's functions take `logs` as a required argument."""
    if name.endswith(("_begin", "_end")) and "batch" not in name and "epoch" not in name:

        def hook(self, logs=None):
            logs = pythonify_logs(logs)
            for callback in self.callbacks:
                getattr(callback, name)(logs)

    elif "epoch" in name:

        def hook(self, epoch, logs=None):
            logs = pythonify_logs(logs)
            for callback in self.callbacks:
                getattr(callback, name)(epoch, logs)

    else:

        def hook(self, batch, logs=None):
            logs = pythonify_logs(logs)
            for callback in self.callbacks:
                getattr(callback, name)(batch, logs=logs)

    hook.__name__ = name
    return hook


for _name in _HOOKS:
    setattr(CallbackList, _name, _make_hook(_name))
