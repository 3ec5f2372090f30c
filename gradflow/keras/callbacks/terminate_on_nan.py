"""TerminateOnNaN: stop training at the first batch whose loss is NaN or infinite."""

from __future__ import annotations

import math

from gradflow.keras.callbacks.callback import Callback


class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or Inf.

    Args:
        raise_error: False (default) stops gracefully with `model.stop_training = True`
            (the other callbacks' `on_train_end` still run); True raises RuntimeError at
            once.

    Example:
    >>> cb = TerminateOnNaN(raise_error=True)
    >>> try:
    ...     cb.on_batch_end(3, {"loss": float("nan")})
    ... except RuntimeError as error:
    ...     print(str(error).split(".")[0])
    NaN or Inf loss encountered at batch 3
    """

    def __init__(self, raise_error: bool = False):
        super().__init__()
        self.raise_error = raise_error

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or not (math.isnan(loss) or math.isinf(loss)):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                "Terminating training immediately."
            )
        print(f"Batch {batch}: Invalid loss, terminating training", flush=True)
        self.model.stop_training = True
