"""Enrol this PC with the kabupaten/kota server: its address and a one-time enrolment code.

IT gives the installer the code on paper or as a QR image; a USB scanner reading the QR
types the code and Enter into whichever field has the cursor, so the code is tidied (upper
case, no spaces, the dashes put back) and a code typed into the address field is moved to
its own. Enrolling runs off the UI thread; each refusal is a sentence and keeps everything
typed; success says which office this PC now belongs to and how many earlier records were
re-stamped for it.
"""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.sync_types import Enrolment, EnrolProblem, EnrolRefused, SyncStatus
from desktop.ui import operations, style, texts
from desktop.ui.widgets import named

log = logging.getLogger(__name__)

Enrol = Callable[[str, str, str], Enrolment]  # (server_url, code, device_name)

CODE_PATTERN = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$")  # sync.wire.ENROLMENT_CODE_PATTERN
_DASHES = re.compile(r"[\u2010-\u2015\u2212_]")  # what a keyboard layout or a PDF makes of '-'
MAX_DEVICE_NAME = 100


def normalise_code(text: str) -> str:
    """An enrolment code as a person or a scanner typed it, tidied: ``K7QM-2XPA-9FJD-LC4T``.

    Upper case, no spaces, odd dashes made plain; sixteen letters and digits without dashes
    get them back. Anything else is returned tidied but otherwise as typed (the service
    says what is wrong with it).
    """
    code = _DASHES.sub("-", "".join(text.split()).upper())
    if re.fullmatch(r"[A-Z0-9]{16}", code):
        code = "-".join(code[i : i + 4] for i in range(0, 16, 4))
    return code


def looks_like_code(text: str) -> bool:
    return bool(CODE_PATTERN.match(normalise_code(text)))


def default_device_name() -> str:
    """The PC's network name, offered as its name on the server (the installer may change it)."""
    try:
        name = socket.gethostname()
    except OSError:
        return ""
    return "".join(ch for ch in name if ch.isprintable())[:MAX_DEVICE_NAME]


