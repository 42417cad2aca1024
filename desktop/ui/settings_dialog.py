"""Office settings: language, the local name of the village unit, office name and address."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.i18n import LANGUAGES
from desktop.services.printing import PrinterSetup, Target
from desktop.services.settings import UNIT_KINDS, Settings
from desktop.ui.widgets import named
from printing.paper import Paper


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        receipt_printer: PrinterSetup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._printer = receipt_printer or PrinterSetup()
        self.setWindowTitle(self.tr("Pengaturan kantor"))
        self._original = settings
        self.language = named(QComboBox(), "language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(settings.language))
        self.unit_kind = named(QComboBox(editable=True), "unitKind")
        self.unit_kind.addItems(list(UNIT_KINDS))
        self.unit_kind.setCurrentText(settings.unit_kind)
        self.office_name = named(QLineEdit(settings.office_name, maxLength=80), "officeName")
        self.office_address = named(
            QLineEdit(settings.office_address, maxLength=200), "officeAddress"
        )
        self.target = named(QComboBox(), "printerTarget")
        for target, label in (
            (Target.SYSTEM, self.tr("Printer sistem (antrean cetak Windows/Linux)")),
            (Target.CUPS, self.tr("Antrean CUPS langsung")),
            (Target.ESCPOS, self.tr("Printer thermal ESC/POS (perangkat)")),
            (Target.PDF, self.tr("Tanpa printer: simpan PDF saja")),
        ):
            self.target.addItem(label, target.value)
        self.target.setCurrentIndex(self.target.findData(self._printer.target.value))
        self.printer_name = named(QComboBox(editable=True), "printerName")
        self.printer_name.addItems(_known_printers())
        self.printer_name.setCurrentText(self._printer.name)
        self.printer_name.setToolTip(
            self.tr("Kosongkan untuk printer bawaan. ESC/POS: mis. /dev/usb/lp0 atau cups:POS58")
        )
        self.paper = named(QComboBox(), "paper")
        for paper, label in (
            (Paper.ROLL_58, self.tr("Gulungan 58 mm")),
            (Paper.ROLL_80, self.tr("Gulungan 80 mm")),
            (Paper.A4, self.tr("A4")),
        ):
            self.paper.addItem(label, paper.value)
        self.paper.setCurrentIndex(self.paper.findData(self._printer.paper.value))
        self.auto_print = named(
            QCheckBox(self.tr("Cetak struk otomatis setelah disimpan")), "autoPrint"
        )
        self.auto_print.setChecked(self._printer.auto_print)
        self.note = QLabel(self.tr("Perubahan bahasa berlaku setelah Sewaka dibuka ulang."))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Bahasa"), self.language)
        form.addRow(self.tr("Sebutan wilayah"), self.unit_kind)
        form.addRow(self.tr("Nama wilayah"), self.office_name)
        form.addRow(self.tr("Alamat kantor"), self.office_address)
        form.addRow(self.tr("Printer struk"), self.target)
        form.addRow(self.tr("Nama printer/perangkat"), self.printer_name)
        form.addRow(self.tr("Kertas struk"), self.paper)
        form.addRow(self.auto_print)
        form.addRow(self.note)
        form.addRow(buttons)

    def receipt_printer(self) -> PrinterSetup:
        return PrinterSetup(
            target=Target(self.target.currentData()),
            name=self.printer_name.currentText().strip(),
            paper=Paper(self.paper.currentData()),
            auto_print=self.auto_print.isChecked(),
        )

    def settings(self) -> Settings:
        return replace(
            self._original,
            language=self.language.currentData(),
            unit_kind=self.unit_kind.currentText().strip() or self._original.unit_kind,
            office_name=self.office_name.text().strip() or self._original.office_name,
            office_address=self.office_address.text().strip(),
        )


def _known_printers() -> list[str]:
    """System printers and CUPS queues this PC knows, to pick from (typing is allowed too)."""
    from printing.dispatch import PrintError, list_cups_queues

    names = list(QPrinterInfo.availablePrinterNames())
    with contextlib.suppress(PrintError):  # no CUPS on this PC: system printers only
        names += [q for q in list_cups_queues() if q not in names]
    return names
