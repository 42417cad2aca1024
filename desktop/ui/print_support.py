"""Printing from the GUI: the operating system's queue through QPrinter, CUPS, ESC/POS or PDF.

Every path starts from bytes the back end rendered once (reportlab PDF or
ESC/POS). A failed print says what went wrong in the clerk's words and keeps
the document, so "Coba lagi" (retry) or "Simpan PDF" still work; the request
itself was saved before printing started.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.services.printing import DocumentKind, PrinterSetup, PrintService, Target
from printing import raster
from printing.dispatch import PrintError, PrintErrorKind, save_pdf

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
    return texts.get(error.kind, QCoreApplication.translate("print", "Gagal mencetak."))


def print_pdf_qt(pdf: bytes, printer_name: str, title: str) -> None:
    """Print a PDF on a system printer (``""``: the default one) page by page, at its own size."""
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


def ask_pdf_path(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("print", "Simpan sebagai PDF"), suggested, "PDF (*.pdf)"
    )
    return path


class ReceiptPrinter:
    """What the pages call to print a receipt, whichever printer the office uses."""

    def __init__(self, service: PrintService) -> None:
        self._service = service

    @property
    def setup(self) -> PrinterSetup:
        return self._service.setup(DocumentKind.RECEIPT)

    def print_receipt(self, tracking_code: str) -> str:
        """Print now; raises PrintError. Returns a short description of where it went."""
        setup = self.setup
        if setup.target is Target.PDF:
            raise PrintError(PrintErrorKind.NO_PRINTER, "save-as-PDF only")
        if setup.target is Target.SYSTEM:
            pdf = self._service.receipt_pdf(tracking_code, setup.paper)
            print_pdf_qt(pdf, setup.name, f"Sewaka {tracking_code}")
            return setup.name or QPrinterInfo.defaultPrinterName()
        return self._service.print_receipt(tracking_code)

    def remember(self, printer_name: str) -> None:
        self._service.remember_system_printer(DocumentKind.RECEIPT, printer_name)

    def save_pdf(self, tracking_code: str, path: str) -> None:
        save_pdf(self._service.receipt_pdf(tracking_code), path)
