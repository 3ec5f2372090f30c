"""LambdaCallback: a callback made of plain functions."""

from __future__ import annotations

from gradflow.keras.callbacks.callback import Callback


class LambdaCallback(Callback):
    """A callback whose hooks are the functions given.

    Args:
        on_epoch_begin, on_epoch_end: called with (epoch, logs).
        on_train_begin, on_train_end: called with (logs).
        on_train_batch_begin, on_train_batch_end: called with (batch, logs).
        **kwargs: any other hook by name, e.g. `on_test_end=fn`.

    Example:
    >>> seen = []
    >>> cb = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    >>> cb.on_epoch_end(0, {}); seen
    [0]
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        self.__dict__.update(kwargs)
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
        }
        for name, function in hooks.items():
            if function is not None:
                setattr(self, name, function)
