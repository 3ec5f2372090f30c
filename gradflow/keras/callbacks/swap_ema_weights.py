"""SwapEMAWeights: evaluate (and optionally checkpoint) with the optimizer's moving
average of the weights."""

from __future__ import annotations

import numpy as np

from gradflow.keras.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swaps the model's weights with the optimizer's EMA weights before evaluation and
    prediction, and back after. Use with an optimizer made with `use_ema=True`.

    Args:
        swap_on_epoch: also swap at each epoch's end (and back at the next epoch's
            start), so that callbacks listed after this one, such as ModelCheckpoint,
            see the EMA weights.

    Example:
    >>> SwapEMAWeights(swap_on_epoch=True).swap_on_epoch
    True
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _ema_optimizers(self) -> list:
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)  # LossScaleOptimizer
        if hasattr(optimizer, "optimizers"):
            chosen = [o for o in optimizer.optimizers if getattr(o, "use_ema", False)]
            if not chosen:
                raise ValueError(
                    "SwapEMAWeights must be used when at least one inner optimizer has "
                    "`use_ema=True` set. Received a MultiOptimizer with all inner optimizers "
                    "having `use_ema=False`."
                )
        else:
            chosen = [optimizer]
        for o in chosen:
            if not hasattr(o, "_model_variables_moving_average"):
                raise ValueError(
                    "SwapEMAWeights must be used when `use_ema=True` is set on the optimizer. "
                    f"Received: use_ema={o.use_ema}"
                )
        return chosen

    def _swap_variables(self) -> None:
        for optimizer in self._ema_optimizers():
            pairs = zip(optimizer._trainable_variables, optimizer._model_variables_moving_average)
            for variable, average in pairs:
                current = np.asarray(variable.numpy())
                variable.assign(average.value())
                average.assign(current)

    def _finalize_ema_values(self) -> None:
        for optimizer in self._ema_optimizers():
            pairs = zip(optimizer._trainable_variables, optimizer._model_variables_moving_average)
            for variable, average in pairs:
                average.assign(variable.value())

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            # fit's end copies the averages into the model (finalize_variable_values):
            # after the last epoch's swap the averages hold the raw weights, so put the
            # averages back first
            if epoch == self.params["epochs"] - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_predict_end(self, logs=None):
        # Keras 3.15 tests `not self._ema_weights_in_model` here and so leaves the EMA
        # weights in the model after predict(); gradflow swaps back, as on_test_end does
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False
