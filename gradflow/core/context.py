"""The execution context: which tapes record and whether ops run eagerly or are traced.

Modes are entered with context managers only (GradientTape, tracing), and the state is
per thread, so input pipelines on worker threads never see the main thread's tapes.
"""

from __future__ import annotations

import threading


class _State(threading.local):
    def __init__(self) -> None:
        self.tapes: list = []  # active GradientTapes, outermost first
        self.tracer = None  # the graph being traced into, or None when eager (graph mode)


_state = _State()


def state() -> _State:
    return _state
