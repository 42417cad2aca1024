"""Logging to a rotating file in the data folder. Never log a full NIK or a name."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured = False


def setup_logging(folder: Path, level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "sewaka.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = True
