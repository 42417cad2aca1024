"""First-run setup: the office's details in three short pages (Berkas → Data kantor later).

Keyboard first: every field has a mnemonic, Enter goes to the next page and
finishes on the last. A page with a problem stays open, says what is wrong in
Bahasa Indonesia and keeps everything typed. Nothing is stored until Finish;
then the settings service checks everything again (and copies the logo into
the data folder) off the UI thread.
"""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QFileInfo, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.domain import office as rules
from desktop.services.settings_types import (
    LOGO_MAX_BYTES,
    LOGO_MAX_PIXELS,
    LogoProblem,
    LogoRejected,
    Settings,
    SettingsInvalid,
)
from desktop.ui import office_texts, operations, style
from desktop.ui.registry import ActionSpec, Menu, Registry, Shell
from desktop.ui.widgets import named

if TYPE_CHECKING:
    from desktop.services.settings import SettingsService


class _LookUp(enum.Enum):
    """The wizard looks the stored logo up itself (only when the settings name one)."""

    STORED = "stored"


def register(registry: Registry) -> None:
    registry.add_action(
        ActionSpec(
            key="officeData",
            menu=Menu.FILE,
            text=QCoreApplication.translate("SetupWizard", "&Data kantor…"),
            trigger=edit_office,
            shortcut=None,
            order=790,
        )
    )


def edit_office(shell: Shell) -> None:
    """Berkas → Data kantor: what is stored is read off the UI thread, then the wizard opens
    (modal), prefilled; the window title follows when it was completed."""
    service = shell.app.settings

    def load() -> tuple[Settings, Path | None]:
        settings = service.load()
        return settings, service.logo_path() if settings.logo else None

    def show(loaded: tuple[Settings, Path | None]) -> None:
        settings, logo = loaded
        wizard = SetupWizard(settings, service, shell.widget(), logo=logo)
        if wizard.exec() == QWizard.DialogCode.Accepted:
            shell.settings_changed()
            shell.show_message(QCoreApplication.translate("SetupWizard", "Data kantor disimpan."))

    def unreadable(error: Exception) -> None:
        shell.show_message(
            QCoreApplication.translate(
                "SetupWizard", "Data kantor belum dapat dibaca. Coba lagi sebentar lagi."
            ),
            10000,
        )

    operations.load_then(shell.widget(), "officeData", load, show, unreadable)


