"""The main window: the intake form and the request list, one key away each."""

from __future__ import annotations

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QTabWidget, QWidget

from desktop import __version__
from desktop.services.printing import DocumentKind, PrintService, Target
from desktop.services.requests import RequestRow, RequestService
from desktop.services.settings import Settings, SettingsService
from desktop.ui import operations
from desktop.ui.intake_page import IntakePage
from desktop.ui.print_support import ReceiptPrinter, ask_pdf_path, print_error_text, print_pdf_qt
from desktop.ui.requests_page import RequestsPage
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.verify_dialog import VerifyReceiptDialog
from desktop.ui.widgets import named
from printing.dispatch import PrintError, save_pdf


class MainWindow(QMainWindow):
    def __init__(
        self,
        requests: RequestService,
        settings: SettingsService,
        printing: PrintService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._settings_service = settings
        self._printing = printing
        self._settings = settings.load()
        self.printer = ReceiptPrinter(printing)
        self.intake = IntakePage(requests, self._settings.language, self.printer)
        self.requests = RequestsPage(requests, self._settings.timezone, self.printer)
        self.tabs = named(QTabWidget(), "tabs")
        self.tabs.addTab(self.intake, self.tr("Pendaftaran (F2)"))
        self.tabs.addTab(self.requests, self.tr("Daftar permohonan (F3)"))
        self.setCentralWidget(self.tabs)
        self.office_label = named(QLabel(), "officeLabel")
        self.statusBar().addPermanentWidget(self.office_label)
        self.intake.registered.connect(self._registered)
        self._build_menu()
        self._show_settings(self._settings)
        self.resize(1100, 720)

    def _build_menu(self) -> None:
        to_intake = QAction(self.tr("Pendaftaran"), self, shortcut=QKeySequence("F2"))
        to_intake.triggered.connect(self.show_intake)
        to_list = QAction(self.tr("Daftar permohonan"), self, shortcut=QKeySequence("F3"))
        to_list.triggered.connect(lambda: self.tabs.setCurrentWidget(self.requests))
        settings = QAction(self.tr("&Pengaturan…"), self)
        settings.triggered.connect(self.edit_settings)
        quit_action = QAction(self.tr("&Keluar"), self, shortcut=QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        report = QAction(self.tr("Cetak &laporan harian…"), self)
        report.triggered.connect(self.print_daily_report)
        report_pdf = QAction(self.tr("Simpan laporan harian sebagai &PDF…"), self)
        report_pdf.triggered.connect(self.save_daily_report)
        menu = self.menuBar().addMenu(self.tr("&Berkas"))
        menu.addAction(report)
        menu.addAction(report_pdf)
        menu.addSeparator()
        menu.addAction(settings)
        menu.addSeparator()
        menu.addAction(quit_action)
        verify = QAction(self.tr("Periksa &struk…"), self)
        verify.triggered.connect(self.verify_receipt)
        tools = self.menuBar().addMenu(self.tr("&Alat"))
        tools.addAction(verify)
        view = self.menuBar().addMenu(self.tr("&Tampilan"))
        view.addAction(to_intake)
        view.addAction(to_list)

    def show_intake(self) -> None:
        self.tabs.setCurrentWidget(self.intake)
        self.intake.nik.setFocus()

    def _show_settings(self, settings: Settings) -> None:
        place = f"{settings.unit_kind} {settings.office_name}"
        self.setWindowTitle(self.tr("Sewaka — {place}").format(place=place))
        self.office_label.setText(f"{place} · Sewaka {__version__}")

    def _registered(self, row: RequestRow) -> None:
        self.statusBar().showMessage(
            self.tr("{queue} terdaftar ({code})").format(
                queue=row.queue_number, code=row.tracking_code
            ),
            8000,
        )

    def print_daily_report(self) -> None:
        """Today's report through the print dialog; the chosen printer is remembered."""
        setup = self._printing.setup(DocumentKind.REPORT)
        printer = QPrinter()
        if setup.target is Target.SYSTEM and setup.name:
            printer.setPrinterName(setup.name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pdf = self._printing.report_pdf()
            print_pdf_qt(pdf, printer.printerName(), self.tr("Laporan harian"))
        except PrintError as error:
            self.statusBar().showMessage(print_error_text(error), 10000)
            return
        self._printing.remember_system_printer(DocumentKind.REPORT, printer.printerName())
        self.statusBar().showMessage(self.tr("Laporan harian dikirim ke printer."), 8000)

    def save_daily_report(self, path: str | None = None) -> None:
        path = path or ask_pdf_path(self, "laporan-harian.pdf")
        if not path:
            return
        try:
            save_pdf(self._printing.report_pdf(), path)
        except PrintError as error:
            self.statusBar().showMessage(print_error_text(error), 10000)
            return
        self.statusBar().showMessage(
            self.tr("Laporan harian disimpan: {path}").format(path=path), 8000
        )

    def verify_receipt(self) -> VerifyReceiptDialog:
        dialog = VerifyReceiptDialog(self._printing.receipts(), self)
        dialog.show()
        return dialog

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self._settings, self._printing.setup(DocumentKind.RECEIPT), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._settings = self._settings_service.save(dialog.settings())
        self._printing.save_setup(DocumentKind.RECEIPT, dialog.receipt_printer())
        self._show_settings(self._settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        operations.wait_for_all()  # never drop a registration that is being saved
        super().closeEvent(event)
