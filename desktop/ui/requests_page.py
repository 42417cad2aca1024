"""The request list: find requests, call the next person, move requests through statuses.

Every database read and write of this page (search and count, the detail pane,
call next, status moves, corrections) runs through ``desktop.ui.operations``
off the UI thread, under a busy cursor; a result that a newer request has
overtaken is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import messages
from desktop.domain.correction import Correction
from desktop.domain.status import ALLOWED, NEEDS_REASON, Status, TransitionError
from desktop.services.request_types import (
    CorrectionRejected,
    CorrectionValues,
    RequestDetail,
    RequestQuery,
    RequestRow,
    ServiceInfo,
)
from desktop.services.startup import DatabaseProblem
from desktop.ui import operations, style, texts
from desktop.ui.correction_dialog import CorrectionDialog
from desktop.ui.print_support import ReceiptPrinter
from desktop.ui.receipt_actions import ReceiptActions
from desktop.ui.request_model import RequestTableModel, damaged_note, earlier_day_note
from desktop.ui.widgets import named

if TYPE_CHECKING:
    from desktop.services.requests import RequestService

T = TypeVar("T")

ACTION_ORDER = (
    Status.CALLED,
    Status.SERVING,
    Status.ON_HOLD,
    Status.READY,
    Status.PICKED_UP,
    Status.WAITING,
    Status.REJECTED,
    Status.CANCELLED,
)

# Keys of the status buttons. F1-F5, Ctrl+N/P/Q/S/E belong to the window and this page.
STATUS_KEYS = {
    Status.CALLED: "Shift+F5",  # call this one (F5 calls the next in the queue)
    Status.SERVING: "F6",
    Status.ON_HOLD: "F7",
    Status.READY: "F8",
    Status.PICKED_UP: "F9",
    Status.WAITING: "F10",
    Status.REJECTED: "F11",
    Status.CANCELLED: "F12",
}
CORRECT_KEY = "Ctrl+E"


class RequestsPage(QWidget):
    def __init__(
        self,
        requests: RequestService,
        timezone: str = "Asia/Jakarta",
        printer: ReceiptPrinter | None = None,
        parent: QWidget | None = None,
        *,
        language: str = "id",
        services: Sequence[ServiceInfo] | None = None,
        today: dt.date | None = None,
    ) -> None:
        """``services`` and ``today`` (the office day) come from the start-up snapshot, so
        building the page reads nothing; None reads them from ``requests``."""
        super().__init__(parent)
        self._initial_services = services
        self._initial_today = today
        self._printer = printer
        self.setObjectName("requestsPage")
        self._requests = requests
        self._tz = ZoneInfo(timezone)
        self._language = language
        self._locale = (
            QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
            if language == "en"
            else QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
        )
        self._busy = 0
        self._detail_generation = 0
        self._select_after_load: str | None = None
        self.pending_dialog: QInputDialog | None = None
        self.correction_dialog: CorrectionDialog | None = None
        self.model = RequestTableModel(requests, timezone, language)
        self._build()
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filters)

    def _build(self) -> None:
        self.search = named(QLineEdit(), "search")
        self.search.setPlaceholderText(
            self.tr("Cari nama, NIK, kode lacak atau nomor antrean (mis. D1)…")
        )
        self.search.setClearButtonEnabled(True)
        self.only_day = named(QCheckBox(self.tr("Tanggal")), "onlyDay")
        self.only_day.setChecked(True)
        self.day = named(QDateEdit(), "day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        today = self._initial_today or self._requests.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.status = named(QComboBox(), "statusFilter")
        self.status.addItem(self.tr("Semua status"), None)
        for status in Status:
            self.status.addItem(texts.status_name(status), status.value)
        self.service = named(QComboBox(), "serviceFilter")
        self.service.addItem(self.tr("Semua layanan"), None)
        services = self._initial_services
        for info in services if services is not None else self._requests.services():
            name = texts.service_name(info.name, info.name_en, self._language)
            self.service.addItem(f"{info.queue_prefix} · {name}", info.code)
        self.count = named(QLabel(), "count")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.only_day)
        filters.addWidget(self.day)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.service, 2)

        self.table = named(QTableView(), "requestTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((80, 130, 75, 220, 150, 160, 110)):
            self.table.setColumnWidth(column, width)
        # The queue number is what the clerk calls out: always as wide as it needs.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)

        self.call_next = named(QPushButton(self.tr("Panggil berikutnya (F5)")), "callNext")
        self.call_next.setShortcut("F5")
        self.call_next.setToolTip(
            self.tr("Memanggil nomor antrean hari ini berikutnya dari layanan yang dipilih.")
        )
        self.status_buttons: dict[Status, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.call_next)
        actions.addSpacing(20)
        for status in ACTION_ORDER:
            key = QKeySequence(STATUS_KEYS[status])
            label = f"{texts.status_action(status)} ({key.toString()})"
            button = named(QPushButton(label), f"to_{status.value}")
            button.setShortcut(key)
            button.clicked.connect(lambda _=False, s=status: self.move_selected(s))
            self.status_buttons[status] = button
            actions.addWidget(button)
        self.correct_button = named(QPushButton(self.tr("Koreksi (Ctrl+E)")), "correctRequest")
        self.correct_button.setShortcut(QKeySequence(CORRECT_KEY))
        self.correct_button.clicked.connect(self.correct_selected)
        actions.addSpacing(20)
        actions.addWidget(self.correct_button)
        actions.addStretch()

        self.detail = named(QLabel(wordWrap=True), "detail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setMinimumWidth(300)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = named(QLabel(wordWrap=True), "listMessage")

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        self.receipt: ReceiptActions | None = None
        if self._printer is not None:
            self.receipt = ReceiptActions(self._printer)
            layout.addWidget(self.receipt)
        layout.addWidget(self.message)
        layout.addWidget(self.count)
        # Ctrl+P prints the selected request's receipt, as its button says.
        QShortcut(QKeySequence.StandardKey.Print, self).activated.connect(self.print_receipt)

        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.only_day.toggled.connect(self.apply_filters)
        self.day.dateChanged.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self.service.currentIndexChanged.connect(self.apply_filters)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.call_next.clicked.connect(self.call_next_person)
        self.model.started.connect(self._begin_busy)
        self.model.finished.connect(self._end_busy)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._load_failed)
        self._selection_changed()

    # -- off the UI thread ------------------------------------------------------------

    def _begin_busy(self) -> None:
        if self._busy == 0:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._busy += 1

    def _end_busy(self) -> None:
        if self._busy == 0:
            return
        self._busy -= 1
        if self._busy == 0:
            QApplication.restoreOverrideCursor()

    def _run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """``operations.run`` under the busy cursor; nothing is delivered to a closed page."""
        self._begin_busy()

        def done(result: T) -> None:
            if shiboken6.isValid(self):
                self._end_busy()
                on_done(result)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(self):
                self._end_busy()
                on_error(error)
                if isinstance(error, DatabaseProblem):  # busy, disk full: say what it is
                    self.message.setText(messages.database_problem(error))

        operations.run(self, work, done, failed)

    # -- filtering ------------------------------------------------------------------

    def showEvent(self, event: object) -> None:
        self.apply_filters()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:
        while self._busy:  # never leave the busy cursor behind on another tab
            self._end_busy()
        super().hideEvent(event)  # type: ignore[arg-type]

    def apply_filters(self) -> None:
        status = self.status.currentData()
        day = self.day.date().toPython() if self.only_day.isChecked() else None
        assert day is None or isinstance(day, dt.date)
        query = RequestQuery(
            day=day,
            status=Status(status) if status else None,
            service_code=self.service.currentData(),
            text=self.search.text(),
        )
        self.day.setEnabled(self.only_day.isChecked())
        self.model.set_query(query)

    def _load_failed(self) -> None:
        self.message.setText(self.tr("Daftar tidak dapat dibaca; coba lagi."))

    def _show_count(self) -> None:
        total = self.model.total
        text = self.tr("%n permohonan", "", total)
        # Qt writes %n plainly; the UI language's thousands separator reads better.
        self.count.setText(text.replace(str(total), self._locale.toString(total), 1))

    def _loaded(self) -> None:
        self._show_count()
        wanted = self._select_after_load
        if wanted is not None:
            row = self.model.row_of(wanted)
            if row is None and self.model.canFetchMore():
                self.model.fetchMore()  # the called request is further down the list
                return
            self._select_after_load = None
            if row is not None:
                self._select_row(row)
                return
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._selection_changed()

    def _select_row(self, row: int) -> None:
        self.table.selectRow(row)
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.horizontalScrollBar().setValue(0)  # keep the queue number in sight
        self._selection_changed()

    # -- acting -------------------------------------------------------------------

    def selected(self) -> RequestRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selection_changed(self) -> None:
        row = self.selected()
        allowed = ALLOWED[row.status] if row else frozenset()
        for status, button in self.status_buttons.items():
            button.setEnabled(status in allowed)
        self.correct_button.setEnabled(row is not None)
        self._show_detail(row)

    def print_receipt(self) -> None:
        """Ctrl+P: print (or reprint) the selected request's receipt."""
        if self.receipt is None:
            return
        if self.selected() is None:
            self.message.setText(self.tr("Pilih permohonan yang struknya akan dicetak."))
            return
        self.receipt.print_now()

    def _show_detail(self, row: RequestRow | None) -> None:
        if self.receipt is not None:
            self.receipt.set_request(row.tracking_code if row else None)
        self._detail_generation += 1
        generation = self._detail_generation
        if row is None:
            self.detail.setText("")
            return
        request_id, requests = row.id, self._requests

        def done(detail: RequestDetail) -> None:
            if generation == self._detail_generation:
                self.detail.setText(self._detail_html(detail))

        def failed(error: Exception) -> None:
            if generation == self._detail_generation:
                self.detail.setText(_escape(self.tr("Rincian tidak dapat dibaca.")))

        self._run(lambda: requests.detail(request_id), done, failed)

    def _detail_html(self, detail: RequestDetail) -> str:
        row = detail.row
        now = detail.as_of or dt.datetime.now(dt.UTC)
        e = _escape
        service = texts.service_name(row.service_name, row.service_name_en, self._language)
        lines = [f"<b>{e(row.queue_number)}</b> · {e(service)}"]
        if row.damaged:
            lines.append(f'<b style="{style.ERROR}">{e(damaged_note())}</b>')
        if self.model.earlier_day(row):
            lines.append(f"<i>{e(earlier_day_note(row))}</i>")
        lines += [
            e(self.tr("Pemohon: {name} (NIK {nik})").format(name=row.name, nik=row.nik_masked)),
            e(self.tr("Kode lacak: {code}").format(code=row.tracking_code)),
            e(
                self.tr("Perkiraan selesai: {date}").format(
                    date=row.expected_date.strftime("%d-%m-%Y")
                )
            ),
            e(
                self.tr("Menunggu: {wait} · Dilayani: {service}").format(
                    wait=texts.duration(detail.timings.wait),
                    service=texts.duration(detail.timings.service),
                )
            ),
        ]
        if detail.identity_override:
            lines.append(
                e(
                    self.tr("Data berbeda dengan NIK, disimpan dengan alasan: {reason}").format(
                        reason=detail.identity_override
                    )
                )
            )
        lines.append("<br><b>" + e(self.tr("Riwayat")) + "</b>")
        history: list[tuple[dt.datetime, str]] = []
        for period in detail.periods:
            text = f"{texts.status_name(period.status)} ({texts.duration(period.duration(now))})"
            if period.status is Status.PICKED_UP:
                text += " · " + (
                    self.tr("diambil oleh {name}").format(name=detail.collected_by)
                    if detail.collected_by
                    else self.tr("diambil pemohon sendiri")
                )
            history.append((period.start, text))
        for correction in detail.corrections:
            fields = ", ".join(texts.correction_field(f) for f in correction.fields)
            history.append(
                (
                    correction.at,
                    self.tr("Dikoreksi: {fields} · {reason} ({actor})").format(
                        fields=fields, reason=correction.reason, actor=correction.actor
                    ),
                )
            )
        for at, text in sorted(history, key=lambda item: item[0]):
            lines.append(e(f"{at.astimezone(self._tz).strftime('%d-%m %H:%M')} {text}"))
        if detail.documents:
            lines.append("<br><b>" + e(self.tr("Berkas diterima")) + "</b>")
            lines.extend(e(f"✓ {d}") for d in detail.documents)
        if detail.reasons:
            lines.append("<br><b>" + e(self.tr("Alasan")) + "</b>")
            lines.extend(e(r) for r in detail.reasons)
        if detail.notes:
            lines.append("<br><b>" + e(self.tr("Catatan")) + "</b>")
            lines.append(e(detail.notes))
        return "<br>".join(lines)

    def call_next_person(self) -> None:
        """F5: call the next person of today's queue (of the chosen service, or of any)."""
        code = self.service.currentData()
        requests = self._requests

        def done(row: RequestRow | None) -> None:
            if row is None:
                self.message.setText(
                    self.tr("Tidak ada yang menunggu untuk layanan ini hari ini.")
                    if code
                    else self.tr("Tidak ada yang menunggu hari ini.")
                )
                return
            self.message.setText(
                self.tr("Memanggil {queue} — {name}").format(queue=row.queue_number, name=row.name)
            )
            self._show_request(row)

        def failed(error: Exception) -> None:
            self.message.setText(self.tr("Tidak dapat memanggil; coba lagi."))

        self._run(lambda: requests.call_next(code), done, failed)

    def _show_request(self, row: RequestRow) -> None:
        """Set the filters so that ``row`` is in the list, then select it and scroll to it."""
        widgets = (self.search, self.only_day, self.day, self.status, self.service)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._search_timer.stop()
            self.search.clear()
            if self.status.currentData() not in (None, row.status.value):
                self.status.setCurrentIndex(0)
            if self.service.currentData() not in (None, row.service_code):
                self.service.setCurrentIndex(0)
            if row.queue_day is not None:
                day = row.queue_day
                self.only_day.setChecked(True)
                self.day.setDate(QDate(day.year, day.month, day.day))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self._select_after_load = row.id
        self.table.clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        self.apply_filters()

    def move_selected(
        self, target: Status, reason: str | None = None, collected_by: str | None = None
    ) -> None:
        row = self.selected()
        if row is None:
            return
        if target in NEEDS_REASON and reason is None:
            self._ask(
                texts.status_action(target),
                self.tr("Alasan (wajib, akan tercatat):"),
                lambda text: self.move_selected(target, text, collected_by),
            )
            return
        if target is Status.PICKED_UP and collected_by is None:
            self._ask(
                texts.status_action(target),
                self.tr(
                    "Siapa yang mengambil dokumen? Kosongkan bila {name} sendiri yang mengambil."
                ).format(name=row.name),
                lambda text: self.move_selected(target, reason, text),
            )
            return
        request_id, requests = row.id, self._requests
        collector = "" if collected_by is None else collected_by
        if " ".join(collector.split()).casefold() == row.name.casefold():
            collector = ""  # the applicant named themself

        def done(updated: RequestRow) -> None:
            self.model.replace_row(updated)
            self.message.setText(
                self.tr("{queue}: {status}").format(
                    queue=updated.queue_number, status=texts.status_name(updated.status)
                )
            )
            self._selection_changed()

        def failed(error: Exception) -> None:
            if isinstance(error, TransitionError):
                self.message.setText(texts.transition_problem(error))
            else:
                self.message.setText(self.tr("Status tidak dapat diubah; coba lagi."))

        self._run(
            lambda: requests.change_status(request_id, target, reason or "", collector),
            done,
            failed,
        )

    def _ask(self, title: str, label: str, on_ok: Callable[[str], None]) -> None:
        """A one-line question that does not block the event loop (Enter answers, Esc drops)."""
        dialog = QInputDialog(self)
        dialog.setObjectName("askDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setOkButtonText(self.tr("OK"))
        dialog.setCancelButtonText(self.tr("Batal"))
        dialog.textValueSelected.connect(on_ok)
        dialog.finished.connect(lambda _: self._forget_dialog(dialog))
        self.pending_dialog = dialog
        dialog.open()

    def _forget_dialog(self, dialog: QInputDialog) -> None:
        if self.pending_dialog is dialog:
            self.pending_dialog = None
        dialog.deleteLater()

    # -- corrections ------------------------------------------------------------------

    def correct_selected(self) -> None:
        """Ctrl+E: correct the selected request's name, address, phone, documents or notes."""
        row = self.selected()
        if row is None:
            return
        request_id, requests = row.id, self._requests

        def failed(error: Exception) -> None:
            self.message.setText(self.tr("Permohonan tidak dapat dibaca; coba lagi."))

        self._run(
            lambda: requests.correction_values(request_id),
            lambda values: self._open_correction(request_id, values),
            failed,
        )

    def _open_correction(self, request_id: str, values: CorrectionValues) -> None:
        dialog = CorrectionDialog(values, self)
        self.correction_dialog = dialog
        requests = self._requests

        def submitted(correction: Correction) -> None:
            def done(updated: RequestRow) -> None:
                dialog.accept()
                self.model.replace_row(updated)
                self.message.setText(
                    self.tr("{queue}: koreksi disimpan.").format(queue=updated.queue_number)
                )
                self._selection_changed()

            def failed(error: Exception) -> None:
                if isinstance(error, CorrectionRejected):
                    dialog.show_refusal(error)
                else:
                    dialog.show_failure(self.tr("Koreksi tidak dapat disimpan; coba lagi."))

            self._run(lambda: requests.correct(request_id, correction), done, failed)

        dialog.submitted.connect(submitted)
        dialog.finished.connect(lambda _: self._forget_correction(dialog))
        dialog.open()

    def _forget_correction(self, dialog: CorrectionDialog) -> None:
        if self.correction_dialog is dialog:
            self.correction_dialog = None
        dialog.deleteLater()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
