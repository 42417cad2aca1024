"""Correcting a saved request: name, address, phone, documents and notes, with a reason.

Keyboard only: the dialog opens on the name, Tab walks the fields, Ctrl+S or
Enter in a one-line field saves, Esc closes. It does not save by itself: it
emits ``submitted`` and the page asks the service; a refusal comes back through
:meth:`CorrectionDialog.show_refusal` and everything typed stays in place.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.correction import Correction, ReasonProblem
from desktop.domain.intake import Field
from desktop.services.request_types import CorrectionRejected, CorrectionValues
from desktop.ui import style, texts
from desktop.ui.widgets import named


class CorrectionDialog(QDialog):
    submitted = Signal(object)  # Correction

    def __init__(self, values: CorrectionValues, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self._values = values
        self.setWindowTitle(self.tr("Koreksi permohonan {queue}").format(queue=values.queue_number))
        self.name = named(QLineEdit(values.name), "correctName")
        self.address = named(QLineEdit(values.address), "correctAddress")
        self.rt = named(QLineEdit(values.rt), "correctRt")
        self.rw = named(QLineEdit(values.rw), "correctRw")
        self.hamlet = named(QLineEdit(values.hamlet), "correctHamlet")
        self.phone = named(QLineEdit(values.phone), "correctPhone")
        self.notes = named(QPlainTextEdit(values.notes), "correctNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        self.documents: dict[str, QCheckBox] = {}
        self.reason = named(QLineEdit(), "correctReason")
        self.reason.setPlaceholderText(self.tr("Mis. salah ketik saat pendaftaran"))
        self.problems: dict[str, QLabel] = {}
        self.message = named(QLabel(wordWrap=True), "correctionMessage")
        self.message.setStyleSheet(style.ERROR)

        nik_note = named(
            QLabel(
                self.tr(
                    "NIK {nik} tidak dapat dikoreksi di sini. Bila NIK salah, batalkan "
                    "permohonan ini dan daftarkan ulang dengan NIK yang benar."
                ).format(nik=values.nik_masked),
                wordWrap=True,
            ),
            "nikNote",
        )
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            ("name", self.tr("&Nama"), self.name),
            ("address", self.tr("&Alamat"), self.address),
            ("rt", self.tr("&RT"), self.rt),
            ("rw", self.tr("R&W"), self.rw),
            ("hamlet", self.tr("&Dusun"), self.hamlet),
            ("phone", self.tr("&Telepon"), self.phone),
        ]
        for key, label, widget in rows:
            self._add_row(form, key, label, widget)
        documents = QVBoxLayout()
        for requirement in values.requirements:
            box = QCheckBox(requirement)
            box.setChecked(requirement in values.documents)
            self.documents[requirement] = box
            documents.addWidget(box)
        holder = QWidget()
        holder.setLayout(documents)
        self._add_row(form, "documents", self.tr("Berkas"), holder)
        self._add_row(form, "notes", self.tr("&Catatan"), self.notes)
        self._add_row(form, "reason", self.tr("A&lasan koreksi"), self.reason)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Simpan koreksi (Ctrl+S)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        cancel = buttons.addButton(self.tr("Batal (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(nik_note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.name.selectAll()

    def _add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        problem = named(QLabel(wordWrap=True), f"problem_{key}")
        problem.setStyleSheet(style.ERROR)
        problem.hide()
        self.problems[key] = problem
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        box.addWidget(problem)
        holder = QWidget()
        holder.setLayout(box)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, holder)

    def correction(self) -> Correction:
        """Only the fields the clerk changed; the service cleans and checks them."""
        v = self._values

        def changed(widget: QLineEdit, old: str) -> str | None:
            return None if widget.text() == old else widget.text()

        chosen = tuple(r for r, box in self.documents.items() if box.isChecked())
        notes = self.notes.toPlainText()
        return Correction(
            name=changed(self.name, v.name),
            address=changed(self.address, v.address),
            rt=changed(self.rt, v.rt),
            rw=changed(self.rw, v.rw),
            hamlet=changed(self.hamlet, v.hamlet),
            phone=changed(self.phone, v.phone),
            documents=None if set(chosen) == set(v.documents) else chosen,
            notes=None if notes == v.notes else notes,
            reason=self.reason.text(),
        )

    def submit(self) -> None:
        for label in self.problems.values():
            label.hide()
        self.message.clear()
        self.save_button.setEnabled(False)
        self.submitted.emit(self.correction())

    def show_refusal(self, error: CorrectionRejected) -> None:
        """Say what is wrong next to each field; nothing typed is lost."""
        self.save_button.setEnabled(True)
        first: QWidget | None = None
        for problem in error.problems:
            key = _FIELD_KEYS.get(problem.field, "name")
            self._show_problem(key, texts.field_problem(problem))
            first = first or self._widget(key)
        if error.reason_problem is ReasonProblem.REQUIRED:
            self._show_problem("reason", self.tr("Tulis alasan koreksi."))
            first = first or self.reason
        elif error.reason_problem is ReasonProblem.TOO_LONG:
            self._show_problem(
                "reason", self.tr("Alasan terlalu panjang: paling banyak 500 karakter.")
            )
            first = first or self.reason
        elif error.reason_problem is ReasonProblem.UNPRINTABLE:
            self._show_problem("reason", texts.unprintable())
            first = first or self.reason
        if error.nothing_changed:
            self.message.setText(self.tr("Tidak ada yang diubah."))
            first = first or self.name
        if error.problems:
            self.message.setText(self.tr("Koreksi belum disimpan. Periksa isian yang ditandai."))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_failure(self, text: str) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(text)

    def _show_problem(self, key: str, text: str) -> None:
        self.problems[key].setText(text)
        self.problems[key].show()

    def _widget(self, key: str) -> QWidget:
        return {
            "name": self.name,
            "address": self.address,
            "rt": self.rt,
            "rw": self.rw,
            "hamlet": self.hamlet,
            "phone": self.phone,
            "notes": self.notes,
        }.get(key, self.name)


_FIELD_KEYS = {
    Field.NAME: "name",
    Field.ADDRESS: "address",
    Field.RT: "rt",
    Field.RW: "rw",
    Field.HAMLET: "hamlet",
    Field.PHONE: "phone",
    Field.NOTES: "notes",
}
