"""keras.utils.Progbar: the text progress bar that `fit`, `evaluate` and downloads print.

The output is Keras 3's, character for character: with `verbose=1` a line redrawn in
place (`12/100 ━━━━━━━━━━━━━━━━━━━━ 1s 12ms/step - loss: 0.2345`, with ANSI bold and
colour codes), with `verbose=2` one line when the bar finishes.
"""

from __future__ import annotations

import math
import os
import sys
import time

import numpy as np

_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"
_GREEN = "\33[32m"
_GREY = "\33[37m"
# Escape codes counted out of the visible width: a bold wrapper is 8 characters
# ("\x1b[1m" + "\x1b[0m"), a colour wrapper 9 ("\33[32m" + "\x1b[0m").
_BOLD_LEN = 8
_COLOUR_LEN = 9


def _write(message: str) -> None:
    """Write to stdout, falling back to '=' for '━' where the encoding lacks it."""
    try:
        sys.stdout.write(message)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "utf-8"
        message = message.replace("━", "=").encode(encoding, errors="ignore").decode(encoding)
        sys.stdout.write(message)
    sys.stdout.flush()


def _format_time(time_per_unit: float, unit_name: str) -> str:
    """' 12ms/step', ' 3s/step' or ' 850us/step'."""
    if time_per_unit >= 1 or time_per_unit == 0:
        return f" {time_per_unit:.0f}s/{unit_name}"
    if time_per_unit >= 1e-3:
        return f" {time_per_unit * 1000.0:.0f}ms/{unit_name}"
    return f" {time_per_unit * 1000000.0:.0f}us/{unit_name}"


