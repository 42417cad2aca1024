"""The intake form: register a walk-in without touching the mouse.

Tab moves through the fields in reading order, Enter saves from any field
(Shift+Enter makes a new line in the notes), Space ticks a document. The NIK
is checked as it is typed and the form shows what it says; a NIK seen before
fills the person's details. A rejected form shows each problem next to its
field and keeps everything that was typed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import nik as nik_rules
from desktop.domain.intake import MAX_NOTES, Field, FieldProblem, IntakeForm, format_date
from desktop.services.requests import IntakeRejected, RequestRow, RequestService, ServiceInfo
from desktop.ui import operations, texts
from desktop.ui.print_support import ReceiptPrinter
from desktop.ui.receipt_actions import ReceiptActions
from desktop.ui.widgets import named

ERROR_STYLE = "color: #b00020;"
INFO_STYLE = "color: #1b5e20;"


@dataclass
class _Row:
    widget: QWidget
    error: QLabel


class _EnterToSave(QObject):
    """Enter or Return in any field saves; Shift+Enter is left alone (new line in notes)."""

    def __init__(self, save: object, parent: QObject) -> None:
        super().__init__(parent)
        self._save = save

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key_event = event
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            ):
                if isinstance(watched, QComboBox) and watched.view().isVisible():
                    return False  # Enter chooses from an open list
                self._save()  # type: ignore[operator]
                return True
        return False


class IntakePage(QWidget):
    """Registers walk-in requests; emits :attr:`registered` with the new row."""

    registered = Signal(object)

    def __init__(
        self,
        requests: RequestService,
        language: str = "id",
        printer: ReceiptPrinter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._requests = requests
        self._language = language
        self._printer = printer
        self._services: list[ServiceInfo] = []
        self._saving = False
        self._filled_from_nik: str | None = None
        self.setObjectName("intakePage")
        self._build()
        self.reload_services()
        self._nik_timer = QTimer(self, singleShot=True, interval=150)
        self._nik_timer.timeout.connect(self._lookup_person)

    # -- building -------------------------------------------------------------

    def _build(self) -> None:
        # No maxLength anywhere: a cut-off paste would lose what was typed; the rules say
        # what is too long instead.
        self.nik = named(QLineEdit(), "nik")
        self.nik.setPlaceholderText(self.tr("16 angka, contoh 3273051708850001"))
        self.nik_info = named(QLabel(wordWrap=True), "nikInfo")
        self.name = named(QLineEdit(), "name")
        self.sex = named(QComboBox(), "sex")
        self.sex.addItem(self.tr("— pilih —"), "")
        self.sex.addItem(self.tr("Laki-laki"), nik_rules.Sex.MALE.value)
        self.sex.addItem(self.tr("Perempuan"), nik_rules.Sex.FEMALE.value)
        self.birth_date = named(QLineEdit(), "birthDate")
        self.birth_date.setPlaceholderText(self.tr("HH-BB-TTTT"))
        self.address = named(QLineEdit(), "address")
        self.rt = named(QLineEdit(), "rt")
        self.rw = named(QLineEdit(), "rw")
        for small in (self.rt, self.rw):
            small.setMaximumWidth(70)
        self.hamlet = named(QLineEdit(), "hamlet")
        self.phone = named(QLineEdit(), "phone")
        self.phone.setPlaceholderText(self.tr("contoh 0812-3456-7890"))
        self.service = named(QComboBox(), "service")
        self.documents = named(QListWidget(), "documents")
        self.documents.setMaximumHeight(110)
        self.notes = named(QPlainTextEdit(), "notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.notes_count = named(QLabel(), "notesCount")

        self.save_button = QPushButton(self.tr("Simpan dan beri nomor antrean (Enter)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.clear_button = QPushButton(self.tr("Formulir baru (Ctrl+N)"))
        self.clear_button.setObjectName("clear")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.message = named(QLabel(wordWrap=True), "formMessage")

        self.rows: dict[Field, _Row] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def add(
            label: str, fld: Field | None, widget: QWidget, extra: QWidget | None = None
        ) -> None:
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            if extra is not None:
                box.addWidget(extra)
            if fld is not None:
                error = named(QLabel(wordWrap=True), f"error_{fld.value}")
                error.setStyleSheet(ERROR_STYLE)
                error.hide()
                box.addWidget(error)
                self.rows[fld] = _Row(widget, error)
            holder = QWidget()
            holder.setLayout(box)
            box.setContentsMargins(0, 0, 0, 0)
            form.addRow(label, holder)

        add(self.tr("&NIK"), Field.NIK, self.nik, self.nik_info)
        add(self.tr("Na&ma lengkap"), Field.NAME, self.name)
        add(self.tr("&Jenis kelamin"), Field.SEX, self.sex)
        add(self.tr("&Tanggal lahir"), Field.BIRTH_DATE, self.birth_date)
        add(self.tr("A&lamat"), Field.ADDRESS, self.address)

        rt_rw = QWidget()
        rt_rw_layout = QHBoxLayout(rt_rw)
        rt_rw_layout.setContentsMargins(0, 0, 0, 0)
        rt_rw_layout.addWidget(QLabel(self.tr("RT")))
        rt_rw_layout.addWidget(self.rt)
        rt_rw_layout.addWidget(QLabel(self.tr("RW")))
        rt_rw_layout.addWidget(self.rw)
        rt_rw_layout.addStretch()
        rt_error = named(QLabel(wordWrap=True), "error_rt_rw")
        rt_error.setStyleSheet(ERROR_STYLE)
        rt_error.hide()
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(rt_rw)
        box.addWidget(rt_error)
        holder = QWidget()
        holder.setLayout(box)
        form.addRow(self.tr("RT / RW"), holder)
        self.rows[Field.RT] = _Row(self.rt, rt_error)
        self.rows[Field.RW] = _Row(self.rw, rt_error)

        add(self.tr("Dusun / Banjar / Lingk."), Field.HAMLET, self.hamlet)
        add(self.tr("No. &HP/telepon"), Field.PHONE, self.phone)
        add(self.tr("&Layanan"), Field.SERVICE, self.service)
        add(self.tr("&Berkas dibawa"), None, self.documents)
        add(self.tr("&Catatan"), Field.NOTES, self.notes, self.notes_count)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch()

        self.result = _ResultPanel()
        self.receipt: ReceiptActions | None = None
        if self._printer is not None:
            self.receipt = ReceiptActions(self._printer)
            self.result.add_actions(self.receipt)
            QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(
                self.receipt.print_now
            )

        left = QVBoxLayout()
        left.addLayout(form)
        left.addLayout(buttons)
        left.addWidget(self.message)
        left.addStretch()
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(self.result, 2)

        order: list[QWidget] = [
            self.nik,
            self.name,
            self.sex,
            self.birth_date,
            self.address,
            self.rt,
            self.rw,
            self.hamlet,
            self.phone,
            self.service,
            self.documents,
            self.notes,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        enter = _EnterToSave(self.save, self)
        for widget in order[:-1]:
            widget.installEventFilter(enter)

        self.nik.textEdited.connect(self._on_nik_edited)
        self.nik.editingFinished.connect(self._normalize_nik_text)
        self.service.currentIndexChanged.connect(self._fill_documents)
        self.notes.textChanged.connect(self._update_notes_count)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.clear)
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self.clear)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        for fld, row in self.rows.items():
            self._clear_error_on_edit(fld, row.widget)
        self._update_notes_count()

    def _clear_error_on_edit(self, fld: Field, widget: QWidget) -> None:
        def clear() -> None:
            self._show_error(fld, None)

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(clear)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(clear)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(clear)

    # -- catalogue ------------------------------------------------------------

    def reload_services(self) -> None:
        self._services = self._requests.services()
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem(self.tr("— pilih layanan —"), "")
        for info in self._services:
            self.service.addItem(
                f"{info.queue_prefix} · {_service_label(info, self._language)}", info.code
            )
        self.service.blockSignals(False)
        self._fill_documents()

    def _fill_documents(self) -> None:
        self.documents.clear()
        code = self.service.currentData()
        info = next((s for s in self._services if s.code == code), None)
        if info is None:
            return
        for requirement in info.requirements:
            item = QListWidgetItem(requirement)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.documents.addItem(item)
        self.documents.setCurrentRow(0)

    # -- NIK as you type --------------------------------------------------------

    def _on_nik_edited(self, text: str) -> None:
        digits = nik_rules.normalize(text)
        if digits != text and digits.isdigit():
            # Pasted "3273 0517 0885 0001" or "32.73.05...": keep the digits only.
            self.nik.setText(digits)
        self._show_nik_state(final=False)
        self._nik_timer.start()

    def _normalize_nik_text(self) -> None:
        """Leaving the NIK field: judge it as complete and fill what it tells at once."""
        self._show_nik_state(final=True)
        self._nik_timer.stop()
        self._lookup_person()

    def _show_nik_state(self, final: bool) -> None:
        text = self.nik.text()
        try:
            info = nik_rules.parse(text)
        except nik_rules.NikError as exc:
            still_typing = exc.problem is nik_rules.NikProblem.TOO_SHORT and not final
            if exc.problem is nik_rules.NikProblem.EMPTY or still_typing:
                digits = len(nik_rules.normalize(text))
                self.nik_info.setStyleSheet("")
                self.nik_info.setText(
                    self.tr("{n} dari 16 angka").format(n=digits) if digits else ""
                )
            else:
                self.nik_info.setStyleSheet(ERROR_STYLE)
                self.nik_info.setText(texts.nik_problem(exc.problem))
            return
        self.nik_info.setStyleSheet(INFO_STYLE)
        self.nik_info.setText(
            self.tr("NIK valid: {summary}").format(summary=texts.nik_summary(info))
        )

    def _lookup_person(self) -> None:
        try:
            info = nik_rules.parse(self.nik.text())
        except nik_rules.NikError:
            return
        if self._filled_from_nik == info.nik:
            return
        self._filled_from_nik = info.nik
        person = self._requests.find_person(info.nik)
        if person is not None:
            self._fill_if_empty(self.name, person.name)
            self._fill_if_empty(self.address, person.address)
            self._fill_if_empty(self.rt, person.rt)
            self._fill_if_empty(self.rw, person.rw)
            self._fill_if_empty(self.hamlet, person.hamlet)
            self._fill_if_empty(self.phone, person.phone)
            self._fill_if_empty(self.birth_date, format_date(person.birth_date))
            if not self.sex.currentData():
                self.sex.setCurrentIndex(self.sex.findData(person.sex))
            self.message.setStyleSheet(INFO_STYLE)
            self.message.setText(
                self.tr("Data pemohon diisi dari kunjungan sebelumnya. Periksa kembali.")
            )
        else:
            # What the NIK says saves typing: sex and birth date.
            self._fill_if_empty(self.birth_date, format_date(info.birth_date))
            if not self.sex.currentData():
                self.sex.setCurrentIndex(self.sex.findData(info.sex.value))

    @staticmethod
    def _fill_if_empty(edit: QLineEdit, value: str) -> None:
        if not edit.text().strip():
            edit.setText(value)

    def _update_notes_count(self) -> None:
        length = len(self.notes.toPlainText())
        self.notes_count.setText(self.tr("{n}/{max} karakter").format(n=length, max=MAX_NOTES))
        self.notes_count.setStyleSheet(ERROR_STYLE if length > MAX_NOTES else "color: gray;")

    # -- saving -------------------------------------------------------------------

    def form(self) -> IntakeForm:
        documents = tuple(
            self.documents.item(i).text()
            for i in range(self.documents.count())
            if self.documents.item(i).checkState() == Qt.CheckState.Checked
        )
        return IntakeForm(
            nik=self.nik.text(),
            name=self.name.text(),
            sex=self.sex.currentData() or "",
            birth_date=self.birth_date.text(),
            address=self.address.text(),
            rt=self.rt.text(),
            rw=self.rw.text(),
            hamlet=self.hamlet.text(),
            phone=self.phone.text(),
            service_code=self.service.currentData() or "",
            documents=documents,
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Menyimpan…"))
        form = self.form()
        operations.run(self, lambda: self._requests.register(form), self._saved, self._failed)

    def _saved(self, row: RequestRow) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.result.show_request(row)
        self.clear()
        if self.receipt is not None and self._printer is not None:
            self.receipt.set_request(row.tracking_code)
            if self._printer.setup.auto_print:
                self.receipt.print_now()
        self.message.setStyleSheet(INFO_STYLE)
        self.message.setText(
            self.tr("Tersimpan. Nomor antrean {queue}, kode lacak {code}.").format(
                queue=row.queue_number, code=row.tracking_code
            )
        )
        self.registered.emit(row)

    def _failed(self, error: Exception) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.message.setStyleSheet(ERROR_STYLE)
        if isinstance(error, IntakeRejected):
            self._show_problems(error.problems)
            self.message.setText(
                self.tr("Belum tersimpan: perbaiki {n} isian yang ditandai merah.").format(
                    n=len({p.field for p in error.problems})
                )
            )
        else:
            self.message.setText(
                self.tr("Belum tersimpan karena kesalahan sistem; isian tetap ada. Coba lagi.")
            )

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        for fld in self.rows:
            self._show_error(fld, None)
        by_field: dict[Field, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(texts.field_problem(problem))
        for fld, lines in by_field.items():
            self._show_error(fld, " ".join(lines))
        first = next((f for f in self.rows if f in by_field), None)
        if first is not None:
            self.rows[first].widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_error(self, fld: Field, text: str | None) -> None:
        row = self.rows[fld]
        if fld in (Field.RT, Field.RW):
            other = Field.RW if fld is Field.RT else Field.RT
            if text is None and self.rows[other].error.property("owner") == other.value:
                return
            row.error.setProperty("owner", fld.value if text else None)
        row.error.setText(text or "")
        row.error.setVisible(bool(text))

    def error_text(self, fld: Field) -> str:
        """The message shown next to a field ('' when none); used by tests and screen readers."""
        row = self.rows[fld]
        return row.error.text() if row.error.isVisible() or row.error.text() else ""

    def clear(self) -> None:
        for edit in (
            self.nik,
            self.name,
            self.birth_date,
            self.address,
            self.rt,
            self.rw,
            self.hamlet,
            self.phone,
        ):
            edit.clear()
        self.sex.setCurrentIndex(0)
        self.service.setCurrentIndex(0)
        self.notes.clear()
        self.nik_info.clear()
        self._filled_from_nik = None
        for fld in self.rows:
            self._show_error(fld, None)
        self.message.clear()
        self.nik.setFocus(Qt.FocusReason.OtherFocusReason)


class _ResultPanel(QFrame):
    """The last registration, big enough to read out to the person at the counter."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("resultPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.caption = QLabel(self.tr("Nomor antrean"), alignment=Qt.AlignmentFlag.AlignCenter)
        self.queue = named(QLabel("—", alignment=Qt.AlignmentFlag.AlignCenter), "queueNumber")
        font = self.queue.font()
        font.setPointSize(48)
        font.setBold(True)
        self.queue.setFont(font)
        self.details = named(QLabel(wordWrap=True), "resultDetails")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout = QVBoxLayout(self)
        self._layout.addStretch()
        self._layout.addWidget(self.caption)
        self._layout.addWidget(self.queue)
        self._layout.addWidget(self.details)
        self._layout.addStretch()

    def add_actions(self, actions: QWidget) -> None:
        self._layout.insertWidget(self._layout.count() - 1, actions)

    def show_request(self, row: RequestRow) -> None:
        self.queue.setText(row.queue_number)
        self.details.setText(
            self.tr(
                "{service}\n{name} · NIK {nik}\nKode lacak: {code}\nPerkiraan selesai: {date}"
            ).format(
                service=row.service_name,
                name=row.name,
                nik=row.nik_masked,
                code=row.tracking_code,
                date=row.expected_date.strftime("%d-%m-%Y"),
            )
        )


def _service_label(info: ServiceInfo, language: str) -> str:
    return info.name_en if language == "en" else info.name
