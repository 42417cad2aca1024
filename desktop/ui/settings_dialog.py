"""Office settings: language, the local name of the village unit, office name and address."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.i18n import LANGUAGES
from desktop.services.settings import UNIT_KINDS, Settings
from desktop.ui.widgets import named


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        form.addRow(self.note)
        form.addRow(buttons)

    def settings(self) -> Settings:
        return replace(
            self._original,
            language=self.language.currentData(),
            unit_kind=self.unit_kind.currentText().strip() or self._original.unit_kind,
            office_name=self.office_name.text().strip() or self._original.office_name,
            office_address=self.office_address.text().strip(),
        )
