"""The intake form: register a walk-in without touching the mouse.

Tab moves through the fields in reading order, Enter saves from any field
(Shift+Enter makes a new line in the notes), Space ticks a document. The NIK
is checked as it is typed and the form shows what it says; a NIK seen before
fills the person's details. A rejected form shows each problem next to its
field and keeps everything that was typed.

What was filled in for a NIK (from the NIK itself or from the person's last
visit) is remembered per widget until the clerk edits it; when the NIK changes,
those values are taken out again, so one person's details never end up under
another person's NIK. The person is looked up off the UI thread; an answer for
a NIK that is no longer in the field is dropped.

Saving may ask two questions first (see :mod:`desktop.ui.intake_dialogs`): a
reason when the typed birth date or sex disagrees with the NIK, and whether to
go on when the applicant already has an unfinished request for the same
service today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
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

from desktop import messages
from desktop.domain import intake as intake_rules
from desktop.domain import nik as nik_rules
from desktop.domain.intake import MAX_NOTES, Field, FieldProblem, IntakeForm, format_date
from desktop.services.request_types import (
    IntakeRejected,
    OpenRequestExists,
    PersonInfo,
    RequestRow,
    ServiceInfo,
)
from desktop.services.startup import DatabaseProblem
from desktop.ui import operations, style, texts
from desktop.ui.intake_dialogs import IdentityOverrideDialog, OpenRequestDialog
from desktop.ui.print_support import ReceiptPrinter
from desktop.ui.receipt_actions import ReceiptActions
from desktop.ui.widgets import named

if TYPE_CHECKING:
    from desktop.services.requests import RequestService


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
        *,
        services: Sequence[ServiceInfo] | None = None,
    ) -> None:
        """``services``: the catalogue to offer (start-up passes the snapshot's, so building
        the page reads nothing); None reads it from ``requests``."""
        super().__init__(parent)
        self._requests = requests
        self._language = language
        self._printer = printer
        self._services: list[ServiceInfo] = []
        self._saving = False
        # The NIK whose details (from the NIK itself, then from the person's last visit)
        # are in the form, and the widgets holding such values that the clerk has not
        # edited since (widget -> the value put there).
        self._filled_from_nik: str | None = None
        self._autofilled: dict[QWidget, str] = {}
        self._person_message = False  # the message says the form was filled from a visit
        # After a refused save: the fields it found wrong (``_to_fix``) and those of them
        # still wrong now (``_flagged``, marked red), re-checked as the clerk edits them
        # against the office day the service checked the form on.
        self._to_fix: set[Field] = set()
        self._flagged: set[Field] = set()
        self._checked_on: dt.date | None = None
        self._counting = False  # the message counts the fields still to fix
        self.setObjectName("intakePage")
        self._build()
        self.reload_services(services)
        self._nik_timer = QTimer(self, singleShot=True, interval=150)
        self._nik_timer.timeout.connect(self._nik_complete)

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
                error.setStyleSheet(style.ERROR)
                error.hide()
                box.addWidget(error)
                self.rows[fld] = _Row(widget, error)
            holder = QWidget()
            holder.setLayout(box)
            box.setContentsMargins(0, 0, 0, 0)
            form.addRow(label, holder)

        # The NIK has one message line, under the field: what the NIK says, or what is wrong
        # with it (from typing or from a refused save), never both in two places.
        add(self.tr("&NIK"), None, self.nik, self.nik_info)
        self.rows[Field.NIK] = _Row(self.nik, self.nik_info)
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
        rt_error.setStyleSheet(style.ERROR)
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
        for widget in {row.widget for row in self.rows.values()}:
            self._recheck_on_change(widget)
        for edit in self._person_edits():
            edit.textEdited.connect(lambda _text, edit=edit: self._autofilled.pop(edit, None))
        self.sex.activated.connect(lambda _index: self._autofilled.pop(self.sex, None))
        self._update_notes_count()

    def _person_edits(self) -> tuple[QLineEdit, ...]:
        return (
            self.name,
            self.birth_date,
            self.address,
            self.rt,
            self.rw,
            self.hamlet,
            self.phone,
        )

    def _recheck_on_change(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._recheck)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._recheck)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._recheck)

    # -- catalogue ------------------------------------------------------------

    def reload_services(self, services: Sequence[ServiceInfo] | None = None) -> None:
        self._services = list(services) if services is not None else self._requests.services()
        chosen = self.service.currentData()  # a catalogue pulled mid-form keeps the choice
        ticked = {
            self.documents.item(row).text()
            for row in range(self.documents.count())
            if self.documents.item(row).checkState() == Qt.CheckState.Checked
        }
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem(self.tr("— pilih layanan —"), "")
        for info in self._services:
            self.service.addItem(
                f"{info.queue_prefix} · {_service_label(info, self._language)}", info.code
            )
        self.service.setCurrentIndex(max(0, self.service.findData(chosen)) if chosen else 0)
        self.service.blockSignals(False)
        self._fill_documents()
        for row in range(self.documents.count()):
            item = self.documents.item(row)
            if item.text() in ticked:
                item.setCheckState(Qt.CheckState.Checked)

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
        if self._filled_from_nik is not None and digits != self._filled_from_nik:
            self._forget_previous_person()
        self._show_nik_state(final=False)
        self._nik_timer.start()

    def _normalize_nik_text(self) -> None:
        """Leaving the NIK field: judge it as complete and fill what it tells at once."""
        self._show_nik_state(final=True)
        self._nik_timer.stop()
        self._nik_complete()

    def _show_nik_state(self, final: bool) -> None:
        text = self.nik.text()
        try:
            info = nik_rules.parse(text)
        except nik_rules.NikError as exc:
            still_typing = exc.problem is nik_rules.NikProblem.TOO_SHORT and not final
            if exc.problem is nik_rules.NikProblem.EMPTY or still_typing:
                digits = len(nik_rules.normalize(text))
                self._set_nik_info(
                    self.tr("{n} dari 16 angka").format(n=digits) if digits else "", ""
                )
            else:
                self._set_nik_info(texts.nik_problem(exc.problem), style.ERROR)
            return
        self._set_nik_info(
            self.tr("NIK valid: {summary}").format(summary=texts.nik_summary(info)), style.INFO
        )

    def _set_nik_info(self, text: str, sheet: str) -> None:
        self.nik_info.setStyleSheet(sheet)
        self.nik_info.setText(text)
        self.nik_info.setProperty("problem", sheet == style.ERROR and bool(text))

    def _nik_complete(self) -> None:
        """A whole, valid NIK: fill what it says now, then look its holder up off-thread."""
        try:
            info = nik_rules.parse(self.nik.text())
        except nik_rules.NikError:
            return
        if self._filled_from_nik == info.nik:
            return
        if self._filled_from_nik is not None:
            self._forget_previous_person()
        self._filled_from_nik = info.nik
        # What the NIK says saves typing: sex and birth date.
        self._autofill(self.birth_date, format_date(info.birth_date))
        self._autofill_sex(info.sex.value)
        nik = info.nik
        operations.run(
            self,
            lambda: self._requests.find_person(nik),
            lambda person: self._person_found(nik, person),
            lambda _error: None,  # no details to offer; the clerk types them
        )

    def _person_found(self, nik: str, person: PersonInfo | None) -> None:
        if not shiboken6.isValid(self):
            return  # the page was closed while the answer was on its way
        if nik != self._filled_from_nik or nik_rules.normalize(self.nik.text()) != nik:
            return  # the NIK changed while the answer was on its way
        if person is None:
            return
        self._autofill(self.name, person.name)
        self._autofill(self.address, person.address)
        self._autofill(self.rt, person.rt)
        self._autofill(self.rw, person.rw)
        self._autofill(self.hamlet, person.hamlet)
        self._autofill(self.phone, person.phone)
        self._autofill(self.birth_date, format_date(person.birth_date))
        self._autofill_sex(person.sex)
        if not self._saving and self.message.styleSheet() != style.ERROR:
            # (a refused save's message stays until the clerk saves again)
            self.message.setStyleSheet(style.INFO)
            self.message.setText(
                self.tr("Data pemohon diisi dari kunjungan sebelumnya. Periksa kembali.")
            )
            self._person_message = True

    def _autofill(self, edit: QLineEdit, value: str) -> None:
        """Fill an empty field, or replace what was filled before; never the clerk's words."""
        if edit.text().strip() and edit not in self._autofilled:
            return
        edit.setText(value)
        self._autofilled[edit] = value

    def _autofill_sex(self, value: str) -> None:
        if self.sex.currentData() and self.sex not in self._autofilled:
            return
        self.sex.setCurrentIndex(self.sex.findData(value))
        self._autofilled[self.sex] = value

    def _forget_previous_person(self) -> None:
        """The NIK changed: take out what was filled for the old one and not edited since."""
        for widget in self._autofilled:
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(0)
        self._autofilled.clear()
        self._filled_from_nik = None
        if self._person_message:
            self.message.clear()
            self._person_message = False

    def _update_notes_count(self) -> None:
        length = len(self.notes.toPlainText())
        self.notes_count.setText(self.tr("{n}/{max} karakter").format(n=length, max=MAX_NOTES))
        self.notes_count.setStyleSheet(style.ERROR if length > MAX_NOTES else style.MUTED)

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
        self._submit(self.form(), allow_open_duplicate=False)

    def _submit(self, form: IntakeForm, allow_open_duplicate: bool) -> None:
        self._saving = True
        self._counting = False
        self._person_message = False
        self.save_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Menyimpan…"))
        requests, printer = self._requests, self._printer

        def work() -> tuple[RequestRow, bool]:
            row = requests.register(form, allow_open_duplicate=allow_open_duplicate)
            # The printer setup is read here too, off the UI thread; the request is saved
            # already, so a setup that cannot be read only means no automatic print.
            try:
                auto_print = printer is not None and printer.auto_print()
            except Exception:
                auto_print = False
            return row, auto_print

        operations.run(
            self, work, self._saved, lambda error: self._failed(error, form, allow_open_duplicate)
        )

    def _saved(self, saved: tuple[RequestRow, bool]) -> None:
        row, auto_print = saved
        self._saving = False
        self.save_button.setEnabled(True)
        self.result.show_request(row, self._service_name(row.service_code, row.service_name))
        self.clear()
        if self.receipt is not None and self._printer is not None:
            self.receipt.set_request(row.tracking_code)
            if auto_print:
                self.receipt.print_now()
        self.message.setStyleSheet(style.INFO)
        self.message.setText(
            self.tr("Tersimpan. Nomor antrean {queue}, kode lacak {code}.").format(
                queue=row.queue_number, code=row.tracking_code
            )
        )
        self.registered.emit(row)

    def _failed(self, error: Exception, form: IntakeForm, allow_open_duplicate: bool) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.message.setStyleSheet(style.ERROR)
        if isinstance(error, IntakeRejected):
            self._show_problems(error.problems, error.today)
            if intake_rules.can_override(error.problems) and not form.identity_override.strip():
                self._ask_override_reason(form, error.problems, allow_open_duplicate)
        elif isinstance(error, OpenRequestExists):
            self.message.setText(
                self.tr("Belum tersimpan: pemohon ini sudah punya permohonan yang sama hari ini.")
            )
            self._ask_open_duplicate(form, error.existing)
        elif isinstance(error, DatabaseProblem):  # busy or disk full: what it is, what to do
            self.message.setText(
                self.tr("Belum tersimpan; isian tetap ada.")
                + " "
                + messages.database_problem(error)
            )
        else:
            self.message.setText(
                self.tr("Belum tersimpan karena kesalahan sistem; isian tetap ada. Coba lagi.")
            )

    def _ask_override_reason(
        self, form: IntakeForm, problems: list[FieldProblem], allow_open_duplicate: bool
    ) -> None:
        dialog = IdentityOverrideDialog(self._disagreements(form, problems), self)

        def go_on() -> None:
            reason = dialog.reason_text()
            self._submit(dataclasses.replace(form, identity_override=reason), allow_open_duplicate)

        dialog.accepted.connect(go_on)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _disagreements(self, form: IntakeForm, problems: list[FieldProblem]) -> list[str]:
        """``Tanggal lahir diketik 18-08-1990, menurut NIK 17-08-1990`` and the like."""
        try:
            info = nik_rules.parse(form.nik)
        except nik_rules.NikError:  # cannot happen: a mismatch needs a valid NIK
            return [texts.field_problem(p) for p in problems]
        lines = []
        for problem in problems:
            if problem.problem is intake_rules.Problem.NIK_BIRTH_DATE_MISMATCH:
                lines.append(
                    self.tr("Tanggal lahir diketik {typed}, menurut NIK {nik}.").format(
                        typed=form.birth_date.strip(), nik=format_date(info.birth_date)
                    )
                )
            elif problem.problem is intake_rules.Problem.NIK_SEX_MISMATCH:
                lines.append(
                    self.tr("Jenis kelamin dipilih {typed}, menurut NIK {nik}.").format(
                        typed=texts.sex_name(nik_rules.Sex(form.sex)),
                        nik=texts.sex_name(info.sex),
                    )
                )
        return lines

    def _ask_open_duplicate(self, form: IntakeForm, existing: list[RequestRow]) -> None:
        code = form.service_code
        name = self._service_name(code, existing[0].service_name if existing else code)
        dialog = OpenRequestDialog(existing, name, self)
        dialog.accepted.connect(lambda: self._submit(form, allow_open_duplicate=True))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _service_name(self, code: str, fallback: str) -> str:
        info = next((s for s in self._services if s.code == code), None)
        return fallback if info is None else _service_label(info, self._language)

    # -- problems next to their fields ------------------------------------------------

    def _show_problems(self, problems: list[FieldProblem], checked_on: dt.date | None) -> None:
        by_field = _by_field(problems)
        self._to_fix = {f for f in by_field if f in self.rows}
        self._flagged = set(self._to_fix)
        self._checked_on = checked_on
        self._render_problems(by_field)
        if Field.NIK in by_field:
            self._set_nik_info(" ".join(by_field[Field.NIK]), style.ERROR)
        first = next((f for f in self.rows if f in by_field), None)
        if first is not None:
            self.rows[first].widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._counting = True
        self._show_count(intake_rules.can_override(problems))

    def _recheck(self) -> None:
        """The clerk changed something after a refused save: re-judge the red fields."""
        if not self._to_fix or self._checked_on is None:
            return
        codes = frozenset(s.code for s in self._services)
        _, problems = intake_rules.validate(self.form(), codes, self._checked_on)
        by_field = _by_field(problems)
        self._flagged = self._to_fix & set(by_field)
        self._render_problems(by_field)
        self._show_count(
            intake_rules.can_override([p for p in problems if p.field in self._flagged])
        )

    def _render_problems(self, by_field: dict[Field, list[str]]) -> None:
        """Show each flagged field's current problems; RT and RW share one line."""
        lines: dict[QLabel, list[str]] = {}
        for fld, row in self.rows.items():
            if fld is Field.NIK:
                continue  # the NIK line follows what is typed (see _show_nik_state)
            found = by_field.get(fld, []) if fld in self._flagged else []
            lines.setdefault(row.error, []).extend(found)
        for label, found in lines.items():
            text = " ".join(dict.fromkeys(found))
            label.setText(text)
            label.setVisible(bool(text))

    def _show_count(self, overridable: bool) -> None:
        """``overridable``: every field still wrong only disagrees with the NIK."""
        if not self._counting:
            return
        # One per red message the clerk sees (RT and RW share theirs).
        n = len({self.rows[f].error for f in self._flagged})
        if n and overridable:
            self.message.setStyleSheet(style.ERROR)
            self.message.setText(
                self.tr(
                    "Belum tersimpan: %n isian berbeda dengan NIK. Perbaiki, atau tekan Enter "
                    "dan tulis alasannya jika KTP memang berbeda.",
                    "",
                    n,
                )
            )
        elif n:
            self.message.setStyleSheet(style.ERROR)
            self.message.setText(
                self.tr("Belum tersimpan: perbaiki %n isian yang ditandai merah.", "", n)
            )
        else:
            self.message.setStyleSheet(style.INFO)
            self.message.setText(
                self.tr("Isian yang ditandai sudah diperbaiki. Tekan Enter untuk menyimpan.")
            )

    def error_text(self, fld: Field) -> str:
        """The message shown next to a field ('' when none); used by tests and screen readers."""
        row = self.rows[fld]
        if fld is Field.NIK:
            return row.error.text() if row.error.property("problem") else ""
        return row.error.text()

    def clear(self) -> None:
        self._to_fix.clear()
        self._flagged.clear()
        self._counting = False
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
        self._set_nik_info("", "")
        self._filled_from_nik = None
        self._autofilled.clear()
        self._person_message = False
        self._render_problems({})
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

    def show_request(self, row: RequestRow, service_name: str) -> None:
        """``service_name``: in the UI language (the row carries the Indonesian one)."""
        self.queue.setText(row.queue_number)
        self.details.setText(
            self.tr(
                "{service}\n{name} · NIK {nik}\nKode lacak: {code}\nPerkiraan selesai: {date}"
            ).format(
                service=service_name,
                name=row.name,
                nik=row.nik_masked,
                code=row.tracking_code,
                date=row.expected_date.strftime("%d-%m-%Y"),
            )
        )


def _by_field(problems: list[FieldProblem]) -> dict[Field, list[str]]:
    by_field: dict[Field, list[str]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(texts.field_problem(problem))
    return by_field


def _service_label(info: ServiceInfo, language: str) -> str:
    return info.name_en if language == "en" else info.name
