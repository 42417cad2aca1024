"""Cycle collections happen on the UI thread only (desktop.ui.collector): a worker thread
that makes cyclic garbage never starts one, where it could free Qt wrappers the UI thread is
deleting."""

from __future__ import annotations

import gc
import threading
from typing import Any

from pytestqt.qtbot import QtBot


def test_a_worker_making_cyclic_garbage_leaves_the_collection_to_the_ui_thread(
    qtbot: QtBot,
) -> None:
    collected_on_ui_thread: list[bool] = []

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collected_on_ui_thread.append(threading.current_thread() is threading.main_thread())

    def churn() -> None:
        for _ in range(5 * gc.get_threshold()[0]):
            cycle: list[object] = []
            cycle.append(cycle)

    gc.callbacks.append(watch)
    try:
        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
        assert collected_on_ui_thread == []  # the worker started none
        qtbot.waitUntil(lambda: bool(collected_on_ui_thread), timeout=3000)
        assert all(collected_on_ui_thread)
    finally:
        gc.callbacks.remove(watch)
