"""MonitorCallback: the shared "is this value an improvement?" logic of EarlyStopping,
ModelCheckpoint and ReduceLROnPlateau."""

from __future__ import annotations

import operator
import warnings

from gradflow.keras.callbacks.callback import Callback


class MonitorCallback(Callback):
    """Base class of callbacks that watch one logged quantity for improvement.

    Args:
        monitor: the quantity (a key of the epoch logs), e.g. "val_loss".
        mode: "min", "max", or "auto" (from the name: losses go down, metrics with a
            direction such as accuracy go up).
        baseline: the initial best value; None takes the first value seen.
        min_delta: the smallest change that counts as an improvement.

    Example:
    >>> cb = MonitorCallback(monitor="loss", mode="min", min_delta=0.1)
    >>> cb._set_monitor_op()
    >>> cb._is_improvement(0.85, 1.0), cb._is_improvement(0.95, 1.0)
    (True, False)
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{self.__class__.__name__} mode '{mode}' is unknown, fallback to auto mode.",
                stacklevel=2,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self) -> None:
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            self.monitor_op = self._op_from_metric_name()
        if self.monitor_op is operator.lt:
            self.min_delta *= -1

    def _op_from_metric_name(self):
        name = self.monitor.removeprefix("val_")
        op = operator.lt if name == "loss" else None
        for metric in self._compiled_metrics():
            if metric.name == name and hasattr(metric, "_direction"):
                op = operator.gt if metric._direction == "up" else operator.lt
        if op is None:
            raise ValueError(
                f"{self.__class__.__name__} callback received monitor={self.monitor}, but "
                "Keras isn't able to automatically determine whether that metric should be "
                "maximized or minimized. Pass `mode='max'` in order to monitor based on the "
                "highest metric value, or pass `mode='min'` in order to use the lowest value."
            )
        return op

    def _compiled_metrics(self) -> list:
        from gradflow.keras.trainers.compile_utils import CompileMetrics

        found = []
        for metric in getattr(self.model, "metrics", None) or []:
            if isinstance(metric, CompileMetrics):
                found.extend(metric.metrics)
        return found

    def _is_improvement(self, monitor_value, reference_value) -> bool:
        if reference_value is None:
            return True
        return bool(self.monitor_op(monitor_value - self.min_delta, reference_value))
