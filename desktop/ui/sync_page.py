"""The sync page (F4): is this PC enrolled and online, what waits, what needs attention.

Everything it shows comes from the sync service (``Application.sync``) through
``desktop.ui.operations``, never on the UI thread. One :class:`SyncMonitor` per window reads
the status every few seconds and tells both the status-bar indicator and this page; the page
also reads its list of records every few seconds, but only while it is visible.

Labels come from the service already masked (a queue number, a tracking code, never a NIK or
a name); the page masks anything that still looks like a NIK before it shows it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import nik as nik_rules
from desktop.domain.office import timezone_label
from desktop.services.sync_types import (
    Enrolment,
    RecordState,
    SyncProblem,
    SyncRecord,
    SyncReport,
    SyncStatus,
)
from desktop.ui import operations, style, texts
from desktop.ui.widgets import named
from printing import style as paper

log = logging.getLogger(__name__)

STATUS_EVERY_MS = 5_000  # the status is read again this often (status bar and page)
RECORDS_EVERY_MS = 5_000  # the page's list is read again this often while it is visible
WAIT_FOR_OPEN_MS = 1_000  # before the database is open, look again this often
RECORD_LIMIT = 500  # the newest records the list shows

Index = QModelIndex | QPersistentModelIndex
_NIK_LIKE = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")


class SyncBackend(Protocol):
    """What the UI asks of the sync service (``desktop.services.sync.SyncService``)."""

    def status(self) -> SyncStatus: ...

    def records(self, state: RecordState | None, limit: int) -> list[SyncRecord]: ...

    def enrol(self, server_url: str, code: str, device_name: str = "") -> Enrolment: ...

    def sync_once(self) -> SyncReport: ...

    def nudge(self) -> None: ...

    def requeue_attention(self, seq: int) -> None: ...


# Called on a pool thread: building the real service opens the database there, not here.
Backend = Callable[[], SyncBackend]


def redact(text: str) -> str:
    """``text`` with anything shaped like a NIK masked (``327305********03``)."""
    return _NIK_LIKE.sub(lambda found: nik_rules.mask(found.group()), text)


class SyncMonitor(QObject):
    """Reads the sync status off the UI thread every few seconds; ``changed`` delivers it.

    One per window: the status-bar indicator and the sync page both listen. ``refresh``
    reads it now (after "sync now", an enrolment, a record sent again); a refresh asked for
    while one is running runs once more when it ends, so nothing asked for is lost.
    """

    changed = Signal(object)  # SyncStatus

    def __init__(
        self, backend: Backend, ready: Callable[[], bool], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._ready = ready
        self.status: SyncStatus | None = None
        self._reading = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(WAIT_FOR_OPEN_MS)
        if ready():
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Read the status now, off the UI thread (once the database is open)."""
        if not shiboken6.isValid(self):
            return  # the window closed before a queued call came
        if not self._ready():
            return
        self._timer.setInterval(STATUS_EVERY_MS)
        if self._reading:
            self._again = True
            return
        self._reading = True
        backend = self._backend
        operations.run(self, lambda: backend().status(), self._arrived, self._failed)

    def _arrived(self, status: SyncStatus) -> None:
        if not shiboken6.isValid(self):
            return
        self.status = status
        self.changed.emit(status)
        self._settle()

    def _failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        log.warning("reading the sync status failed: %s", type(error).__name__)
        self._settle()

    def _settle(self) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self.refresh()


