"""The daily report feature: print it (print dialog) or save it as PDF, from the Berkas menu.

Rendering and printing run on a pool thread with a busy cursor; the print
service decides, dispatches and audits, this module only asks and tells.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCursor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog

from desktop.services.printing_types import DocumentKind, PrintError, PrintOutcome
from desktop.ui import operations
from desktop.ui.print_support import ask_pdf_path, print_error_text
from desktop.ui.registry import ActionSpec, Menu, Registry, Shell

Work = Callable[[], PrintOutcome]
Done = Callable[[PrintOutcome], None]


def register(registry: Registry) -> None:
    registry.add_action(
        ActionSpec(
            "printDailyReport",
            Menu.FILE,
            QCoreApplication.translate("MainWindow", "Cetak &laporan harian…"),
            print_daily_report,
            None,
            10,
        )
    )
    registry.add_action(
        ActionSpec(
            "saveDailyReport",
            Menu.FILE,
            QCoreApplication.translate("MainWindow", "&Simpan laporan harian sebagai PDF…"),
            save_daily_report,
            None,
            20,
        )
    )


def print_daily_report(shell: Shell) -> None:
    """Today's report through the print dialog; the chosen printer is remembered.

    The remembered printer is read off the UI thread; the dialog opens once it is known.
    """
    printing = shell.app.printing

    def unreadable(error: Exception) -> None:
        shell.show_message(
            QCoreApplication.translate(
                "MainWindow", "Printer laporan belum dapat dibaca. Coba lagi sebentar lagi."
            ),
            10000,
        )

    operations.load_then(
        shell.widget(),
        "printDailyReport",
        lambda: printing.system_printer_name(DocumentKind.REPORT),
        lambda remembered: _ask_and_print(shell, remembered),
        unreadable,
    )


def _ask_and_print(shell: Shell, remembered: str) -> None:
    printing = shell.app.printing
    printer = QPrinter()
    if remembered:
        printer.setPrinterName(remembered)
    if QPrintDialog(printer, shell.widget()).exec() != QDialog.DialogCode.Accepted:
        return
    name = printer.printerName()
    _run(
        shell,
        lambda: printing.print_report(name),
        lambda _outcome: shell.show_message(
            QCoreApplication.translate("MainWindow", "Laporan harian dikirim ke printer.")
        ),
    )


def save_daily_report(shell: Shell, path: str | None = None) -> None:
    """Today's report as a PDF file (asks where unless ``path`` is given)."""
    path = path or ask_pdf_path(shell.widget(), "laporan-harian.pdf")
    if not path:
        return
    chosen = path
    _run(
        shell,
        lambda: shell.app.printing.save_report(chosen),
        lambda _outcome: shell.show_message(
            QCoreApplication.translate("MainWindow", "Laporan harian disimpan: {path}").format(
                path=chosen
            )
        ),
    )


def _run(shell: Shell, work: Work, done: Done) -> None:
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))

    def finished(outcome: PrintOutcome) -> None:
        QApplication.restoreOverrideCursor()
        done(outcome)

    def failed(error: Exception) -> None:
        QApplication.restoreOverrideCursor()
        if isinstance(error, PrintError):
            shell.show_message(print_error_text(error), 10000)
        else:
            shell.show_message(
                QCoreApplication.translate("MainWindow", "Laporan harian gagal dibuat."), 10000
            )

    operations.run(shell.widget(), work, finished, failed)
