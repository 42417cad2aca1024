"""Logging to a rotating file in the data folder. Never log a full NIK or a name."""

from __future__ import annotations

import logging
import os
from pathlib import Path

MAX_BYTES = 2_000_000
BACKUPS = 5
_configured = False


class RotatingFile(logging.FileHandler):
    """``sewaka.log``, rolled over to ``sewaka.log.1`` … ``.5`` when it would pass ``max_bytes``.

    What :class:`logging.handlers.RotatingFileHandler` does, without importing that
    module (sockets, pickle, queues) on the start-up path, where every millisecond is
    the clerk's.
    """

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full(record):
                self._roll_over()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _full(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            return False
        self.stream.seek(0, os.SEEK_END)
        written = self.stream.tell()
        return written > 0 and written + len(self.format(record)) + 1 > self.max_bytes

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older = f"{base}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{base}.{number + 1}")
        if os.path.exists(base):
            os.replace(base, f"{base}.1")
        self.stream = self._open()


def setup_logging(folder: Path, level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFile(folder / "sewaka.log")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True
