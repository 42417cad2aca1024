"""Settings: the office's details, its time zone, the language, the receipt printer.

The office's details follow the same rules as the first-run setup; a problem keeps
the dialog open with its reason and everything typed. When every required detail is
filled, the office counts as configured (as after the setup). The logo is chosen in
the setup (Berkas → Data kantor).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import office as rules
from desktop.i18n import LANGUAGES
from desktop.services.printing_types import PrinterSetup, Target
from desktop.services.settings_types import UNIT_KINDS, Settings, problems_of
from desktop.ui import office_texts, style
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
        self.office_name = named(self._line(settings.office_name, "office_name"), "officeName")
        self.district = named(self._line(settings.district, "district"), "district")
        self.regency = named(self._line(settings.regency, "regency"), "regency")
        self.office_address = named(
            self._line(settings.office_address, "office_address"), "officeAddress"
        )
        self.office_phone = named(self._line(settings.office_phone, "office_phone"), "officePhone")
        self.head_name = named(self._line(settings.head_name, "head_name"), "headName")
        self.head_title = named(QComboBox(editable=True), "headTitle")
        self.head_title.addItems(list(rules.HEAD_TITLES))
        self.head_title.setCurrentText(settings.head_title)
        self.timezone = named(QComboBox(), "timezone")
        for zone in rules.TIMEZONES:
            self.timezone.addItem(office_texts.timezone_name(zone), zone)
        self.timezone.setCurrentIndex(max(0, self.timezone.findData(settings.timezone)))
        self.office_fields: dict[str, QWidget] = {
            "unit_kind": self.unit_kind,
            "office_name": self.office_name,
            "district": self.district,
            "regency": self.regency,
            "office_address": self.office_address,
            "office_phone": self.office_phone,
            "head_name": self.head_name,
            "head_title": self.head_title,
            "timezone": self.timezone,
            "language": self.language,
        }
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
        self.note = named(
            QLabel(self.tr("Perubahan bahasa berlaku setelah Sewaka dibuka ulang.")), "languageNote"
        )
        self.note.setWordWrap(True)
        self.problems = named(QLabel(), "settingsProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(style.ERROR)
        self.problems.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        office = QGroupBox(self.tr("Kantor"))
        form = QFormLayout(office)
        form.addRow(self.tr("Sebutan &wilayah"), self.unit_kind)
        form.addRow(self.tr("&Nama desa/kelurahan"), self.office_name)
        form.addRow(self.tr("Ke&camatan"), self.district)
        form.addRow(self.tr("Ka&bupaten/kota"), self.regency)
        form.addRow(self.tr("&Alamat kantor"), self.office_address)
        form.addRow(self.tr("&Telepon kantor"), self.office_phone)
        form.addRow(self.tr("Nama &kepala"), self.head_name)
        form.addRow(self.tr("&Jabatan kepala"), self.head_title)
        form.addRow(self.tr("&Zona waktu"), self.timezone)
        logo = QLabel(self.tr("Logo untuk kop laporan: Berkas → Data kantor."))
        logo.setWordWrap(True)
        form.addRow(logo)
        language = QGroupBox(self.tr("Bahasa"))
        language_form = QFormLayout(language)
        language_form.addRow(self.tr("Ba&hasa"), self.language)
        language_form.addRow(self.note)
        printer = QGroupBox(self.tr("Struk"))
        printer_form = QFormLayout(printer)
        printer_form.addRow(self.tr("&Printer struk"), self.target)
        printer_form.addRow(self.tr("Nama printer/pe&rangkat"), self.printer_name)
        printer_form.addRow(self.tr("K&ertas struk"), self.paper)
        printer_form.addRow(self.auto_print)
        layout = QVBoxLayout(self)
        layout.addWidget(office)
        layout.addWidget(language)
        layout.addWidget(printer)
        # Enrolling with the server is the window's action (Alat → Daftarkan PC ke server),
        # offered here too where IT looks for it.
        enrol = parent.findChild(QAction, "enrolDevice") if parent is not None else None
        self.enrol_button: QPushButton | None = None
        if isinstance(enrol, QAction):
            self.enrol_button = named(
                QPushButton(self.tr("&Daftarkan PC ke server…")), "settingsEnrol"
            )
            self.enrol_button.setAutoDefault(False)
            self.enrol_button.clicked.connect(enrol.trigger)
            server = QGroupBox(self.tr("Server kabupaten/kota"))
            server_layout = QVBoxLayout(server)
            server_layout.addWidget(self.enrol_button)
            layout.addWidget(server)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self._language_changed)

    def _line(self, text: str, key: str) -> QLineEdit:
        return QLineEdit(text, maxLength=rules.MAX_LENGTH.get(key, 200))

    def _language_changed(self) -> None:
        """Say it plainly when the choice differs from the language on screen."""
        changed = self.language.currentData() != self._original.language
        font = self.note.font()
        font.setBold(changed)
        self.note.setFont(font)

    def accept(self) -> None:
        """Stay open with every reason (and everything typed) while something is wrong."""
        found = problems_of(self.settings())
        lines = [office_texts.problem_text(key, problem) for key, problem in found.items()]
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        if found:
            widget = self.office_fields.get(next(iter(found)))
            if widget is not None:
                widget.setFocus()
            return
        super().accept()

    def receipt_printer(self) -> PrinterSetup:
        return PrinterSetup(
            target=Target(self.target.currentData()),
            name=self.printer_name.currentText().strip(),
            paper=Paper(self.paper.currentData()),
            auto_print=self.auto_print.isChecked(),
        )

    def settings(self) -> Settings:
        """The settings as typed (tidied); configured once every required detail is filled."""
        typed = replace(
            self._original,
            language=self.language.currentData(),
            unit_kind=rules.clean(self.unit_kind.currentText()),
            office_name=rules.clean(self.office_name.text()),
            district=rules.clean(self.district.text()),
            regency=rules.clean(self.regency.text()),
            office_address=rules.clean(self.office_address.text()),
            office_phone=rules.clean(self.office_phone.text()),
            head_name=rules.clean(self.head_name.text()),
            head_title=rules.clean(self.head_title.currentText()),
            timezone=self.timezone.currentData(),
        )
        if not typed.configured and not problems_of(replace(typed, configured=True)):
            typed = replace(typed, configured=True)
        return typed


def _known_printers() -> list[str]:
    """System printers and CUPS queues this PC knows, to pick from (typing is allowed too)."""
    from printing.dispatch import PrintError, list_cups_queues

    names = list(QPrinterInfo.availablePrinterNames())
    with contextlib.suppress(PrintError):  # no CUPS on this PC: system printers only
        names += [q for q in list_cups_queues() if q not in names]
    return names