class _Page(QWizardPage):
    """A page of text fields checked with the office rules before moving on."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = QFormLayout()
        self.problems = named(QLabel(), "setupProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(style.ERROR)
        self.problems.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.problems)
        self.fields: dict[str, QLineEdit | QComboBox] = {}

    def add(self, key: str, label: str, widget: QLineEdit | QComboBox) -> None:
        self.fields[key] = widget
        if isinstance(widget, QLineEdit):
            widget.setMaxLength(rules.MAX_LENGTH.get(key, 200))
        self.form.addRow(label, widget)

    def values(self) -> dict[str, str]:
        return {key: rules.clean(_text(widget)) for key, widget in self.fields.items()}

    def show_problems(self, lines: list[str]) -> None:
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def validatePage(self) -> bool:
        found = rules.problems(self.values(), complete=True)
        found = {k: p for k, p in found.items() if k in self.fields}
        self.show_problems([office_texts.problem_text(k, p) for k, p in found.items()])
        if found:
            self.fields[next(iter(found))].setFocus()
            return False
        return True


class SetupWizard(QWizard):
    """Office name and place, the head of the office and the time zone, an optional logo."""

    def __init__(
        self,
        settings: Settings,
        service: SettingsService,
        parent: QWidget | None = None,
        *,
        logo: Path | _LookUp | None = _LookUp.STORED,
    ) -> None:
        """``logo``: the stored logo file, when the caller read it (off the UI thread)."""
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Data kantor"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Lanjut >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Kembali"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Selesai"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Batal"))
        self._original = settings
        self._service = service
        self._saving = False
        self.saved: Settings | None = None

        self.office_page = _Page(
            self.tr("Kantor"),
            self.tr("Nama dan alamat kantor seperti tertulis di kop surat."),
        )
        self.unit_kind = named(QComboBox(editable=True), "unitKind")
        self.unit_kind.addItems(list(rules.UNIT_KINDS))
        self.unit_kind.setCurrentText(settings.unit_kind)
        self.office_name = named(QLineEdit(settings.office_name), "officeName")
        self.office_name.setPlaceholderText(self.tr("mis. Sukamaju"))
        self.district = named(QLineEdit(settings.district), "district")
        self.regency = named(QLineEdit(settings.regency), "regency")
        self.regency.setPlaceholderText(self.tr("mis. Kabupaten Bandung"))
        self.office_address = named(QLineEdit(settings.office_address), "officeAddress")
        self.office_phone = named(QLineEdit(settings.office_phone), "officePhone")
        self.office_phone.setPlaceholderText(self.tr("mis. (022) 7801234 (boleh kosong)"))
        page = self.office_page
        page.add("unit_kind", self.tr("&Sebutan wilayah"), self.unit_kind)
        page.add("office_name", self.tr("&Nama desa/kelurahan"), self.office_name)
        page.add("district", self.tr("Ke&camatan"), self.district)
        page.add("regency", self.tr("Ka&bupaten/kota"), self.regency)
        page.add("office_address", self.tr("&Alamat kantor"), self.office_address)
        page.add("office_phone", self.tr("&Telepon kantor"), self.office_phone)

        self.head_page = _Page(
            self.tr("Kepala kantor dan zona waktu"),
            self.tr("Nama dan jabatan ini tercetak di tempat tanda tangan laporan harian."),
        )
        self.head_name = named(QLineEdit(settings.head_name), "headName")
        self.head_name.setPlaceholderText(self.tr("mis. H. Ahmad Suryana"))
        self.head_title = named(QComboBox(editable=True), "headTitle")
        self.head_title.addItems(list(rules.HEAD_TITLES))
        self.head_title.setCurrentText(settings.head_title)
        self.timezone = named(QComboBox(), "timezone")
        for zone in rules.TIMEZONES:
            self.timezone.addItem(office_texts.timezone_name(zone), zone)
        self.timezone.setCurrentIndex(max(0, self.timezone.findData(settings.timezone)))
        page = self.head_page
        page.add("head_name", self.tr("&Nama kepala"), self.head_name)
        page.add("head_title", self.tr("&Jabatan"), self.head_title)
        page.add("timezone", self.tr("&Zona waktu"), self.timezone)
        note = QLabel(self.tr("Kantor banjar di Bali memakai WITA."))
        note.setWordWrap(True)
        page.form.addRow(note)

        # No logo stored: nothing to look up (start-up builds the wizard before the database
        # is open, and must not wait for it on the UI thread). Berkas → Data kantor passes
        # the logo it read off the UI thread.
        if isinstance(logo, _LookUp):
            logo = self._service.logo_path() if settings.logo else None
        self.logo_page = _LogoPage(logo)
        self.addPage(self.office_page)
        self.addPage(self.head_page)
        self.addPage(self.logo_page)
        self.resize(620, 420)

    def office(self) -> Settings:
        """The settings as typed so far (not checked)."""
        values = {**self.office_page.values(), **self.head_page.values()}
        return dataclasses.replace(self._original, **values)  # type: ignore[arg-type]

    def accept(self) -> None:
        """Finish: store everything off the UI thread; stay open with the reason if refused."""
        if self._saving or not self.validateCurrentPage():
            return
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        office, logo = self.office(), self.logo_page.chosen()
        operations.run(
            self, lambda: self._service.complete_setup(office, logo), self._saved, self._refused
        )

    def _saved(self, settings: Settings) -> None:
        QGuiApplication.restoreOverrideCursor()
        self._saving = False
        self.saved = settings
        super().accept()

    def _refused(self, error: Exception) -> None:
        QGuiApplication.restoreOverrideCursor()
        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if isinstance(error, SettingsInvalid):
            text = office_texts.invalid_text(error)
        elif isinstance(error, LogoRejected):
            text = office_texts.logo_text(error)
        else:
            text = self.tr("Data kantor tidak dapat disimpan: {error}").format(error=error)
        self.currentPage().setFocus()
        self.logo_page.show_problems([text])


class _LogoPage(_Page):
    """An optional logo for printouts: chosen with a file dialog, checked before Finish."""

    def __init__(self, current: Path | None) -> None:
        super().__init__(
            QCoreApplication.translate("SetupWizard", "Logo (boleh dilewati)"),
            QCoreApplication.translate(
                "SetupWizard",
                "Logo kabupaten/kota untuk kop laporan: PNG atau JPEG, paling besar 2 MB.",
            ),
        )
        self.path = named(QLineEdit(), "logoPath")
        self.path.setPlaceholderText(
            QCoreApplication.translate("SetupWizard", "Tanpa logo baru")
            if current is None
            else QCoreApplication.translate(
                "SetupWizard", "Logo sekarang dipakai; pilih untuk menggantinya"
            )
        )
        self.choose = named(
            QPushButton(QCoreApplication.translate("SetupWizard", "&Pilih berkas…")), "chooseLogo"
        )
        self.choose.clicked.connect(self._choose)
        self.preview = named(QLabel(), "logoPreview")
        self.preview.setFixedSize(QSize(96, 96))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if current is not None:
            self.preview.setPixmap(
                QPixmap(str(current)).scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio)
            )
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.path, 1)
        line.addWidget(self.choose)
        self.form.addRow(QCoreApplication.translate("SetupWizard", "&Berkas logo"), row)
        self.form.addRow("", self.preview)
        self.path.editingFinished.connect(self._show_preview)

    def chosen(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text) if text else None

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            QCoreApplication.translate("SetupWizard", "Pilih logo"),
            str(Path.home()),
            QCoreApplication.translate("SetupWizard", "Gambar (*.png *.jpg *.jpeg)"),
        )
        if name:
            self.path.setText(name)
            self._show_preview()
            self.validatePage()

    def _show_preview(self) -> None:
        path = self.chosen()
        self.preview.clear()
        if path is not None and self._problem(path) is None:
            image = QImageReader(str(path))
            image.setScaledSize(image.size().scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio))
            self.preview.setPixmap(QPixmap.fromImageReader(image))

    @staticmethod
    def _problem(path: Path) -> LogoProblem | None:
        """A quick look (header only, nothing decoded); the service checks again on Finish."""
        info = QFileInfo(str(path))
        if not info.isFile() or not info.isReadable():
            return LogoProblem.MISSING
        if info.size() > LOGO_MAX_BYTES:
            return LogoProblem.TOO_LARGE
        reader = QImageReader(str(path))
        if bytes(reader.format().data()).lower() not in (b"png", b"jpeg", b"jpg"):
            return LogoProblem.NOT_AN_IMAGE
        size = reader.size()
        if size.width() > LOGO_MAX_PIXELS or size.height() > LOGO_MAX_PIXELS:
            return LogoProblem.TOO_MANY_PIXELS
        return None

    def validatePage(self) -> bool:
        path = self.chosen()
        problem = None if path is None else self._problem(path)
        if problem is not None:
            self.show_problems([office_texts.logo_text(LogoRejected(problem))])
            self.path.setFocus()
            return False
        self.show_problems([])
        return True


def _text(widget: QLineEdit | QComboBox) -> str:
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return str(data) if data is not None and not widget.isEditable() else widget.currentText()
    return widget.text()
