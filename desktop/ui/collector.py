"""Python's cycle collector runs on the UI thread only.

Worker threads (saving, printing, the clock check, sync) allocate objects too. Left
automatic, a collection can start on one of them and free the Python wrappers of Qt objects
there while the UI thread is deleting the same widgets: PySide6 then crashes (a segmentation
fault "Garbage-collecting" in a worker thread was seen in the GUI tests). So the automatic
collector is switched off, and a timer on the UI thread collects whenever the allocation
counts say the automatic collector would have. Reference counting, which frees almost
everything, is unaffected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 250


def due_generation() -> int | None:
    """The generation the automatic collector would collect now, or None."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            return generation
    return None


class UiThreadCollector(QObject):
    """Owns the collection schedule while it lives (on the UI thread)."""

    def __init__(self, parent: QObject | None = None, every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int | None:
        generation = due_generation()
        if generation is not None:
            gc.collect(generation)
        return generation

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
