"""History: records every epoch's logs; `fit` returns it."""

from __future__ import annotations

from gradflow.keras.callbacks.callback import Callback


class History(Callback):
    """Records the metrics of each epoch in `history` ({name: [value per epoch]}).

    Example:
    >>> h = History()
    >>> h.on_train_begin(); h.on_epoch_end(0, {"loss": 0.5})
    >>> h.history
    {'loss': [0.5]}
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            object.__setattr__(self.model, "history", self)
