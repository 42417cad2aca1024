"""What the first window needs, read with :mod:`sqlite3` before SQLAlchemy has loaded.

Start-up shows the main window first and opens the ORM workspace on a thread
right after (``desktop.services.application``). The window is built from a
:class:`Snapshot`: the office settings, the active service catalogue and
today's office day, read here read-only after the database checks
(``quick_check`` and the schema revision, :func:`desktop.models.database.checked_revision`).

:func:`read_snapshot` answers None when the workspace must be opened in full
first: a new data folder (the file, the device id and the catalogue are made
then), a migration that is due, or a file this read cannot make sense of. That is
rare (first start, upgrades); the caller opens the workspace synchronously and
builds the snapshot from the services (:meth:`Application.snapshot`).

Nothing here imports SQLAlchemy (``tests/test_startup_imports.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop import paths
from desktop.domain.clock import (
    CONFIRMATION_SETTING,
    Clock,
    ClockConfirmation,
    Hlc,
    check_clock,
    office_day,
    system_clock,
)
from desktop.models.database import (
    DatabaseProblem,
    ProblemKind,
    checked_revision,
    head_revision,
)
from desktop.services.request_types import ServiceInfo
from desktop.services.settings_types import Settings, from_stored

__all__ = ["DatabaseProblem", "ProblemKind", "Snapshot", "read_snapshot"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """The office as the first window shows it."""

    settings: Settings
    services: tuple[ServiceInfo, ...]  # the active catalogue, in counter order
    today: dt.date  # the office day (settings.timezone) when it was read


def read_snapshot(home: Path, *, clock: Clock = system_clock) -> Snapshot | None:
    """The first window's data from the database under ``home``, or None (open it in full first).

    Raises :class:`DatabaseProblem` when the file cannot be used (not SQLite, damaged,
    written by a newer Sewaka); it is then left untouched.
    """
    path = paths.database_path(home)
    if checked_revision(path, clock()) != head_revision():
        return None  # a new folder or a migration: the workspace makes it ready
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return None
    try:
        return _read(conn, clock)
    except (sqlite3.Error, ValueError, TypeError) as exc:
        # Opening the workspace reports it properly (or repairs what a first start left out).
        log.warning("start-up read failed (%s); opening the database in full", type(exc).__name__)
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, clock: Clock) -> Snapshot | None:
    device = conn.execute("SELECT hlc FROM device LIMIT 1").fetchone()
    if device is None:
        return None  # the first start stopped before this PC got its id
    stored = {str(key): str(value) for key, value in conn.execute("SELECT key, value FROM setting")}
    settings = from_stored(stored)
    rows = conn.execute(
        "SELECT code, name, name_en, queue_prefix, standard_days, requirements"
        " FROM service WHERE active ORDER BY position, code"
    ).fetchall()
    if not rows:
        return None  # no catalogue yet: the workspace seeds it
    services = tuple(
        ServiceInfo(
            code=code,
            name=name,
            name_en=name_en,
            queue_prefix=prefix,
            standard_days=int(days),
            requirements=tuple(str(item) for item in json.loads(requirements or "[]")),
        )
        for code, name, name_en, prefix, days, requirements in rows
    )
    # The day numbers are issued in: never before the newest recorded one while the PC
    # clock is behind it (domain.clock.office_day; services/clock_check.py does the same).
    check = check_clock(
        clock(),
        Hlc.decode(str(device[0])).moment(),
        ClockConfirmation.from_text(stored.get(CONFIRMATION_SETTING)),
    )
    return Snapshot(
        settings=settings, services=services, today=office_day(check, settings.timezone)
    )
