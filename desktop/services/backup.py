"""Backups that staff make on demand (Berkas menu or ``sewaka backup --out``): a checked copy.

The copy is made with SQLite's online backup API while the counter keeps working, written
under a temporary name next to the destination, switched out of WAL mode so it is one
self-contained file (safe to carry on a USB stick), opened read-only and checked with
``PRAGMA integrity_check``, fsynced, audited, and only then given its name
(:func:`desktop.models.database.checked_copy`, shared with the backup taken before a
migration). An existing file is never overwritten, and a copy that fails its check never
takes the name.
"""

from __future__ import annotations

import enum
import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths
from desktop.models.database import CopyDamaged, checked_copy

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
        sizes: list[int] = []

        def audit_first(copy: Path) -> None:
            # Audited before the copy takes its name: if the audit cannot be written
            # (database full, locked), the copy is deleted and nothing leaves unrecorded.
            sizes.append(copy.stat().st_size)
            with self._ws.transaction() as session:
                self._ws.audit(session, "data.backed_up", "database", "", f"bytes={sizes[0]}")

        try:
            checked_copy(paths.database_path(self._ws.home), destination, before_naming=audit_first)
        except FileExistsError:
            raise BackupRefused(BackupRefusal.EXISTS, destination) from None
        except CopyDamaged as damaged:
            raise BackupDamaged(str(damaged)) from damaged
        size = sizes[0]
        return BackupResult(destination, size)