class SyncRecordModel(QAbstractTableModel):
    """The queued changes the page lists, newest first."""

    COLUMNS = ("queued", "label", "entity", "state", "attempts", "reason")

    def __init__(self, timezone: str = "Asia/Jakarta") -> None:
        super().__init__()
        self._tz = ZoneInfo(timezone)
        self._records: list[SyncRecord] = []

    def set_records(self, records: Sequence[SyncRecord]) -> None:
        self.beginResetModel()
        self._records = sorted(records, key=lambda record: record.seq, reverse=True)
        self.endResetModel()

    def record(self, row: int) -> SyncRecord:
        return self._records[row]

    def row_of(self, seq: int) -> int | None:
        for row, record in enumerate(self._records):
            if record.seq == seq:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Waktu"),
            self.tr("Data"),
            self.tr("Jenis"),
            self.tr("Keadaan"),
            self.tr("Percobaan"),
            self.tr("Keterangan"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(record, column)
        attention = record.state is RecordState.ATTENTION and column in ("state", "reason")
        if role == Qt.ItemDataRole.ForegroundRole and attention:
            return QColor(paper.BAD)
        return None

    def _text(self, record: SyncRecord, column: str) -> str:
        if column == "queued":
            return record.queued_at.astimezone(self._tz).strftime("%d-%m-%Y %H:%M")
        if column == "label":
            if record.label in ("", record.entity):  # no queue number (a person's row): the
                # kind and the end of its id (the random part), which IT can look up
                return f"{texts.sync_entity(record.entity)} · …{record.entity_id[-8:]}"
            return redact(record.label)
        if column == "entity":
            return f"{texts.sync_entity(record.entity)} ({texts.sync_operation(record.operation)})"
        if column == "state":
            return texts.record_state(record.state)
        if column == "attempts":
            return str(record.attempts)
        return redact(texts.sync_reason(record.reason)) if record.reason else ""


class SyncPage(QWidget):
    """The state of sync: enrolment, connection, counts, problems, and the queued records."""

    enrol_requested = Signal()  # the enrol button was pressed (the feature opens the dialog)

    def __init__(
        self,
        backend: Backend,
        monitor: SyncMonitor,
        timezone: str = "Asia/Jakarta",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self._backend = backend
        self._monitor = monitor
        self._tz = ZoneInfo(timezone)
        self._tz_label = timezone_label(timezone)
        self._generation = 0
        self._syncing = False
        self.model = SyncRecordModel(timezone)
        self._build()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_records)
        monitor.changed.connect(self.show_status)
        if monitor.status is not None:
            self.show_status(monitor.status)

    def _build(self) -> None:
        self.enrolment = named(QLabel(self.tr("Memeriksa…")), "syncEnrolment")
        self.enrolment.setWordWrap(True)
        self.enrol_button = named(
            QPushButton(self.tr("&Daftarkan PC ke server…")), "syncEnrolButton"
        )
        self.enrol_button.clicked.connect(self.enrol_requested)
        self.connection = named(QLabel(), "syncConnection")
        self.last_sync = named(QLabel(), "syncLastConfirmed")
        self.counts = named(QLabel(), "syncCounts")
        self.counts.setWordWrap(True)
        self.reconciled = named(QLabel(), "syncReconciled")
        self.clock_warning = named(QLabel(), "syncClockWarning")
        self.clock_warning.setWordWrap(True)
        self.clock_warning.setStyleSheet(style.ERROR_BOLD)
        self.clock_warning.hide()
        self.problem = named(QLabel(), "syncProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(style.ERROR)
        self.problem.hide()

        enrolment = QHBoxLayout()
        enrolment.addWidget(self.enrolment, 1)
        enrolment.addWidget(self.enrol_button)
        server = QGroupBox(self.tr("Server kabupaten/kota"))
        form = QFormLayout(server)
        form.addRow(self.tr("Pendaftaran"), enrolment)
        form.addRow(self.tr("Sambungan"), self.connection)
        form.addRow(self.tr("Sinkronisasi lengkap terakhir"), self.last_sync)
        form.addRow(self.tr("Antrean kirim"), self.counts)
        form.addRow(self.tr("Pencocokan"), self.reconciled)
        form.addRow(self.clock_warning)
        form.addRow(self.problem)

        self.sync_button = named(QPushButton(self.tr("Sinkronkan &sekarang")), "syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        self.report = named(QLabel(), "syncReport")
        self.report.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.sync_button)
        actions.addWidget(self.report, 1)

        self.filter = named(QComboBox(), "syncFilter")
        self.filter.addItem(self.tr("Semua"), None)
        for state in (
            RecordState.ATTENTION,
            RecordState.PENDING,
            RecordState.SENT,
            RecordState.CONFIRMED,
        ):
            self.filter.addItem(texts.record_state(state), state.value)
        self.filter.currentIndexChanged.connect(self.refresh_records)
        filter_label = QLabel(self.tr("&Lihat"))
        filter_label.setBuddy(self.filter)
        self.shown = named(QLabel(), "syncShown")
        self.shown.setStyleSheet(style.MUTED)
        filters = QHBoxLayout()
        filters.addWidget(filter_label)
        filters.addWidget(self.filter)
        filters.addWidget(self.shown, 1)

        self.table = named(QTableView(), "syncRecords")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((120, 200, 190, 210, 80)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.requeue_button = named(QPushButton(self.tr("&Kirim ulang")), "syncRequeue")
        self.requeue_button.setToolTip(
            self.tr("Kirim lagi data yang perlu perhatian pada sinkronisasi berikutnya.")
        )
        self.requeue_button.clicked.connect(self.requeue_selected)
        self.message = named(QLabel(), "syncMessage")
        self.message.setWordWrap(True)
        # the selected record's reason in full (the column is cut short; keyboard users
        # never see a tooltip)
        self.reason = named(QLabel(), "syncReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(style.ERROR)
        self.reason.hide()
        below = QHBoxLayout()
        below.addWidget(self.requeue_button)
        below.addWidget(self.message, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(server)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason)
        layout.addLayout(below)
        self.setFocusProxy(self.table)
        self._selection_changed()

    # -- showing and hiding ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start(RECORDS_EVERY_MS)
        self._monitor.refresh()
        self.refresh_records()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()  # nobody looks: the list is not read

    # -- the status ----------------------------------------------------------------------------

    def show_status(self, status: SyncStatus) -> None:
        if not shiboken6.isValid(self):
            return
        if status.enrolled:
            self.enrolment.setText(
                self.tr("Terdaftar: {office} ({code}) · {server}").format(
                    office=status.office_name, code=status.office_code, server=status.server_url
                )
            )
            self.enrol_button.setText(self.tr("&Daftarkan ulang…"))
        else:
            self.enrolment.setText(self.tr("PC ini belum terdaftar ke server."))
            self.enrol_button.setText(self.tr("&Daftarkan PC ke server…"))
        # a training folder (LATIHAN) never syncs: nothing to enrol
        self.enrol_button.setVisible(status.problem is not SyncProblem.TRAINING)
        self.sync_button.setEnabled(
            not self._syncing and status.problem is not SyncProblem.TRAINING
        )
        self.connection.setText(self._connection_text(status))
        self.last_sync.setText(
            self._time(status.last_confirmed_at)
            if status.last_confirmed_at is not None
            else self.tr("Belum pernah")
        )
        self.counts.setText(
            self.tr(
                "Menunggu dikirim: {pending} · Terkirim, belum dikonfirmasi: {sent} · "
                "Ada di server: {confirmed} · Perlu perhatian: {attention}"
            ).format(
                pending=status.pending,
                sent=status.sent,
                confirmed=status.confirmed,
                attention=status.attention,
            )
        )
        self.counts.setStyleSheet(style.ERROR_BOLD if status.attention else "")
        if not status.enrolled:
            self.reconciled.setText(self.tr("Belum ada server"))
        elif status.reconciled:
            self.reconciled.setText(self.tr("Data di server sama dengan data di PC ini."))
        else:
            self.reconciled.setText(self.tr("Belum dicocokkan: masih ada yang belum di server."))
        self._show_clock(status)
        problem = status.problem
        self.problem.setText(texts.sync_problem(problem) if problem is not None else "")
        self.problem.setVisible(problem is not None)

    def _connection_text(self, status: SyncStatus) -> str:
        if not status.enrolled:
            text = self.tr("Belum terdaftar")
        elif status.online is None:
            text = self.tr("Belum tersambung")
        elif status.online:
            text = self.tr("Daring")
        else:
            text = self.tr("Luring")
        if status.syncing:
            text += " · " + self.tr("sedang sinkronisasi…")
        elif status.next_attempt_at is not None and status.enrolled:
            text += " · " + self.tr("coba lagi {time}").format(
                time=status.next_attempt_at.astimezone(self._tz).strftime("%H:%M")
            )
        return text

    def _show_clock(self, status: SyncStatus) -> None:
        skew = status.clock_skew
        if skew is None or not status.clock_warning:
            self.clock_warning.hide()
            return
        # skew is the server's time minus this PC's: positive means the PC is behind
        text = (
            self.tr(
                "Jam PC berbeda {difference} dari jam server (jam PC terlambat). Betulkan jam "
                "PC: waktu pada data dan struk memakai jam PC."
            )
            if skew > dt.timedelta(0)
            else self.tr(
                "Jam PC berbeda {difference} dari jam server (jam PC terlalu cepat). Betulkan "
                "jam PC: waktu pada data dan struk memakai jam PC."
            )
        )
        self.clock_warning.setText(text.format(difference=texts.duration(abs(skew))))
        self.clock_warning.show()

    def _time(self, moment: dt.datetime) -> str:
        local = moment.astimezone(self._tz).strftime("%d-%m-%Y %H:%M")
        return f"{local} {self._tz_label}"

    # -- sync now ------------------------------------------------------------------------------

    def sync_now(self) -> None:
        """One sync round off the UI thread; its report is said next to the button."""
        if self._syncing:
            return
        self._syncing = True
        self.sync_button.setEnabled(False)
        self.report.setStyleSheet("")
        self.report.setText(self.tr("Menyinkronkan…"))
        backend = self._backend
        operations.run(self, lambda: backend().sync_once(), self._synced, self._sync_failed)

    def _synced(self, report: SyncReport) -> None:
        if not shiboken6.isValid(self):
            return
        self._syncing = False
        self.sync_button.setEnabled(True)
        self.report.setText(self.report_text(report))
        bad = report.problem is not None or report.rejected > 0
        self.report.setStyleSheet(style.ERROR if bad else style.INFO)
        self._monitor.refresh()
        self.refresh_records()

    def _sync_failed(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self._syncing = False
        self.sync_button.setEnabled(True)
        self.report.setStyleSheet(style.ERROR)
        self.report.setText(
            self.tr(
                "Sinkronisasi tidak dapat dijalankan: data Sewaka di PC ini belum dapat "
                "dibaca. Coba lagi sebentar lagi."
            )
        )
        self._monitor.refresh()

    def report_text(self, report: SyncReport) -> str:
        """One sync round in a sentence or two."""
        parts = [self.tr("%n data terkirim", "", report.pushed)]
        if report.duplicates:
            parts.append(self.tr("%n sudah ada di server", "", report.duplicates))
        if report.resent:
            parts.append(self.tr("%n dikirim ulang karena belum ada di server", "", report.resent))
        parts.append(self.tr("%n perubahan diterima dari server", "", report.pulled))
        if report.rejected:
            parts.append(self.tr("%n ditolak (lihat Perlu perhatian)", "", report.rejected))
        happened = (
            report.pushed + report.duplicates + report.resent + report.pulled + report.rejected
        )
        if report.problem is not None and not happened:
            head = self.tr("Sinkronisasi tidak berjalan.")  # the problem sentence says why
        elif report.problem is not None:
            head = self.tr("Sinkronisasi belum selesai: {parts}.").format(parts=", ".join(parts))
        else:
            head = self.tr("Sinkronisasi selesai: {parts}.").format(parts=", ".join(parts))
        lines = [head]
        if report.reconciled:
            lines.append(self.tr("Semua data PC ini sudah ada di server."))
        elif report.pending:
            lines.append(self.tr("%n data masih menunggu dikirim.", "", report.pending))
        if report.problem is not None:
            lines.append(texts.sync_problem(report.problem))
        return " ".join(lines)

    # -- the records ---------------------------------------------------------------------------

    def refresh_records(self) -> None:
        """Read the list off the UI thread; a result overtaken by a newer read is dropped."""
        self._generation += 1
        generation, backend = self._generation, self._backend
        data = self.filter.currentData()
        state = RecordState(data) if data else None

        def done(records: list[SyncRecord]) -> None:
            if shiboken6.isValid(self) and generation == self._generation:
                self._show_records(records)

        def failed(error: Exception) -> None:
            if shiboken6.isValid(self) and generation == self._generation:
                log.warning("reading the sync records failed: %s", type(error).__name__)

        operations.run(self, lambda: backend().records(state, RECORD_LIMIT), done, failed)

    def _show_records(self, records: list[SyncRecord]) -> None:
        selected = self.selected_record()
        self.model.set_records(records)
        if selected is not None and (row := self.model.row_of(selected.seq)) is not None:
            self.table.selectRow(row)  # a refresh keeps what the user was looking at
        if not records:
            self.shown.setText(self.tr("Tidak ada data."))
        elif len(records) >= RECORD_LIMIT:
            self.shown.setText(self.tr("%n data terbaru ditampilkan.", "", len(records)))
        else:
            self.shown.setText(self.tr("%n data, terbaru di atas.", "", len(records)))
        self._selection_changed()

    def selected_record(self) -> SyncRecord | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.record(index.row())

    def _selection_changed(self) -> None:
        record = self.selected_record()
        attention = record is not None and record.state is RecordState.ATTENTION
        self.requeue_button.setEnabled(attention)
        if record is not None and attention and record.reason:
            self.reason.setText(redact(texts.sync_reason(record.reason)))
            self.reason.show()
        else:
            self.reason.hide()

    def requeue_selected(self) -> None:
        """Queue the selected 'needs attention' record again (off the UI thread)."""
        record = self.selected_record()
        if record is None or record.state is not RecordState.ATTENTION:
            return
        backend, seq, label = self._backend, record.seq, redact(record.label)
        self.requeue_button.setEnabled(False)

        def work() -> None:
            backend().requeue_attention(seq)  # the service sends it soon (it nudges itself)

        def done(_: None) -> None:
            if not shiboken6.isValid(self):
                return
            self.message.setStyleSheet(style.INFO)
            self.message.setText(
                self.tr("{label} dikirim ulang pada sinkronisasi berikutnya.").format(label=label)
            )
            self._monitor.refresh()
            self.refresh_records()

        def failed(error: Exception) -> None:
            if not shiboken6.isValid(self):
                return
            self.message.setStyleSheet(style.ERROR)
            self.message.setText(self.tr("{label} tidak dapat dikirim ulang.").format(label=label))
            self._selection_changed()

        operations.run(self, work, done, failed)
