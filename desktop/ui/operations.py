"""Run back-end work off the UI thread (the Anki "operation" pattern).

``run(parent, work, on_done, on_error)`` calls ``work()`` on a pool thread
and delivers its result or exception back on the UI thread. Widgets never
block on the database while the counter queue is waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")

_live: set[_Relay] = set()


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # delivered to the UI thread, never lost
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


def run(
    parent: QObject,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[Exception], None],
) -> None:
    relay = _Relay()
    _live.add(relay)

    def finished_ok(result: Any) -> None:
        _live.discard(relay)
        on_done(result)

    def finished_bad(error: Any) -> None:
        _live.discard(relay)
        log.warning("operation failed: %s", type(error).__name__)
        on_error(error)

    relay.done.connect(finished_ok)
    relay.failed.connect(finished_bad)
    relay.moveToThread(parent.thread())
    QThreadPool.globalInstance().start(_Job(work, relay))


def wait_for_all(msecs: int = 10_000) -> bool:
    """Wait until queued operations have finished (shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
