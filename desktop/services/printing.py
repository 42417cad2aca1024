"""Where each kind of document goes, and sending it there.

Each document kind (receipt, daily report) remembers its own printer and
paper. Targets:

* ``system``: the operating system's print queue through Qt's print support
  (the UI does this part: it needs QPrinter); the service renders the PDF;
* ``cups``: straight to a named CUPS queue (``lp``);
* ``escpos``: raw ESC/POS bytes to a thermal printer device or raw CUPS queue;
* ``pdf``: no printer, save as PDF only.

A failed print raises :class:`printing.dispatch.PrintError`; the request it
belongs to is already saved, and the same call can simply be retried.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from dataclasses import dataclass, replace

from desktop.models.tables import Setting
from desktop.services.receipts import ReceiptService
from desktop.services.reports import ReportService
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace
from printing import dispatch
from printing.escpos import receipt_escpos
from printing.paper import Paper
from printing.report import render_daily_report

log = logging.getLogger(__name__)


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


DEFAULTS = {
    DocumentKind.RECEIPT: PrinterSetup(),
    DocumentKind.REPORT: PrinterSetup(paper=Paper.A4, auto_print=False),
}


class PrintService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace

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

    def receipts(self) -> ReceiptService:
        return ReceiptService(self._ws)

    def receipt_pdf(self, tracking_code: str, paper: Paper | None = None) -> bytes:
        paper = paper or self.setup(DocumentKind.RECEIPT).paper
        return ReceiptService(self._ws).render(tracking_code, paper)

    def report_pdf(self, day: dt.date | None = None, paper: Paper | None = None) -> bytes:
        """The daily report as PDF on the report printer's paper (A4 unless changed)."""
        paper = paper or self.setup(DocumentKind.REPORT).paper
        language = SettingsService(self._ws).load().language
        data = ReportService(self._ws).daily(day, language)
        self._audit(
            "report.daily_rendered", "report", "", f"day={data.day.isoformat()} paper={paper.value}"
        )
        return render_daily_report(data, paper)

    def remember_system_printer(self, kind: DocumentKind, printer_name: str) -> None:
        """The printer chosen in the print dialog becomes this document kind's default."""
        current = self.setup(kind)
        if current.target is Target.SYSTEM and current.name == printer_name:
            return
        self.save_setup(kind, replace(current, target=Target.SYSTEM, name=printer_name))

    def print_receipt(self, tracking_code: str) -> str:
        """Send a receipt to its configured CUPS queue or thermal printer; return a job id.

        The ``system`` target is printed by the UI (Qt); ``pdf`` has nothing to print.
        """
        setup = self.setup(DocumentKind.RECEIPT)
        receipts = ReceiptService(self._ws)
        if setup.target is Target.CUPS:
            pdf = receipts.render(tracking_code, setup.paper)
            job = dispatch.print_pdf_cups(pdf, setup.name, f"Sewaka {tracking_code}")
        elif setup.target is Target.ESCPOS:
            paper = setup.paper if setup.paper.is_roll else Paper.ROLL_80
            raw = receipt_escpos(receipts.receipt_data(tracking_code), paper)
            dispatch.send_escpos(raw, setup.name)
            job = setup.name
        else:
            raise ValueError(f"{setup.target} receipts are not printed by the service")
        self._audit(
            "receipt.printed", "service_request", tracking_code, f"{setup.target} {setup.name}"
        )
        return job

    def _audit(self, action: str, entity: str, entity_id: str, details: str) -> None:
        with self._ws.transaction() as session:
            self._ws.audit(session, action, entity, entity_id, details)
