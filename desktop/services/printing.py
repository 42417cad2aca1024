"""Printing policy in one place: where each document goes, sending it there, and the audit.

Each document kind (receipt, daily report) remembers its own printer and
paper. Targets:

* ``system``: the operating system's print queue. Painting a PDF on a
  system printer needs Qt, which the services may not import, so the UI hands
  the service a *system printer driver* (:data:`SystemPrinter`): a callable
  that takes the PDF, a printer name (``""`` = the default printer) and a job
  title and returns the printer it used. The service decides *whether* and
  *what* to print; the driver only paints. It is called on the thread the
  service runs on (a pool thread; Qt supports painting on a QPrinter there);
* ``cups``: straight to a named CUPS queue (``lp``);
* ``escpos``: raw ESC/POS bytes to a thermal printer device or raw CUPS queue;
* ``pdf``: no printer, save as PDF only.

Every print and every save is audited (document, target, printer; never a
NIK or a name). A receipt printed or saved before is a *reprint*, and says so.

A failed print raises :class:`printing.dispatch.PrintError`; the request it
belongs to is already saved, and the same call can simply be retried. Nothing
here is slow to import: the renderers load when a document is made.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop.models.tables import AuditEntry, Setting
from desktop.services.printing_types import (
    DocumentKind,
    PrinterSetup,
    PrintOutcome,
    SystemPrinter,
    Target,
)
from desktop.services.workspace import Workspace
from printing import dispatch
from printing.dispatch import PrintError, PrintErrorKind
from printing.paper import Paper

if TYPE_CHECKING:
    from desktop.services.receipts import ReceiptService
    from printing.documents import ReceiptData

__all__ = [
    "DocumentKind",
    "PrintError",
    "PrintErrorKind",
    "PrintOutcome",
    "PrintService",
    "PrinterSetup",
    "SystemPrinter",
    "Target",
]

log = logging.getLogger(__name__)

RECEIPT_ACTIONS = ("receipt.printed", "receipt.reprinted", "receipt.saved")


DEFAULTS = {
    DocumentKind.RECEIPT: PrinterSetup(),
    DocumentKind.REPORT: PrinterSetup(paper=Paper.A4, auto_print=False),
}


class PrintService:
    def __init__(self, workspace: Workspace, system_printer: SystemPrinter | None = None) -> None:
        self._ws = workspace
        self._system_printer = system_printer

    # -- setup -------------------------------------------------------------------------

    def setup(self, kind: DocumentKind) -> PrinterSetup:
        default = DEFAULTS[kind]
        with self._ws.reading() as session:
            rows = {
                row.key: row.value
                for row in session.query(Setting).filter(Setting.key.startswith(f"printer.{kind}."))
            }
        prefix = f"printer.{kind}."
        try:
            return PrinterSetup(
                target=Target(rows.get(prefix + "target", default.target)),
                name=rows.get(prefix + "name", default.name),
                paper=Paper(rows.get(prefix + "paper", default.paper)),
                auto_print=rows.get(prefix + "auto_print", str(default.auto_print)) == "True",
            )
        except ValueError:  # a value written by a newer version: fall back, don't crash
            log.warning("unreadable printer setup for %s; using defaults", kind)
            return default

    def save_setup(self, kind: DocumentKind, setup: PrinterSetup) -> None:
        prefix = f"printer.{kind}."
        with self._ws.transaction() as session:
            for key, value in (
                ("target", setup.target.value),
                ("name", setup.name.strip()),
                ("paper", setup.paper.value),
                ("auto_print", str(setup.auto_print)),
            ):
                session.merge(Setting(key=prefix + key, value=value))
            self._ws.audit(
                session,
                "printer.configured",
                "setting",
                str(kind),
                f"{setup.target} {setup.name} {setup.paper}",
            )

    def system_printer_name(self, kind: DocumentKind) -> str:
        """The system printer to preselect in a print dialog ("" = none remembered)."""
        setup = self.setup(kind)
        return setup.name if setup.target is Target.SYSTEM else ""

    def remember_system_printer(self, kind: DocumentKind, printer_name: str) -> None:
        """The printer chosen in the print dialog becomes this document kind's default."""
        current = self.setup(kind)
        if current.target is Target.SYSTEM and current.name == printer_name:
            return
        self.save_setup(kind, replace(current, target=Target.SYSTEM, name=printer_name))

    def auto_print_receipts(self) -> bool:
        """Print a receipt as soon as a request is saved (and there is a printer to print on)."""
        setup = self.setup(DocumentKind.RECEIPT)
        return setup.auto_print and setup.target is not Target.PDF

    # -- documents ---------------------------------------------------------------------

    def receipts(self) -> ReceiptService:
        from desktop.services.receipts import ReceiptService  # signing, QR: loaded when used

        return ReceiptService(self._ws)

    def report_pdf(self, day: dt.date | None = None, paper: Paper | None = None) -> bytes:
        """The daily report as PDF on the report printer's paper (A4 unless changed)."""
        from desktop.services.reports import ReportService
        from printing.report import render_daily_report

        paper = paper or self.setup(DocumentKind.REPORT).paper
        # In the session's language (installed at start-up), not one just saved in settings.
        data = ReportService(self._ws).daily(day)
        self._audit(
            "report.daily_rendered", "report", "", f"day={data.day.isoformat()} paper={paper.value}"
        )
        return render_daily_report(data, paper)

    # -- receipts ----------------------------------------------------------------------

    def print_receipt(self, tracking_code: str) -> PrintOutcome:
        """Print a receipt where the office prints receipts; audited; raises PrintError.

        A receipt printed or saved before is marked as a reprint.
        """
        setup = self.setup(DocumentKind.RECEIPT)
        if setup.target is Target.PDF:
            raise PrintError(PrintErrorKind.NO_PRINTER, "save-as-PDF only")
        data, reprint = self._receipt_data(tracking_code)
        code = data.tracking_code
        title = f"Sewaka {code}"
        job = ""
        if setup.target is Target.ESCPOS:
            from printing.escpos import receipt_escpos

            paper = setup.paper if setup.paper.is_roll else Paper.ROLL_80
            dispatch.send_escpos(receipt_escpos(data, paper), setup.name)
            where = setup.name
        else:
            from printing.receipt import render_receipt

            pdf = render_receipt(data, setup.paper)
            if setup.target is Target.CUPS:
                job = dispatch.print_pdf_cups(pdf, setup.name, title)
                where = setup.name
            else:
                where = self._print_on_system_printer(pdf, setup.name, title)
        action = "receipt.reprinted" if reprint else "receipt.printed"
        self._audit(action, "service_request", code, f"{setup.target} {where}")
        return PrintOutcome(DocumentKind.RECEIPT, setup.target, where, job, reprint)

    def save_receipt(
        self,
        tracking_code: str,
        path: str | Path,
        paper: Paper | None = None,
        language: str | None = None,
    ) -> PrintOutcome:
        """Save the receipt as a PDF file (all or nothing); audited; raises PrintError.

        ``paper`` defaults to the receipt printer's paper, ``language`` to the session's
        (the command line may ask for another of either).
        """
        from printing.receipt import render_receipt

        data, reprint = self._receipt_data(tracking_code, language)
        pdf = render_receipt(data, paper or self.setup(DocumentKind.RECEIPT).paper)
        saved = self._save(pdf, path, "receipt.saved", "service_request", data.tracking_code)
        return PrintOutcome(DocumentKind.RECEIPT, Target.PDF, str(saved), "", reprint)

    def _receipt_data(
        self, reference: str, language: str | None = None
    ) -> tuple[ReceiptData, bool]:
        """The receipt's data, marked as a reprint if it was printed or saved before."""
        receipts = self.receipts()
        data = receipts.receipt_data(reference, language)
        if not self._printed_before(data.tracking_code):
            return data, False
        return receipts.mark_reprint(data), True

    def _printed_before(self, tracking_code: str) -> bool:
        with self._ws.reading() as session:
            found = session.scalars(
                select(AuditEntry.id)
                .where(AuditEntry.entity_id == tracking_code)
                .where(AuditEntry.action.in_(RECEIPT_ACTIONS))
                .limit(1)
            ).first()
        return found is not None

    # -- the daily report --------------------------------------------------------------

    def print_report(self, printer_name: str, day: dt.date | None = None) -> PrintOutcome:
        """Print the daily report on the system printer chosen in the print dialog; audited.

        The chosen printer becomes the report printer.
        """
        pdf = self.report_pdf(day)
        where = self._print_on_system_printer(pdf, printer_name, "Laporan harian")
        self.remember_system_printer(DocumentKind.REPORT, printer_name)
        self._audit("report.daily_printed", "report", "", f"{Target.SYSTEM} {where}")
        return PrintOutcome(DocumentKind.REPORT, Target.SYSTEM, where)

    def save_report(self, path: str | Path, day: dt.date | None = None) -> PrintOutcome:
        """Save the daily report as a PDF file (all or nothing); audited; raises PrintError."""
        pdf = self.report_pdf(day)
        saved = self._save(pdf, path, "report.daily_saved", "report", "")
        return PrintOutcome(DocumentKind.REPORT, Target.PDF, str(saved))

    # -- helpers -----------------------------------------------------------------------

    def _print_on_system_printer(self, pdf: bytes, printer_name: str, title: str) -> str:
        if self._system_printer is None:
            raise PrintError(PrintErrorKind.NO_PRINTER, "no system printer driver")
        return self._system_printer(pdf, printer_name, title)

    def _save(self, pdf: bytes, path: str | Path, action: str, entity: str, entity_id: str) -> Path:
        """Save a PDF audited *before* it takes its name: if the audit cannot be written
        (database full, locked), no file is left and the error is raised as it is."""
        from desktop.services.files import journal_dir

        return dispatch.save_pdf(
            pdf,
            path,
            before_rename=lambda: self._audit(action, entity, entity_id, "pdf"),
            journal=journal_dir(self._ws.home),
        )

    def _audit(self, action: str, entity: str, entity_id: str, details: str) -> None:
        with self._ws.transaction() as session:
            self._ws.audit(session, action, entity, entity_id, details)