class EnrolDialog(QDialog):
    enrolled = Signal(object)  # Enrolment, once the server has accepted this PC

    def __init__(
        self,
        enrol: Enrol,
        server_url: str = "",
        device_name: str | None = None,
        current: SyncStatus | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("enrolDialog")
        self.setWindowTitle(self.tr("Daftarkan PC ke server"))
        self._enrol = enrol
        self._busy = False
        self.result_enrolment: Enrolment | None = None

        intro = QLabel(
            self.tr(
                "Isi alamat server kabupaten/kota dan kode pendaftaran dari petugas IT, atau "
                "pindai QR kode pendaftaran dengan pemindai. Satu kode hanya untuk satu PC."
            )
        )
        intro.setWordWrap(True)
        self.current = named(QLabel(), "enrolCurrent")
        self.current.setWordWrap(True)
        self.current.setStyleSheet(style.WARNING_BOLD)
        if current is not None and current.enrolled:
            self.current.setText(
                self.tr(
                    "PC ini sudah terdaftar ke {office} ({code}) di {server}. Daftarkan lagi "
                    "hanya bila petugas IT memintanya."
                ).format(
                    office=current.office_name, code=current.office_code, server=current.server_url
                )
            )
        else:
            self.current.hide()
        self.server_url = named(QLineEdit(server_url), "enrolServer")
        self.server_url.setPlaceholderText("https://sewaka.kabupaten.go.id")
        self.server_url.setMaxLength(300)
        self.code = named(QLineEdit(), "enrolCode")
        self.code.setPlaceholderText("K7QM-2XPA-9FJD-LC4T")
        self.code.setMaxLength(200)  # a scanner may type more; the service says what is wrong
        self.code.editingFinished.connect(self._tidy_code)
        self.device_name = named(
            QLineEdit(default_device_name() if device_name is None else device_name),
            "enrolDeviceName",
        )
        self.device_name.setMaxLength(MAX_DEVICE_NAME)
        self.problem = named(QLabel(), "enrolProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(style.ERROR)
        self.problem.hide()
        self.outcome = named(QLabel(), "enrolOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet(style.OK_BOLD)
        self.outcome.hide()

        self.buttons = QDialogButtonBox()
        self.enrol_button = named(
            QPushButton(self.tr("&Daftarkan")), "enrolSubmit"
        )  # Enter anywhere presses it (a scanner ends with Enter)
        self.enrol_button.setDefault(True)
        self.enrol_button.clicked.connect(self.submit)
        self.buttons.addButton(self.enrol_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = named(QPushButton(self.tr("Batal")), "enrolClose")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        form = QFormLayout()
        form.addRow(self.tr("Alamat &server"), self.server_url)
        form.addRow(self.tr("&Kode pendaftaran"), self.code)
        form.addRow(self.tr("&Nama PC (boleh kosong)"), self.device_name)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        (self.code if server_url else self.server_url).setFocus()

    @property
    def busy(self) -> bool:
        return self._busy

    def _tidy_code(self) -> None:
        tidy = normalise_code(self.code.text())
        if tidy != self.code.text():
            self.code.setText(tidy)

    def submit(self) -> None:
        """Check what was typed, then enrol off the UI thread (Enter, or the button)."""
        if self._busy:
            return
        if self.result_enrolment is not None:
            self.accept()  # enrolled: Enter closes
            return
        url = self.server_url.text().strip()
        code = normalise_code(self.code.text())
        if not code and looks_like_code(url):  # the scanner typed into the address field
            code, url = normalise_code(url), ""
            self.server_url.clear()
        self.code.setText(code)
        if not url:
            self._say(self.tr("Isi alamat server."), self.server_url)
            return
        if not code:
            self._say(self.tr("Isi kode pendaftaran, atau pindai QR-nya."), self.code)
            return
        name = self.device_name.text().strip()
        self._set_busy(True)
        self.problem.setStyleSheet(style.MUTED)
        self.problem.setText(self.tr("Menghubungi server…"))
        self.problem.show()
        enrol = self._enrol
        operations.run(self, lambda: enrol(url, code, name), self._done, self._refused)

    def _set_busy(self, busy: bool) -> None:
        if busy == self._busy:
            return
        self._busy = busy
        for widget in (self.server_url, self.code, self.device_name, self.enrol_button):
            widget.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()
            self.enrol_button.setDefault(True)  # disabling it cost it the Enter key

    def _done(self, enrolment: Enrolment) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self.result_enrolment = enrolment
        self.problem.hide()
        lines = [
            self.tr("PC ini sekarang terdaftar ke {office} ({code}).").format(
                office=enrolment.office_name, code=enrolment.office_code
            ),
            self.tr(
                "%n data yang dibuat sebelum pendaftaran kini tercatat atas kantor ini dan "
                "akan dikirim ke server.",
                "",
                enrolment.restamped_rows,
            )
            if enrolment.restamped_rows
            else self.tr("Tidak ada data lama yang perlu dicatat ulang."),
        ]
        self.outcome.setText(" ".join(lines))
        self.outcome.show()
        for widget in (self.server_url, self.code, self.device_name):
            widget.setEnabled(False)
        self.enrol_button.hide()
        self.close_button.setText(self.tr("&Tutup"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.enrolled.emit(enrolment)

    def _refused(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        self.problem.setStyleSheet(style.ERROR)
        if not isinstance(error, EnrolRefused):
            log.warning("enrolment failed: %s", type(error).__name__)
            self._say(
                self.tr(
                    "Pendaftaran tidak dapat diselesaikan karena data Sewaka di PC ini belum "
                    "dapat dibaca atau disimpan. Coba lagi; bila tetap gagal, hubungi petugas IT."
                ),
                self.code,
            )
            return
        field = (
            self.server_url
            if error.problem in (EnrolProblem.BAD_URL, EnrolProblem.OFFLINE)
            else self.code
        )
        self._say(texts.enrol_problem(error.problem), field)

    def _say(self, text: str, field: QLineEdit) -> None:
        self.problem.setStyleSheet(style.ERROR)
        self.problem.setText(text)
        self.problem.show()
        field.setFocus()
        field.selectAll()

    def reject(self) -> None:
        if self._busy:
            return  # the server is answering; closing now would hide how it ended
        super().reject()
