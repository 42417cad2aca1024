"""Check a receipt's QR code: scanned text, a photo of the receipt, or a PDF."""

from __future__ import annotations

from pathlib import Path

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

from desktop.services.receipts import ReceiptService, VerifiedReceipt
from desktop.ui import operations
from desktop.ui.widgets import named
from printing.signing import Reason, ReceiptInvalid

ERROR_STYLE = "color: #b00020; font-weight: bold;"
OK_STYLE = "color: #1b5e20; font-weight: bold;"


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
            self, lambda: self._receipts.verify(source), self._verified, self._not_verified
        )

    def _not_verified(self, error: Exception) -> None:
        QApplication.restoreOverrideCursor()
        self.outcome.setStyleSheet(ERROR_STYLE)
        if isinstance(error, ReceiptInvalid):
            self.outcome.setText(self._reason_text(error.reason))
        else:  # OSError, ValueError, a decoder failure: nothing usable was read
            self.outcome.setText(self.tr("Berkas tidak dapat dibaca."))

    def _verified(self, found: VerifiedReceipt) -> None:
        QApplication.restoreOverrideCursor()
        self.outcome.setStyleSheet(OK_STYLE)
        self.outcome.setText(
            self.tr("ASLI: struk {code}, dikeluarkan {time}.").format(
                code=found.tracking_code, time=found.issued_at.strftime("%d-%m-%Y %H:%M UTC")
            )
        )

    def _reason_text(self, reason: Reason) -> str:
        return {
            Reason.TAMPERED: self.tr("PALSU: isi struk diubah atau tanda tangannya tidak cocok."),
            Reason.OTHER_OFFICE: self.tr("Struk dari kantor lain, bukan dari kantor ini."),
            Reason.WRONG_VERSION: self.tr("Struk dari versi Sewaka yang tidak dikenal."),
            Reason.UNREADABLE: self.tr("QR tidak terbaca atau bukan struk Sewaka."),
        }[reason]