def _format_eta(eta: float) -> str:
    """'1:02:03' past an hour, '2:03' past a minute, else '5s'."""
    if eta > 3600:
        return "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
    if eta > 60:
        return "%d:%02d" % (eta // 60, eta % 60)
    return "%ds" % eta


def _average(entry) -> float:
    total, count = entry
    if not isinstance(total, float):
        total = np.mean(total)
    return total / max(1, count)


class Progbar:
    """Displays a progress bar.

    If neither `stateful_metrics` nor `stateless_metrics` is given, every metric is
    stateless: the bar shows its average over the steps seen so far.

    Args:
        target: Total number of steps expected, None if unknown.
        width: Progress bar width on screen.
        verbose: Verbosity mode, 0 (silent), 1 (verbose), 2 (semi-verbose).
        interval: Minimum visual progress update interval (in seconds).
        stateful_metrics: Iterable of names of metrics that should *not* be averaged
            over time; they are displayed as given. Exclusive with `stateless_metrics`.
        stateless_metrics: Iterable of names of metrics that *should* be averaged over
            time; every other metric is displayed as given.
        unit_name: Display name for step counts (usually "step" or "sample").

    Example:
    >>> bar = Progbar(2, verbose=2)
    >>> bar.update(1, values=[("loss", 0.5)])
    >>> bar.target, bar._seen_so_far
    (2, 1)
    """

    def __init__(
        self,
        target,
        width=20,
        verbose=1,
        interval=0.05,
        stateful_metrics=None,
        stateless_metrics=None,
        unit_name="step",
    ):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Only one of `stateful_metrics` or `stateless_metrics` can be provided. "
                "`stateful_metrics` is used to make metrics stateless by default (with an "
                "exclusion list), while `stateless_metrics` is used to make metrics "
                "stateful by default (with an exclusion list)."
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        if stateless_metrics is not None:
            self.stateful_metrics = None
            self.stateless_metrics = set(stateless_metrics)
        else:
            self.stateful_metrics = set(stateful_metrics or ())
            self.stateless_metrics = None
        # Keras redraws in place whenever the "posix" module is loaded, i.e. on every
        # POSIX system, even when stdout is a file; the same test keeps the text equal.
        self._dynamic_display = (
            (hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
            or "ipykernel" in sys.modules
            or "posix" in sys.modules
            or "PYCHARM_HOSTED" in os.environ
        )
        self._seen_so_far = 0
        self._values = {}
        self._values_order = []
        self._start = time.time()
        self._last_update = 0
        self._time_at_epoch_start = self._start
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current, values=None, finalize=None):
        """Updates the progress bar.

        Args:
            current: Index of current step.
            values: List of tuples `(name, value_for_last_step)`. A name in
                `stateful_metrics` is displayed as-is; otherwise the bar displays
                the metric's average over time.
            finalize: Whether this is the last update for the progress bar. If
                `None`, defaults to `current >= self.target`.
        """
        if finalize is None:
            finalize = False if self.target is None else current >= self.target
        self._record(current, values or [], finalize)
        self._seen_so_far = current

        now = time.time()
        time_per_unit = self._estimate_step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._print_verbose_line(current, now, time_per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target is not None and self.target > 0:
            _write(self._epoch_line(current, now, time_per_unit))
        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps (see `update`)."""
        self.update(self._seen_so_far + n, values)

    def _record(self, current, values, finalize):
        """Accumulate `values`: weighted running sums for stateless metrics."""
        for name, value in values:
            if name not in self._values_order:
                self._values_order.append(name)
            if self.stateful_metrics is not None:
                stateless = name not in self.stateful_metrics
            else:
                stateless = name in self.stateless_metrics
            if not stateless or finalize:
                # A finalizing call may repeat the last step (on_epoch_end after
                # on_batch_end), so it shows the value it is given, as Keras does.
                self._values[name] = [value, 1]
                continue
            weight = max(current - self._seen_so_far, 1)
            if name not in self._values:
                self._values[name] = [value * weight, weight]
            else:
                self._values[name][0] += value * weight
                self._values[name][1] += weight

    def _print_verbose_line(self, current, now, time_per_unit, finalize):
        """Redraw the verbose=1 line: count, bar, ETA or elapsed, time/step, metrics."""
        message = "\b" * self._prev_total_width + "\r" if self._dynamic_display else "\n"
        special_char_len = 0
        if self.target is not None and self.target > 0:
            numdigits = int(math.log10(self.target)) + 1
            bar = f"{_BOLD}{f'%{numdigits}d/%d' % (current, self.target)}{_RESET} "
            special_char_len += _BOLD_LEN
            prog_width = int(self.width * (float(current) / self.target))
            if prog_width > 0:
                bar += f"{_GREEN}{'━' * prog_width}{_RESET}"
                special_char_len += _COLOUR_LEN
            bar += f"{_GREY}{'━' * (self.width - prog_width)}{_RESET}"
            special_char_len += _COLOUR_LEN
        else:
            bar = "%7d/Unknown" % current
        if self.target is not None and self.target > 0 and not finalize:
            info = f" {_BOLD}{_format_eta(time_per_unit * (self.target - current))}{_RESET}"
        else:
            info = f" {_BOLD}{now - self._start:.0f}s{_RESET}"
        special_char_len += _BOLD_LEN
        info += _format_time(time_per_unit, self.unit_name)
        for name in self._values_order:
            info += f" - {name}:"
            entry = self._values[name]
            if isinstance(entry, list):
                avg = _average(entry)
                info += f" {avg:.4f}" if abs(avg) > 1e-3 else f" {avg:.4e}"
            else:
                info += f" {entry}"
        message += bar + info

        total_width = len(bar) + len(info) - special_char_len
        if self._prev_total_width > total_width:
            message += " " * (self._prev_total_width - total_width)
        if finalize:
            message += "\n"
        _write(message)
        self._prev_total_width = total_width

    def _epoch_line(self, current, now, time_per_unit) -> str:
        """The verbose=2 line printed once the target is reached."""
        numdigits = int(math.log10(self.target)) + 1
        count = f"%{numdigits}d/%d" % (current, self.target)
        info = f"{count} - {now - self._start:.0f}s"
        info += f" -{_format_time(time_per_unit, self.unit_name)}"
        for name in self._values_order:
            avg = _average(self._values[name])
            # Keras tests `avg > 1e-3` here (not abs): negative values print as 1e notation.
            info += f" - {name}: {avg:.4f}" if avg > 1e-3 else f" - {name}: {avg:.4e}"
        return info + "\n"

    def _estimate_step_duration(self, current, now):
        """Seconds per step, leaving out the first (warm-up) step once there are more."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            time_per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            time_per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return time_per_unit
