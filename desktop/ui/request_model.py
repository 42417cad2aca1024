"""A table model over the request list that fetches pages lazily as the view scrolls.

Only what is on screen (plus a page) is loaded: the view asks
``canFetchMore``/``fetchMore`` as it scrolls and each page is one indexed
keyset query, so a database of 200,000 requests opens as fast as one of 20.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.status import Status
from desktop.services.requests import PageKey, RequestQuery, RequestRow, RequestService
from desktop.ui import texts

PAGE_SIZE = 200
Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS = {
    Status.WAITING: "#fff8e1",
    Status.CALLED: "#e3f2fd",
    Status.SERVING: "#e8f5e9",
    Status.ON_HOLD: "#fce4ec",
    Status.READY: "#ede7f6",
}


class RequestTableModel(QAbstractTableModel):
    COLUMNS = ("queue", "time", "service", "name", "nik", "status", "tracking")

    def __init__(self, requests: RequestService, tz_name: str = "Asia/Jakarta") -> None:
        super().__init__()
        self._requests = requests
        self._query = RequestQuery()
        self._rows: list[RequestRow] = []
        self._next: PageKey | None = None
        self._more = False
        self._total = 0
        from zoneinfo import ZoneInfo

        self._tz = ZoneInfo(tz_name)

    # -- loading ---------------------------------------------------------------

    @property
    def query(self) -> RequestQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: RequestQuery) -> None:
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        page = self._requests.search(self._query, limit=PAGE_SIZE)
        self._rows = list(page.rows)
        self._next = page.next_key
        self._more = page.next_key is not None
        self._total = self._requests.count(self._query)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = self._requests.search(self._query, after=self._next, limit=PAGE_SIZE)
        if not page.rows:
            self._more = False
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self._next = page.next_key
        self._more = page.next_key is not None
        self.endInsertRows()

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
                "queue": row.queue_number,
                "time": local.strftime("%d-%m-%Y %H:%M"),
                "service": row.service_code,
                "name": row.name,
                "nik": row.nik_masked,  # the list does not need the full NIK
                "status": texts.status_name(row.status),
                "tracking": row.tracking_code,
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == "service":
            return row.service_name
        if role == Qt.ItemDataRole.BackgroundRole and row.status in STATUS_COLOURS:
            return QColor(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
