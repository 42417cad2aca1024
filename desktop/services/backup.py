"""Backups that staff make on demand (Berkas menu or ``sewaka backup --out``): a checked copy.

The copy is made with SQLite's online backup API while the counter keeps working, written
under a temporary name next to the destination, switched out of WAL mode so it is one
self-contained file (safe to carry on a USB stick), opened read-only and checked with
``PRAGMA integrity_check``, and only then given its name. An existing file is never
overwritten, and a copy that fails its check never takes the name.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths
from desktop.models.database import backup_file

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

SUFFIX = ".sqlite3"


class BackupRefusal(enum.StrEnum):
    EXISTS = "exists"  # a file of that name is already there; it is never overwritten
    MISSING_FOLDER = "missing_folder"  # the destination folder does not exist (not created)


class BackupRefused(Exception):
    def __init__(self, reason: BackupRefusal, path: Path) -> None:
        super().__init__(f"{reason.value}: {path}")
        self.reason = reason
        self.path = path


class BackupDamaged(Exception):
    """The copy failed its integrity check; it was deleted and the destination left alone."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes


class BackupService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

    def suggested_name(self) -> str:
        """``sewaka-cadangan-20260310-0915.sqlite3`` (the office's time, WIB/WITA/WIT)."""
        from zoneinfo import ZoneInfo

        from desktop.services.settings import SettingsService

        zone = ZoneInfo(SettingsService(self._ws).load().timezone)
        return f"sewaka-cadangan-{self._ws.now().astimezone(zone):%Y%m%d-%H%M}{SUFFIX}"

    def backup(self, destination: Path) -> BackupResult:
        """Copy the database to ``destination``; raise :class:`BackupRefused`,
        :class:`BackupDamaged` or :class:`OSError` (nothing then carries its name)."""
        destination = Path(destination)
        if not destination.parent.is_dir():
            if destination.parent.exists():  # a file where the folder should be
                folder = str(destination.parent)
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), folder)
            raise BackupRefused(BackupRefusal.MISSING_FOLDER, destination)
        if destination.exists():
            raise BackupRefused(BackupRefusal.EXISTS, destination)
        import uuid  # not at import time: the menu that offers backups is built at start-up

        temporary = destination.parent / f".{destination.name}.{uuid.uuid4().hex}.tmp"
        try:
            backup_file(paths.database_path(self._ws.home), temporary)
            problem = _check(temporary)
            if problem is not None:
                raise BackupDamaged(problem)
            _fsync(temporary)
            _rename_without_overwriting(temporary, destination)
        finally:
            for leftover in (temporary, *_sidecars(temporary)):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        size = destination.stat().st_size
        with self._ws.transaction() as session:
            self._ws.audit(session, "data.backed_up", "database", "", f"bytes={size}")
        return BackupResult(destination, size)


def _check(path: Path) -> str | None:
    """Make the copy one file (no WAL), then what its integrity check finds (None: fine)."""
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        finally:
            conn.close()
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows[:5])


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rename_without_overwriting(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # fails if target exists: no window for a race
    except FileExistsError:
        raise BackupRefused(BackupRefusal.EXISTS, target) from None
    except OSError:  # no hard links here (FAT USB sticks): check, then rename
        if target.exists():
            raise BackupRefused(BackupRefusal.EXISTS, target) from None
        os.rename(source, target)  # Windows refuses to replace an existing file


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))
