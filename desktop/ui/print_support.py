"""Printing from the GUI: the system printer driver, error sentences, and the receipt printer.

Where a document goes is decided by :class:`desktop.services.printing.PrintService`
(and audited there). The only Qt part of printing is here: :func:`print_pdf_qt`,
the *system printer driver* the service calls to paint a PDF on a system
printer. The service runs on a pool thread (``desktop.ui.operations``), so
rendering and rasterising never block the counter.

A failed print says what went wrong in the clerk's words and keeps the
document, so "Coba lagi" (retry) or "Simpan PDF" still work; the request
itself was saved before printing started.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop import messages
from desktop.services.printing_types import (
    DocumentKind,
    PrintError,
    PrintErrorKind,
    PrinterSetup,
    PrintOutcome,
)

if TYPE_CHECKING:
    from desktop.services.printing import PrintService

PRINT_DPI = 203  # thermal heads; enough for A4 text too


def print_error_text(error: PrintError) -> str:
    texts = {
        PrintErrorKind.NO_PRINTER: QCoreApplication.translate(
            "print", "Belum ada printer yang dipilih atau printer tidak tersambung."
        ),
        PrintErrorKind.PRINTER_NOT_FOUND: QCoreApplication.translate(
            "print", "Printer tidak ditemukan."
        ),
        PrintErrorKind.PERMISSION_DENIED: QCoreApplication.translate(
            "print", "Komputer ini tidak diizinkan memakai printer tersebut."
        ),
        PrintErrorKind.CUPS_ERROR: QCoreApplication.translate(
            "print", "Layanan cetak menolak pekerjaan ini."
        ),
        PrintErrorKind.PRINTER_GONE: QCoreApplication.translate(
            "print", "Printer terputus saat mencetak."
        ),
        PrintErrorKind.OUT_OF_PAPER: QCoreApplication.translate("print", "Kertas printer habis."),
        PrintErrorKind.PRINTER_BUSY: QCoreApplication.translate(
            "print", "Printer sedang dipakai program lain."
        ),
        PrintErrorKind.TIMEOUT: QCoreApplication.translate("print", "Printer tidak menjawab."),
        PrintErrorKind.TOOL_MISSING: QCoreApplication.translate(
            "print", "Layanan cetak (CUPS) tidak terpasang."
        ),
        PrintErrorKind.SAVE_FAILED: QCoreApplication.translate(
            "print", "Berkas PDF tidak dapat disimpan."
        ),
    }
    from printing.dispatch import UnsafeTarget

    cause = error.__cause__
    if (
        error.kind is PrintErrorKind.SAVE_FAILED
        and isinstance(cause, OSError)
        and cause.filename
        and (isinstance(cause, UnsafeTarget) or cause.errno == errno.ENOSPC)
    ):
        # A link, a folder, a device or a full disk: the same sentence as the command line.
        return messages.cannot_write(cause.filename, cause)
    return texts.get(error.kind, QCoreApplication.translate("print", "Gagal mencetak."))


def print_pdf_qt(pdf: bytes, printer_name: str, title: str) -> str:
    """The system printer driver: paint a PDF on a system printer (``""``: the default one).

    Page by page, each at its own size. Returns the printer's name; raises
    :class:`PrintError`. May run on a pool thread (Qt paints on a QPrinter from any thread).
    """
    from printing import raster  # pdfium and numpy: loaded when something is printed

    if printer_name:
        info = QPrinterInfo.printerInfo(printer_name)
        if info.isNull():
            raise PrintError(PrintErrorKind.PRINTER_NOT_FOUND, printer_name)
    else:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise PrintError(PrintErrorKind.NO_PRINTER, "no default system printer")
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    pages = raster.page_count(pdf)
    painter = QPainter()
    try:
        for index in range(pages):
            image = raster.pdf_page_to_image(pdf, index, PRINT_DPI, grayscale=True)
            size_mm = QSizeF(image.width / PRINT_DPI * 25.4, image.height / PRINT_DPI * 25.4)
            layout = QPageLayout(
                QPageSize(size_mm, QPageSize.Unit.Millimeter, "Sewaka"),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
            printer.setPageLayout(layout)
            if index == 0:
                if not painter.begin(printer):
                    raise PrintError(PrintErrorKind.CUPS_ERROR, "the printer could not start")
            elif not printer.newPage():
                raise PrintError(PrintErrorKind.PRINTER_GONE, "new page refused")
            qimage = QImage(
                image.tobytes(),
                image.width,
                image.height,
                image.width,
                QImage.Format.Format_Grayscale8,
            )
            target = painter.viewport()
            painter.drawImage(target, qimage)
    finally:
        if painter.isActive():
            painter.end()
    return printer_name or info.printerName()


def ask_pdf_path(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("print", "Simpan sebagai PDF"), suggested, "PDF (*.pdf)"
    )
    return path


class ReceiptPrinter:
    """What the pages call to print a receipt: a thin front of :class:`PrintService`.

    It never decides where a receipt goes; the service does. ``print_receipt`` and
    ``save_pdf`` render, so call them through ``desktop.ui.operations.run``.
    """

    def __init__(self, service: PrintService) -> None:
        self._service = service

    @property
    def setup(self) -> PrinterSetup:
        return self._service.setup(DocumentKind.RECEIPT)

    def auto_print(self) -> bool:
        """Whether a receipt prints as soon as a request is saved (the print service decides)."""
        return self._service.auto_print_receipts()

    def print_receipt(self, tracking_code: str) -> PrintOutcome:
        """Print now; raises PrintError. Says where it went and whether it was a reprint."""
        return self._service.print_receipt(tracking_code)

    def preselected_printer(self) -> str:
        """The system printer to preselect in the print dialog ("" = the default)."""
        return self._service.system_printer_name(DocumentKind.RECEIPT)

    def remember(self, printer_name: str) -> None:
        self._service.remember_system_printer(DocumentKind.RECEIPT, printer_name)

    def save_pdf(self, tracking_code: str, path: str | Path) -> PrintOutcome:
        return self._service.save_receipt(tracking_code, path)
