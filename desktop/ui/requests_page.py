"""The request list: find requests, call the next person, move requests through statuses."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from desktop.domain.status import ALLOWED, NEEDS_REASON, Status, TransitionError
from desktop.services.requests import RequestQuery, RequestRow, RequestService
from desktop.ui import operations, texts
from desktop.ui.print_support import ReceiptPrinter
from desktop.ui.receipt_actions import ReceiptActions
from desktop.ui.request_model import RequestTableModel
from desktop.ui.widgets import named

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


class RequestsPage(QWidget):
    def __init__(
        self,
        requests: RequestService,
        timezone: str = "Asia/Jakarta",
        printer: ReceiptPrinter | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._printer = printer
        self.setObjectName("requestsPage")
        self._requests = requests
        self._tz = ZoneInfo(timezone)
        self.model = RequestTableModel(requests, timezone)
        self._build()
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self.apply_filters)

    def _build(self) -> None:
        self.search = named(QLineEdit(), "search")
        self.search.setPlaceholderText(self.tr("Cari nama, NIK atau kode lacak…"))
        self.search.setClearButtonEnabled(True)
        self.only_day = named(QCheckBox(self.tr("Tanggal")), "onlyDay")
        self.only_day.setChecked(True)
        self.day = named(QDateEdit(), "day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        today = self._requests.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.status = named(QComboBox(), "statusFilter")
        self.status.addItem(self.tr("Semua status"), None)
        for status in Status:
            self.status.addItem(texts.status_name(status), status.value)
        self.service = named(QComboBox(), "serviceFilter")
        self.service.addItem(self.tr("Semua layanan"), None)
        for info in self._requests.services():
            self.service.addItem(f"{info.queue_prefix} · {info.name}", info.code)
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
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((80, 130, 75, 220, 150, 160, 110)):
            self.table.setColumnWidth(column, width)
        self.table.setWordWrap(False)

        self.call_next = named(QPushButton(self.tr("Panggil berikutnya (F5)")), "callNext")
        self.call_next.setShortcut("F5")
        self.status_buttons: dict[Status, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.call_next)
        actions.addSpacing(20)
        for status in ACTION_ORDER:
            button = named(QPushButton(texts.status_action(status)), f"to_{status.value}")
            button.clicked.connect(lambda _=False, s=status: self.move_selected(s))
            self.status_buttons[status] = button
            actions.addWidget(button)
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

        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.only_day.toggled.connect(self.apply_filters)
        self.day.dateChanged.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self.service.currentIndexChanged.connect(self.apply_filters)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.call_next.clicked.connect(self.call_next_person)
        self._selection_changed()

    # -- filtering ------------------------------------------------------------------

    def showEvent(self, event: object) -> None:
        self.apply_filters()
        super().showEvent(event)  # type: ignore[arg-type]

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
        total = f"{self.model.total:,}".replace(",", ".")  # Indonesian thousands separator
        self.count.setText(self.tr("{n} permohonan").format(n=total))
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
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
        self.call_next.setEnabled(bool(self.service.currentData()))
        self.call_next.setToolTip(
            "" if self.service.currentData() else self.tr("Pilih layanan dulu di penyaring.")
        )
        self._show_detail(row)

    def _show_detail(self, row: RequestRow | None) -> None:
        if self.receipt is not None:
            self.receipt.set_request(row.tracking_code if row else None)
        if row is None:
            self.detail.setText("")
            return
        detail = self._requests.detail(row.id)
        now = dt.datetime.now(dt.UTC)
        e = _escape
        lines = [
            f"<b>{e(row.queue_number)}</b> · {e(row.service_name)}",
            e(self.tr("Pemohon: {name} (NIK {nik})").format(name=row.name, nik=row.nik_masked)),
            e(self.tr("Kode lacak: {code}").format(code=row.tracking_code)),
            e(
                self.tr("Perkiraan selesai: {date}").format(
                    date=row.expected_date.strftime("%d-%m-%Y")
                )
            ),
            e(
                self.tr("Menunggu: {m} menit · Dilayani: {s} menit").format(
                    m=int(detail.timings.wait.total_seconds() // 60),
                    s=int(detail.timings.service.total_seconds() // 60),
                )
            ),
            "<br><b>" + e(self.tr("Riwayat")) + "</b>",
        ]
        for period in detail.periods:
            start = period.start.astimezone(self._tz).strftime("%d-%m %H:%M")
            minutes = int(period.duration(now).total_seconds() // 60)
            lines.append(e(f"{start} {texts.status_name(period.status)} ({minutes} mnt)"))
        if detail.documents:
            lines.append("<br><b>" + e(self.tr("Berkas diterima")) + "</b>")
            lines.extend(e(f"✓ {d}") for d in detail.documents)
        if detail.reasons:
            lines.append("<br><b>" + e(self.tr("Alasan")) + "</b>")
            lines.extend(e(r) for r in detail.reasons)
        if detail.notes:
            lines.append("<br><b>" + e(self.tr("Catatan")) + "</b>")
            lines.append(e(detail.notes))
        self.detail.setText("<br>".join(lines))

    def call_next_person(self) -> None:
        code = self.service.currentData()
        if not code:
            return
        row = self._requests.call_next(code)
        if row is None:
            self.message.setText(self.tr("Tidak ada yang menunggu untuk layanan ini."))
            return
        self.message.setText(
            self.tr("Memanggil {queue} — {name}").format(queue=row.queue_number, name=row.name)
        )
        self.apply_filters()

    def move_selected(self, target: Status, reason: str | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        if target in NEEDS_REASON and reason is None:
            reason, ok = QInputDialog.getText(
                self,
                texts.status_action(target),
                self.tr("Alasan (wajib, akan tercatat):"),
            )
            if not ok:
                return
        request_id = row.id

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

        operations.run(
            self,
            lambda: self._requests.change_status(request_id, target, reason or ""),
            done,
            failed,
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
