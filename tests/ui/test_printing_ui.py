"""Receipts from the counter: printed right after saving, reprinted, or saved as PDF.

A print that fails never loses the request, and the same button retries.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.domain.intake import IntakeForm
from desktop.models.tables import AuditEntry
from desktop.services.printing import DocumentKind, PrinterSetup, PrintService, Target
from desktop.services.requests import RequestQuery, RequestService
from desktop.services.workspace import Workspace
from desktop.ui.intake_page import IntakePage
from desktop.ui.main_window import MainWindow
from desktop.ui.print_support import ReceiptPrinter
from desktop.ui.requests_page import RequestsPage
from printing.paper import Paper

if TYPE_CHECKING:
    from ui.conftest import FakeSystemPrinter

FORM = IntakeForm(
    nik="3273055708900003",
    name="Siti Rahmawati",
    sex="F",
    birth_date="17-08-1990",
    address="Jl. Melati No. 12",
    service_code="SKD",
    documents=("Surat pengantar RT/RW",),
)


def thermal_file(tmp_path: Path) -> Path:
    device = tmp_path / "lp0"
    device.write_bytes(b"")  # stands in for /dev/usb/lp0
    return device


def intake(
    qtbot: QtBot, workspace: Workspace, system_printer: FakeSystemPrinter
) -> tuple[IntakePage, PrintService]:
    # Never the real system printer: a developer's default printer must not print tests.
    printing = PrintService(workspace, system_printer)
    page = IntakePage(RequestService(workspace), printer=ReceiptPrinter(printing))
    qtbot.addWidget(page)
    page.show()
    return page, printing


def register_with_keyboard(qtbot: QtBot, page: IntakePage) -> None:
    page.nik.setText(FORM.nik)
    page.nik.editingFinished.emit()
    page.name.setText(FORM.name)
    page.address.setText(FORM.address)
    page.service.setCurrentIndex(page.service.findData("SKD"))
    qtbot.keyClick(page.address, Qt.Key.Key_Return)


def test_receipt_prints_to_the_thermal_printer_after_saving(
    qtbot: QtBot, gui_workspace: Workspace, tmp_path: Path, system_printer: FakeSystemPrinter
):
    device = thermal_file(tmp_path)
    page, printing = intake(qtbot, gui_workspace, system_printer)
    printing.save_setup(
        DocumentKind.RECEIPT, PrinterSetup(Target.ESCPOS, str(device), Paper.ROLL_58, True)
    )
    register_with_keyboard(qtbot, page)

    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert page.receipt is not None
    qtbot.waitUntil(lambda: "dikirim ke printer" in page.receipt.status.text(), timeout=5000)
    raw = device.read_bytes()
    row = RequestService(gui_workspace).search(RequestQuery()).rows[0]
    assert row.tracking_code.encode() in raw
    assert b"A-001" in raw
    assert FORM.nik.encode() not in raw  # never the full NIK on paper


def test_missing_printer_is_explained_request_kept_and_retry_works(
    qtbot: QtBot, gui_workspace: Workspace, tmp_path: Path, system_printer: FakeSystemPrinter
):
    page, printing = intake(qtbot, gui_workspace, system_printer)
    printing.save_setup(
        DocumentKind.RECEIPT,
        PrinterSetup(Target.ESCPOS, str(tmp_path / "unplugged" / "lp0"), Paper.ROLL_58, True),
    )
    register_with_keyboard(qtbot, page)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert page.receipt is not None
    qtbot.waitUntil(lambda: "tetap tersimpan" in page.receipt.status.text(), timeout=5000)
    assert RequestService(gui_workspace).count(RequestQuery()) == 1

    # The printer is plugged back in: the same button prints the same receipt.
    device = thermal_file(tmp_path)
    printing.save_setup(
        DocumentKind.RECEIPT, PrinterSetup(Target.ESCPOS, str(device), Paper.ROLL_58, True)
    )
    page.receipt.print_button.click()
    qtbot.waitUntil(lambda: "dikirim ke printer" in page.receipt.status.text(), timeout=5000)
    assert b"A-001" in device.read_bytes()


def test_no_system_printer_offers_pdf_and_saving_pdf_works(
    qtbot: QtBot, gui_workspace: Workspace, tmp_path: Path, system_printer: FakeSystemPrinter
):
    page, _ = intake(qtbot, gui_workspace, system_printer)  # default: the system's default printer
    register_with_keyboard(qtbot, page)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert page.receipt is not None
    # The offscreen test machine has no printers at all.
    qtbot.waitUntil(lambda: "simpan sebagai PDF" in page.receipt.status.text(), timeout=5000)

    target = tmp_path / "struk.pdf"
    page.receipt.save_pdf(str(target))
    qtbot.waitUntil(lambda: "Struk disimpan" in page.receipt.status.text(), timeout=5000)
    assert target.read_bytes().startswith(b"%PDF")


def test_pdf_only_offices_get_no_automatic_print_attempt_after_saving(
    qtbot: QtBot, gui_workspace: Workspace, system_printer: FakeSystemPrinter
):
    page, printing = intake(qtbot, gui_workspace, system_printer)
    printing.save_setup(DocumentKind.RECEIPT, PrinterSetup(Target.PDF, "", Paper.ROLL_58, True))
    register_with_keyboard(qtbot, page)

    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert page.receipt is not None
    qtbot.wait(300)  # an automatic print would have failed by now
    assert page.receipt.status.text() == ""  # no "cannot print" for an office without a printer
    assert system_printer.jobs == []


def audit_actions(workspace: Workspace) -> list[tuple[str, str]]:
    with workspace.reading() as session:
        return [
            (row.action, row.details)
            for row in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
            if row.action in ("receipt.printed", "receipt.reprinted", "receipt.saved")
        ]


def test_system_printer_prints_are_audited_and_a_second_print_is_a_reprint(
    qtbot: QtBot, gui_workspace: Workspace, system_printer: FakeSystemPrinter
):
    printer = system_printer
    printer.default = "Loket-1"
    printer.printers.add("Loket-1")
    page, _ = intake(qtbot, gui_workspace, printer)
    register_with_keyboard(qtbot, page)
    qtbot.waitUntil(lambda: page.result.queue.text() == "A-001", timeout=5000)
    assert page.receipt is not None
    qtbot.waitUntil(
        lambda: "dikirim ke printer Loket-1" in page.receipt.status.text(), timeout=5000
    )
    assert len(printer.jobs) == 1 and printer.jobs[0][2].startswith(b"%PDF")
    assert audit_actions(gui_workspace) == [("receipt.printed", "system Loket-1")]

    page.receipt.print_button.click()
    qtbot.waitUntil(lambda: "Cetak ulang" in page.receipt.status.text(), timeout=5000)
    assert len(printer.jobs) == 2
    assert [a for a, _ in audit_actions(gui_workspace)] == [
        "receipt.printed",
        "receipt.reprinted",
    ]


def test_reprint_from_the_request_list(qtbot: QtBot, gui_workspace: Workspace, tmp_path: Path):
    RequestService(gui_workspace).register(FORM)
    device = thermal_file(tmp_path)
    printing = PrintService(gui_workspace)
    printing.save_setup(
        DocumentKind.RECEIPT, PrinterSetup(Target.ESCPOS, str(device), Paper.ROLL_80, False)
    )
    page = RequestsPage(RequestService(gui_workspace), printer=ReceiptPrinter(printing))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    assert page.receipt is not None
    qtbot.waitUntil(page.receipt.print_button.isEnabled, timeout=5000)

    page.receipt.print_button.click()
    qtbot.waitUntil(lambda: b"A-001" in device.read_bytes(), timeout=5000)


def test_verify_dialog_tells_genuine_from_tampered(
    qtbot: QtBot, gui_workspace: Workspace, tmp_path: Path, system_printer: FakeSystemPrinter
):
    from desktop.services.receipts import ReceiptService
    from desktop.ui.verify_dialog import VerifyReceiptDialog
    from printing import raster

    row = RequestService(gui_workspace).register(FORM)
    receipts = ReceiptService(gui_workspace)
    payload = receipts.receipt_data(row.tracking_code).qr_payload
    dialog = VerifyReceiptDialog(receipts)
    qtbot.addWidget(dialog)

    qtbot.keyClicks(dialog.text, payload)  # a USB scanner types the QR text
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("ASLI"), timeout=5000)
    assert row.tracking_code in dialog.outcome.text()

    # Someone re-encodes the claims with another tracking code and keeps the signature.
    prefix, body, signature = payload.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["t"] = "X" + claims["t"][1:]
    forged_body = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode())
    forged = f"{prefix}.{forged_body.rstrip(b'=').decode()}.{signature}"
    dialog.check(forged)
    qtbot.waitUntil(lambda: not dialog.outcome.text().startswith("ASLI"), timeout=5000)
    assert dialog.outcome.text().startswith("PALSU")  # forged, not merely unreadable

    photo = tmp_path / "struk.png"
    raster.pdf_page_to_image(receipts.render(row.tracking_code, Paper.ROLL_58), 0, 203).save(photo)
    dialog.check(photo)
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("ASLI"), timeout=10000)


def test_daily_report_saved_from_the_menu(
    qtbot: QtBot, gui_workspace: Workspace, main_window: MainWindow, tmp_path: Path
):
    from pypdf import PdfReader

    from desktop.ui import daily_report

    RequestService(gui_workspace).register(FORM)
    target = tmp_path / "laporan.pdf"
    daily_report.save_daily_report(main_window, str(target))  # what the menu item does

    qtbot.waitUntil(
        lambda: "Laporan harian disimpan" in main_window.statusBar().currentMessage(), timeout=5000
    )
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Laporan Harian" in text and "SKD" in text
    assert FORM.nik not in text
    with gui_workspace.reading() as session:
        assert session.scalars(
            select(AuditEntry.id).where(AuditEntry.action == "report.daily_saved")
        ).first()


def test_printer_chosen_in_the_dialog_is_remembered_per_document_kind(gui_workspace: Workspace):
    printing = PrintService(gui_workspace)
    printing.remember_system_printer(DocumentKind.REPORT, "Kantor-A4")
    assert printing.setup(DocumentKind.REPORT) == PrinterSetup(
        Target.SYSTEM, "Kantor-A4", Paper.A4, False
    )
    assert printing.setup(DocumentKind.RECEIPT).name == ""  # receipts keep their own printer
