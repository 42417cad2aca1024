"""A table model over the request list that fetches pages lazily as the view scrolls.

Only what is on screen (plus a page) is loaded: the view asks
``canFetchMore``/``fetchMore`` as it scrolls and each page is one indexed
keyset query, so a database of 200,000 requests opens as fast as one of 20.

Every query runs on a pool thread (``desktop.ui.operations``); the rows arrive
on the UI thread. A result that a newer query has overtaken is dropped, so a
slow search finishing late never replaces the list the clerk is looking at.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from desktop.services.request_types import Page, PageKey, RequestQuery, RequestRow
from desktop.ui import operations, style, texts
from printing import style as paper

if TYPE_CHECKING:
    from desktop.services.requests import RequestService

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex


class RequestTableModel(QAbstractTableModel):
    COLUMNS = ("queue", "time", "service", "name", "nik", "status", "tracking")

    started = Signal()  # a load began (the page shows a busy cursor until ``finished``)
    loaded = Signal()  # rows of the current query arrived (a new list or one more page)
    finished = Signal()  # any load ended: applied, overtaken by a newer one, or failed
    failed = Signal()  # the current query could not be read

    def __init__(
        self, requests: RequestService, tz_name: str = "Asia/Jakarta", language: str = "id"
    ) -> None:
        super().__init__()
        self._requests = requests
        self._query = RequestQuery()
        self._rows: list[RequestRow] = []
        self._next: PageKey | None = None
        self._more = False
        self._fetching = False
        self._total = 0
        self._generation = 0
        self._today: dt.date | None = None
        self._language = language
        from zoneinfo import ZoneInfo

        self._tz = ZoneInfo(tz_name)

    # -- loading ---------------------------------------------------------------

    @property
    def query(self) -> RequestQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def today(self) -> dt.date | None:
        """The office day when the list was last read (rows of earlier days are marked)."""
        return self._today

    @property
    def loading(self) -> bool:
        return self._fetching

    def set_query(self, query: RequestQuery) -> None:
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Read the first page and the count off the UI thread; ``loaded`` says when."""
        self._generation += 1
        generation, query, requests = self._generation, self._query, self._requests
        self._fetching = True
        self.started.emit()

        def work() -> tuple[Page, int, dt.date]:
            page = requests.search(query, limit=PAGE_SIZE)
            return page, requests.count(query), requests.today()

        def done(result: tuple[Page, int, dt.date]) -> None:
            if generation == self._generation:
                page, total, today = result
                self.beginResetModel()
                self._rows = list(page.rows)
                self._next = page.next_key
                self._more = page.next_key is not None
                self._total = total
                self._today = today
                self._fetching = False
                self.endResetModel()
                self.loaded.emit()
            self.finished.emit()

        operations.run(self, work, done, lambda error: self._failed(generation))

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._fetching = False
            self.failed.emit()
        self.finished.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._fetching:
            return
        self._fetching = True
        generation, query, after, requests = (
            self._generation,
            self._query,
            self._next,
            self._requests,
        )
        self.started.emit()

        def done(page: Page) -> None:
            if generation == self._generation:
                self._fetching = False
                self._more = page.next_key is not None and bool(page.rows)
                self._next = page.next_key
                if page.rows:
                    first = len(self._rows)
                    self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                    self._rows.extend(page.rows)
                    self.endInsertRows()
                self.loaded.emit()
            self.finished.emit()

        operations.run(
            self,
            lambda: requests.search(query, after=after, limit=PAGE_SIZE),
            done,
            lambda error: self._failed(generation),
        )

    def row_of(self, request_id: str) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == request_id:
                return i
        return None

    def earlier_day(self, row: RequestRow) -> bool:
        """A leftover from an earlier office day (not part of today's queue)."""
        return self._today is not None and row.queue_day is not None and row.queue_day < self._today

    def row_at(self, row: int) -> RequestRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def replace_row(self, updated: RequestRow) -> None:
        """Show a status change without reloading the list."""
        for i, row in enumerate(self._rows):
            if row.id == updated.id:
                self._rows[i] = updated
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return

    # -- Qt model API ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Antrean"),
            self.tr("Waktu"),
            self.tr("Layanan"),
            self.tr("Nama"),
            self.tr("NIK"),
            self.tr("Status"),
            self.tr("Kode lacak"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            local = row.created_at.astimezone(self._tz)
            return {
                "queue": self._queue_text(row),
                "time": local.strftime("%d-%m-%Y %H:%M"),
                "service": row.service_code,
                "name": damaged_name(row) if row.damaged else row.name,
                "nik": row.nik_masked,  # the list does not need the full NIK
                "status": texts.status_name(row.status),
                "tracking": row.tracking_code,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and row.damaged:
            return damaged_note()
        if role == Qt.ItemDataRole.ForegroundRole and column == "name" and row.damaged:
            return QColor(paper.BAD)
        if role == Qt.ItemDataRole.ToolTipRole and column == "service":
            return texts.service_name(row.service_name, row.service_name_en, self._language)
        if role == Qt.ItemDataRole.ToolTipRole and column == "queue" and self.earlier_day(row):
            return earlier_day_note(row)
        if role == Qt.ItemDataRole.ForegroundRole and column == "queue" and self.earlier_day(row):
            return QColor(style.EARLIER_DAY)
        if role == Qt.ItemDataRole.BackgroundRole and row.status in style.STATUS_BACKGROUND:
            return QColor(style.STATUS_BACKGROUND[row.status])
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _queue_text(self, row: RequestRow) -> str:
        if self.earlier_day(row) and row.queue_day is not None:
            return f"{row.queue_number} · {row.queue_day.strftime('%d-%m')}"
        return row.queue_number


def earlier_day_note(row: RequestRow) -> str:
    """Says that a queue number belongs to an earlier office day."""
    day = row.queue_day.strftime("%d-%m-%Y") if row.queue_day else ""
    return QCoreApplication.translate(
        "RequestTableModel", "Nomor antrean hari sebelumnya ({date}), bukan antrean hari ini."
    ).format(date=day)


def damaged_name(row: RequestRow) -> str:
    """The name column of a request whose stored data could not all be read."""
    return QCoreApplication.translate("RequestTableModel", "⚠ data rusak · {name}").format(
        name=row.name
    )


def damaged_note() -> str:
    """Why a request is marked "data rusak" and what to do about it."""
    return QCoreApplication.translate(
        "RequestTableModel",
        "Data rusak: sebagian data permohonan ini tidak terbaca di berkas data. "
        "Periksa dengan pemohon sebelum dipakai dan laporkan ke operator TI (sewaka check).",
    )
