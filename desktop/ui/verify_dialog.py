"""Check a receipt's QR code: scanned text, a photo of the receipt, or a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.status import Status
from desktop.ui import operations, style
from desktop.ui.texts import status_name
from desktop.ui.widgets import named
from printing import i18n as paper_i18n
from printing.signing import Reason, ReceiptInvalid

if TYPE_CHECKING:
    from desktop.services.receipts import ReceiptCheck, ReceiptService


class VerifyReceiptDialog(QDialog):
    def __init__(self, receipts: ReceiptService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._receipts = receipts
        self.setWindowTitle(self.tr("Periksa struk"))
        self.text = named(QLineEdit(), "qrText")
        self.text.setPlaceholderText(self.tr("Pindai QR struk di sini, atau buka gambar/PDF"))
        self.open_button = named(QPushButton(self.tr("Buka gambar…")), "openImage")
        self.outcome = named(QLabel(wordWrap=True), "verifyResult")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Enter belongs to the QR field (a USB scanner ends every code with it): no button
        # may take it as well, or a scan would also open the file dialog or close this one.
        for button in (self.open_button, *buttons.buttons()):
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Teks QR (pemindai USB mengetik di sini):")))
        layout.addLayout(row)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        self.text.returnPressed.connect(lambda: self.check(self.text.text()))
        self.open_button.clicked.connect(self._open)
        self.resize(560, 200)

    def _open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Gambar atau PDF struk"),
            "",
            self.tr("Gambar/PDF (*.png *.jpg *.jpeg *.pdf)"),
        )
        if path:
            self.check(Path(path))

    def check(self, source: str | Path) -> None:
        if isinstance(source, str) and not source.strip():
            return
        # Decoding a photo or a PDF takes a while: off the UI thread, with a busy cursor.
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
        operations.run(
            self, lambda: self._receipts.check(source), self._verified, self._not_verified
        )

    def _not_verified(self, error: Exception) -> None:
        QApplication.restoreOverrideCursor()
        self.outcome.setStyleSheet(style.ERROR_BOLD)
        from desktop.services.receipts import ReceiptFileTooLarge  # loaded: the check ran

        if isinstance(error, ReceiptFileTooLarge):  # refused from its header, undecoded
            self.outcome.setText(
                self.tr(
                    "Berkas terlalu besar untuk diperiksa. Foto atau pindai ulang struknya "
                    "dengan resolusi lebih kecil, atau potong bagian kode QR-nya."
                )
            )
        elif isinstance(error, ReceiptInvalid):
            self.outcome.setText(self._reason_text(error.reason))
        else:  # OSError, ValueError, a decoder failure: nothing usable was read
            self.outcome.setText(self.tr("Berkas tidak dapat dibaca."))

    def _verified(self, found: ReceiptCheck) -> None:
        QApplication.restoreOverrideCursor()
        code = found.tracking_code
        time = paper_i18n.timestamp(found.issued_at)  # office time: WIB, WITA or WIT
        if found.ours and not found.in_records:
            self.outcome.setStyleSheet(style.WARNING_BOLD)
            self.outcome.setText(
                self.tr(
                    "TIDAK ADA DI DATA: tanda tangan struk {code} (dikeluarkan {time}) cocok, "
                    "tetapi kode lacak ini tidak ada dalam data kantor ini. Jangan layani "
                    "berdasarkan struk ini; tanyakan operator TI."
                ).format(code=code, time=time)
            )
            return
        if found.status == Status.REJECTED:
            self.outcome.setStyleSheet(style.WARNING_BOLD)
            text = self.tr("ASLI, tetapi permohonan ini DITOLAK: struk {code}, dikeluarkan {time}.")
        elif found.status == Status.CANCELLED:
            self.outcome.setStyleSheet(style.WARNING_BOLD)
            text = self.tr(
                "ASLI, tetapi permohonan ini DIBATALKAN: struk {code}, dikeluarkan {time}."
            )
        else:
            self.outcome.setStyleSheet(style.OK_BOLD)
            text = self.tr("ASLI: struk {code}, dikeluarkan {time}.")
        text = text.format(code=code, time=time)
        if found.status is not None:
            try:
                words = status_name(Status(found.status))
            except ValueError:  # a status written by a newer Sewaka
                words = found.status
            now = self.tr("Status sekarang: {status}.").format(status=words)
            text = f"{text} {now}"
        self.outcome.setText(text)

    def _reason_text(self, reason: Reason) -> str:
        return {
            Reason.TAMPERED: self.tr("PALSU: isi struk diubah atau tanda tangannya tidak cocok."),
            Reason.OTHER_OFFICE: self.tr("Struk dari kantor lain, bukan dari kantor ini."),
            Reason.WRONG_VERSION: self.tr("Struk dari versi Sewaka yang tidak dikenal."),
            Reason.UNREADABLE: self.tr("QR tidak terbaca atau bukan struk Sewaka."),
        }[reason]
