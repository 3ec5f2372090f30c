"""`Dataset.prefetch`: the upstream runs ahead in a background thread, into a bounded queue."""

from __future__ import annotations

import queue
import threading

from gradflow.data.dataset import AUTOTUNE, Dataset
from gradflow.errors import ArgumentError

_AUTOTUNE_BUFFER = 2
_POLL_S = 0.05  # how often a blocked producer looks at the stop event


class _Failure:
    """What the producer sends when the upstream raised."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


def _produce(iterate, buffer: queue.Queue, stop: threading.Event) -> None:
    """The producer thread: run the upstream, hand each element over, stop when asked."""
    upstream = iterate()
    try:
        for element in upstream:
            if not _put(buffer, element, stop):
                return
        _put(buffer, _DONE, stop)
    except BaseException as e:  # handed to the consumer, which re-raises it
        _put(buffer, _Failure(e), stop)
    finally:
        upstream.close()


def _put(buffer: queue.Queue, item, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            buffer.put(item, timeout=_POLL_S)
            return True
        except queue.Full:
            continue
    return False


class Prefetch(Dataset):
    """Runs the upstream in a daemon thread that keeps up to `buffer_size` elements ready.

    An error in the upstream is re-raised in the iterating thread (its message names the
    stage that failed); closing or dropping the iterator stops the thread.
    """

    _stage = "Dataset.prefetch"

    def __init__(self, upstream: Dataset, buffer_size):
        if buffer_size == AUTOTUNE:
            buffer_size = _AUTOTUNE_BUFFER
        if isinstance(buffer_size, bool) or not isinstance(buffer_size, int) or buffer_size < 0:
            raise ArgumentError(
                "Dataset.prefetch: `buffer_size` must be a non-negative int or "
                f"gf.data.AUTOTUNE, got {buffer_size!r}"
            )
        self._upstream = upstream
        self._buffer_size = buffer_size

    def _iterate(self):
        if self._buffer_size == 0:
            yield from self._upstream._iterate()
            return
        buffer: queue.Queue = queue.Queue(maxsize=self._buffer_size)
        stop = threading.Event()
        thread = threading.Thread(
            target=_produce,
            args=(self._upstream._iterate, buffer, stop),
            name="gf.data.prefetch",
            daemon=True,
        )
        thread.start()
        try:
            while True:
                item = buffer.get()
                if item is _DONE:
                    return
                if isinstance(item, _Failure):
                    raise item.error
                yield item
        finally:
            stop.set()
            _drain(buffer)

    def _cardinality(self) -> int:
        return self._upstream.cardinality()

    def _element_spec(self):
        return self._upstream.element_spec


def _drain(buffer: queue.Queue) -> None:
    """Empty the queue so a producer blocked on `put` sees the stop event quickly."""
    while True:
        try:
            buffer.get_nowait()
        except queue.Empty:
            return
