"""Print / reprint / save-as-PDF buttons for one request's receipt, with a clear outcome line."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.printing_types import PrintError, PrintOutcome
from desktop.ui import operations, style
from desktop.ui.print_support import ReceiptPrinter, ask_pdf_path, print_error_text
from desktop.ui.widgets import named

log = logging.getLogger(__name__)


class ReceiptActions(QWidget):
    printed = Signal(str)  # tracking code
    failed = Signal(str)  # the message shown

    def __init__(self, printer: ReceiptPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._printer = printer
        self._code: str | None = None
        self.print_button = named(QPushButton(self.tr("Cetak struk (Ctrl+P)")), "printReceipt")
        self.pdf_button = named(QPushButton(self.tr("Simpan PDF…")), "saveReceiptPdf")
        self.choose_button = named(QPushButton(self.tr("Pilih printer…")), "choosePrinter")
        for button in (self.print_button, self.pdf_button, self.choose_button):
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.status = named(QLabel(wordWrap=True), "printStatus")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.print_button.clicked.connect(self.print_now)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.choose_button.clicked.connect(self.choose_printer)
        self.set_request(None)

    def set_request(self, tracking_code: str | None) -> None:
        self._code = tracking_code
        self.print_button.setEnabled(tracking_code is not None)
        self.pdf_button.setEnabled(tracking_code is not None)
        self.status.clear()

    def choose_printer(self) -> None:
        """The system print dialog; the printer chosen there prints receipts from now on.

        The printer chosen last time is read off the UI thread; the dialog opens after.
        """
        operations.load_then(
            self, "choosePrinter", self._printer.preselected_printer, self._ask, self._unread
        )

    def _unread(self, error: Exception) -> None:
        self.status.setStyleSheet(style.ERROR)
        self.status.setText(self.tr("Printer struk belum dapat dibaca. Coba lagi sebentar lagi."))

    def _ask(self, preselected: str) -> None:
        printer = QPrinter()
        if preselected:
            printer.setPrinterName(preselected)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self._print(chosen=printer.printerName())

    def print_now(self) -> None:
        self._print(chosen=None)

    def _print(self, chosen: str | None) -> None:
        """Print the receipt; ``chosen``: a system printer picked in the dialog, kept from now."""
        code = self._code
        if code is None:
            return

        def work() -> PrintOutcome:
            if chosen is not None:
                self._printer.remember(chosen)
            return self._printer.print_receipt(code)

        self.status.setStyleSheet("")
        self.status.setText(self.tr("Mencetak struk…"))
        self.print_button.setEnabled(False)
        self._busy(True)
        operations.run(
            self,
            work,
            lambda outcome: self._done(code, outcome),
            lambda exc: self._failed(code, exc),
        )

    def _busy(self, busy: bool) -> None:
        if busy:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
        else:
            QApplication.restoreOverrideCursor()

    def _done(self, code: str, outcome: PrintOutcome) -> None:
        self._busy(False)
        self.print_button.setEnabled(True)
        self.status.setStyleSheet(style.INFO)
        if outcome.reprint:
            text = self.tr("Cetak ulang struk {code} dikirim ke printer {printer}.")
        else:
            text = self.tr("Struk {code} dikirim ke printer {printer}.")
        self.status.setText(text.format(code=code, printer=outcome.where))
        self.printed.emit(code)

    def _failed(self, code: str, error: Exception) -> None:
        self._busy(False)
        self.print_button.setEnabled(True)
        if isinstance(error, PrintError):
            reason = print_error_text(error)
        else:
            log.exception("receipt %s could not be printed", code, exc_info=error)
            reason = self.tr("Gagal mencetak.")
        text = self.tr(
            "{reason} Permohonan tetap tersimpan. Tekan \u201cCetak struk\u201d untuk mencoba "
            "lagi atau simpan sebagai PDF."
        ).format(reason=reason)
        self.status.setStyleSheet(style.ERROR)
        self.status.setText(text)
        self.failed.emit(text)

    def save_pdf(self, path: str | None = None) -> None:
        code = self._code
        if code is None:
            return
        path = path or ask_pdf_path(self, f"struk-{code}.pdf")
        if not path:
            return
        self.pdf_button.setEnabled(False)
        self._busy(True)
        chosen = path
        operations.run(
            self,
            lambda: self._printer.save_pdf(code, chosen),
            lambda _outcome: self._saved(chosen),
            self._not_saved,
        )

    def _saved(self, path: str) -> None:
        self._busy(False)
        self.pdf_button.setEnabled(self._code is not None)
        self.status.setStyleSheet(style.INFO)
        self.status.setText(self.tr("Struk disimpan: {path}").format(path=path))

    def _not_saved(self, error: Exception) -> None:
        self._busy(False)
        self.pdf_button.setEnabled(self._code is not None)
        self.status.setStyleSheet(style.ERROR)
        if isinstance(error, PrintError):
            self.status.setText(print_error_text(error))
        else:
            log.error("receipt could not be saved: %s", type(error).__name__)
            self.status.setText(self.tr("Berkas PDF tidak dapat disimpan."))
