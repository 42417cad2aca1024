"""Run back-end work off the UI thread (the Anki "operation" pattern).

``run(parent, work, on_done, on_error)`` calls ``work()`` on a pool thread
and delivers its result or exception back on the UI thread. Widgets never
block on the database while the counter queue is waiting.

``load_then(parent, key, load, show, on_error)`` is the "read, then open the
dialog" pattern of menu actions: busy cursor while loading, the dialog opened
on the UI thread once the data is there, one dialog however often the action
is pressed meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QCursor, QGuiApplication

log = logging.getLogger(__name__)
T = TypeVar("T")

_live: set[_Relay] = set()
_loading: set[tuple[int, str]] = set()  # (id of the parent, key) of loads still running


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


def load_then(
    parent: QObject,
    key: str,
    load: Callable[[], T],
    show: Callable[[T], None],
    on_error: Callable[[Exception], None],
) -> bool:
    """Load what a dialog needs off the UI thread, then open it (``show``) on the UI thread.

    A busy cursor shows while it loads. ``key`` names the load: pressing the same action
    again while it is still loading starts nothing (returns False), so one press opens one
    dialog. ``on_error`` tells the user (e.g. in the status bar); nothing is opened then.
    """
    token = (id(parent), key)
    if token in _loading:
        return False
    _loading.add(token)
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))

    def settle() -> None:
        _loading.discard(token)
        QGuiApplication.restoreOverrideCursor()

    def loaded(result: T) -> None:
        settle()
        show(result)

    def failed(error: Exception) -> None:
        settle()
        on_error(error)

    run(parent, load, loaded, failed)
    return True


def is_loading(parent: QObject, key: str) -> bool:
    """True while ``load_then(parent, key, ...)`` is still loading."""
    return (id(parent), key) in _loading


def wait_for_all(msecs: int = 10_000) -> bool:
    """Wait until queued operations have finished (shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
