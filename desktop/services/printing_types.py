"""What the print service takes and answers, as plain data (no SQLAlchemy).

The UI imports these at start-up, before the database is open;
``desktop.services.printing`` re-exports every name.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from printing.dispatch import PrintError, PrintErrorKind
from printing.paper import Paper

__all__ = [
    "DocumentKind",
    "PrintError",
    "PrintErrorKind",
    "PrintOutcome",
    "PrinterSetup",
    "SystemPrinter",
    "Target",
]

SystemPrinter = Callable[[bytes, str, str], str]
"""``(pdf, printer name or "" for the default, job title) -> the printer used``; raises
:class:`PrintError`."""


class DocumentKind(enum.StrEnum):
    RECEIPT = "receipt"
    REPORT = "report"


class Target(enum.StrEnum):
    SYSTEM = "system"
    CUPS = "cups"
    ESCPOS = "escpos"
    PDF = "pdf"


@dataclass(frozen=True)
class PrinterSetup:
    target: Target = Target.SYSTEM
    name: str = ""  # printer name, CUPS queue, or device path; "" = the system default
    paper: Paper = Paper.ROLL_58
    auto_print: bool = True  # receipts: print as soon as the request is saved


@dataclass(frozen=True)
class PrintOutcome:
    """Where a document went: enough for the UI to tell the clerk."""

    kind: DocumentKind
    target: Target
    where: str  # the printer, CUPS queue, device or file it went to
    job: str = ""  # the CUPS job id, if there is one
    reprint: bool = False
