"""What an export answers and why it refuses, as plain data (no SQLAlchemy).

``desktop.services.export`` re-exports every name.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class ExportFormat(enum.StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class Refusal(enum.StrEnum):
    MISSING_FOLDER = "missing_folder"  # the folder of --out does not exist (it is not created)
    FORMAT_MISMATCH = "format_mismatch"  # --format says one thing, the file name another
    UNKNOWN_FORMAT = "unknown_format"  # neither --format nor a known file extension


class ExportRefused(Exception):
    """The export was not started; ``reason`` says why (the caller words it for the user)."""

    def __init__(self, reason: Refusal, path: Path, fmt: ExportFormat | None = None) -> None:
        super().__init__(f"{reason.value}: {path}")
        self.reason = reason
        self.path = path
        self.format = fmt


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: ExportFormat
    rows: int
