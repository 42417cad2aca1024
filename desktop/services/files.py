"""Leftovers of files Sewaka writes for the user (exports, reports, receipts, backups).

Each such file is written under a temporary name beside its target
(:class:`printing.dispatch.AtomicFile`) and its folder is noted in the data folder's
:func:`journal_dir`, so that what a killed process left there (sometimes hundreds of full
NIKs) is found and removed: by the next write to that folder, and by :func:`sweep_leftovers`,
which the application runs once the window is up.
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

JOURNAL_FOLDER = "tmp"


def journal_dir(home: Path) -> Path:
    """The data folder's record of files being written (created when first needed)."""
    return home / JOURNAL_FOLDER


def sweep_leftovers(home: Path) -> int:
    """Remove what killed writes left behind; return how many files. Never raises."""
    from printing.dispatch import sweep_journal

    try:
        removed = sweep_journal(journal_dir(home))
    except Exception:  # a clean-up must never stop the counter
        log.exception("removing leftover temporary files failed")
        return 0
    if removed:
        log.info("removed %d leftover temporary file(s) of an interrupted write", removed)
    return removed
