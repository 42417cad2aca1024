"""The two questions the intake form may ask before it saves, both answered by keyboard.

* :class:`IdentityOverrideDialog`: the typed birth date or sex disagrees with the NIK
  (real KTPs sometimes do); the clerk gives a short reason to save anyway. Enter saves once
  a reason is typed; Escape goes back to the form.
* :class:`OpenRequestDialog`: the applicant already has an unfinished request for the same
  service today. The safe answer is the default: Enter or Escape goes back to the form and
  saves nothing; Alt+T ("Tetap simpan") registers the second request anyway.

Both are window-modal and non-blocking (``open()``); the page acts on ``accepted``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.intake import MAX_OVERRIDE_REASON
from desktop.services.request_types import RequestRow
from desktop.ui import style, texts
from desktop.ui.widgets import named


class IdentityOverrideDialog(QDialog):
    """Asks why a birth date or sex that disagrees with the NIK should be saved."""

    def __init__(self, disagreements: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identityOverrideDialog")
        self.setWindowTitle(self.tr("Data berbeda dengan NIK"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        intro = QLabel(
            self.tr(
                "Isian berikut berbeda dengan yang tertulis pada NIK. Periksa KTP sekali lagi. "
                "Jika KTP memang berbeda, tulis alasannya untuk tetap menyimpan."
            ),
            wordWrap=True,
        )
        details = named(QLabel("\n".join(f"• {line}" for line in disagreements)), "disagreements")
        details.setWordWrap(True)
        label = QLabel(self.tr("&Alasan (wajib, akan tercatat):"))
        self.reason = named(QLineEdit(), "overrideReason")
        self.reason.setPlaceholderText(self.tr("contoh: tanggal lahir di KTP salah cetak"))
        label.setBuddy(self.reason)
        self.count = named(QLabel(), "overrideReasonCount")

        buttons = QDialogButtonBox()
        self.save_button = QPushButton(self.tr("&Simpan dengan alasan"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        back = QPushButton(self.tr("&Kembali ke formulir"))
        back.setAutoDefault(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(back, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (intro, details, label, self.reason, self.count, buttons):
            layout.addWidget(widget)
        self.reason.textChanged.connect(self._update)
        self._update()
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def reason_text(self) -> str:
        return " ".join(self.reason.text().split())

    def _update(self) -> None:
        length = len(self.reason_text())
        too_long = length > MAX_OVERRIDE_REASON
        self.save_button.setEnabled(0 < length <= MAX_OVERRIDE_REASON)
        self.count.setText(self.tr("{n}/{max} karakter").format(n=length, max=MAX_OVERRIDE_REASON))
        self.count.setStyleSheet(style.ERROR if too_long else style.MUTED)

    def accept(self) -> None:
        if self.save_button.isEnabled():  # Enter with no reason keeps the question open
            super().accept()


class OpenRequestDialog(QDialog):
    """The applicant already has an unfinished request for this service today."""

    def __init__(
        self, existing: list[RequestRow], service_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openRequestDialog")
        self.setWindowTitle(self.tr("Permohonan yang sama masih berjalan"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(480)
        n = len(existing)
        intro = QLabel(
            self.tr(
                "Pemohon ini sudah punya %n permohonan {service} hari ini yang belum selesai:",
                "",
                n,
            ).format(service=service_name),
            wordWrap=True,
        )
        lines = named(
            QLabel(
                "\n".join(
                    self.tr("• {queue} · {status} · kode lacak {code}").format(
                        queue=row.queue_number,
                        status=texts.status_name(row.status),
                        code=row.tracking_code,
                    )
                    for row in existing
                )
            ),
            "openRequests",
        )
        question = QLabel(
            self.tr("Tetap daftarkan permohonan baru? Enter: kembali ke formulir."),
            wordWrap=True,
        )
        buttons = QDialogButtonBox()
        back = QPushButton(self.tr("&Kembali ke formulir"))
        back.setDefault(True)  # the safe answer: nothing saved twice by a reflex Enter
        back.setAutoDefault(True)
        self.continue_button = QPushButton(self.tr("&Tetap simpan"))
        self.continue_button.setAutoDefault(False)
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(back, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, lines, question, buttons):
            layout.addWidget(widget)
        back.setFocus(Qt.FocusReason.OtherFocusReason)
