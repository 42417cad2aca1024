"""Export of requests for supervisors and the kecamatan: an Excel workbook or a CSV file.

Both formats hold the same columns, with headers and statuses in words in the session's
language, and times in the office's time zone:

- **XLSX** (openpyxl, loaded only when an export runs): NIK and phone numbers are text cells,
  so Excel never shows ``3.27E+15`` or drops a phone number's leading 0; times and dates are
  real Excel dates; the header row is frozen and filterable.
- **CSV**: UTF-8 with a byte-order mark (so Excel reads "Dédé" right), separated by ``;`` in
  Indonesian (the list separator of Indonesian Windows, where ``,`` is the decimal comma) and
  ``,`` in English. Times are written ``YYYY-MM-DD HH:MM:SS`` (office time, zone in the header).

The file is streamed into a temporary file beside the target (:class:`printing.dispatch.
AtomicFile`: a recognisable name, removed after a crash by the next write there or the next
start) and renamed into place only after its audit entry is committed (day, row count, format;
never a NIK or a name): a failed export, or one whose audit fails, leaves the previous file as it
was and nothing else behind, so no list of NIKs leaves the PC unrecorded. A link, device, FIFO
or folder at the target is refused, never replaced. Nothing is written until the office is
configured, so no file goes out under a made-up office name.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from desktop.domain.export_columns import COLUMNS, CSV_DATETIME_FORMAT, TEXT_COLUMNS, headers
from desktop.models.tables import Person, Service, ServiceRequest
from desktop.services.export_types import ExportFormat, ExportRefused, ExportResult, Refusal
from desktop.services.files import journal_dir
from desktop.services.settings import SettingsService
from desktop.services.workspace import Workspace
from printing.dispatch import AtomicFile, check_target

Progress = Callable[[int, int], None]
"""Called with (rows written, rows in total) while an export runs."""


SHEET_TITLE = {"id": "Permohonan", "en": "Requests"}
TRAINING = "LATIHAN"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
DATE_FORMAT = "DD-MM-YYYY"
CSV_DELIMITER = {"id": ";", "en": ","}


def choose_format(out: Path, requested: str | None = None) -> ExportFormat:
    """The format for ``out``: ``requested`` if given, else the file's extension.

    Raises :class:`ExportRefused` when they disagree or neither says one.
    """
    suffix = out.suffix.lower().lstrip(".")
    by_name = ExportFormat(suffix) if suffix in set(ExportFormat) else None
    if requested is None:
        if by_name is None:
            raise ExportRefused(Refusal.UNKNOWN_FORMAT, out)
        return by_name
    fmt = ExportFormat(requested.lower())
    if by_name is not fmt:
        raise ExportRefused(Refusal.FORMAT_MISMATCH, out, fmt)
    return fmt


def export_requests(
    workspace: Workspace,
    out: Path,
    day: dt.date | None = None,
    fmt: ExportFormat | str | None = None,
    *,
    language: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the requests of ``day`` (all days if ``None``) to ``out``; return the row count.

    ``fmt`` defaults to the file's extension; ``language`` to the office's language.
    Raises :class:`ExportRefused`, ``OfficeNotConfigured`` (see the settings service) or
    :class:`OSError`; in each case ``out`` is left as it was.
    """
    return export_requests_to(workspace, out, day, fmt, language=language, progress=progress).rows


def export_requests_to(
    workspace: Workspace,
    out: Path,
    day: dt.date | None = None,
    fmt: ExportFormat | str | None = None,
    *,
    language: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """:func:`export_requests`, answering what was written where."""
    check_target(out)  # a link, device, FIFO or folder: refused before anything else
    chosen = choose_format(out, None if fmt is None else str(fmt))
    if not out.parent.is_dir():
        if out.parent.exists():  # a file where the folder should be: cannot write there
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out.parent))
        raise ExportRefused(Refusal.MISSING_FOLDER, out, chosen)
    settings_service = SettingsService(workspace)
    require = getattr(settings_service, "require_configured", None)
    settings = require() if require is not None else settings_service.load()
    language = language or settings.language
    rows = _Rows(workspace, day, language, settings.timezone)
    title = SHEET_TITLE.get(language, SHEET_TITLE["id"])
    if getattr(settings, "training", False):
        title = f"{title} {TRAINING}"
    head = headers(language, settings.timezone)

    def audit() -> None:  # before the file takes its name: nothing leaves unrecorded
        with workspace.transaction() as session:
            workspace.audit(
                session,
                "requests.exported",
                "service_request",
                "",
                f"day={day.isoformat() if day else 'all'} rows={rows.written} "
                f"format={chosen.value}",
            )

    with AtomicFile(out, journal=journal_dir(workspace.home)) as target:
        if chosen is ExportFormat.XLSX:
            _xlsx(head, rows, title, progress, target)
        else:
            _csv(head, rows, CSV_DELIMITER.get(language, ";"), progress, target.file)
        target.commit(audit)
    return ExportResult(out, chosen, rows.written)


class _Rows:
    """The requests to export, one dict per row, read in one read transaction."""

    def __init__(self, workspace: Workspace, day: dt.date | None, language: str, tz: str) -> None:
        self._ws = workspace
        self._day = day
        self._language = language
        self._tz = ZoneInfo(tz)
        self.written = 0
        self.total = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        from desktop.services.reports import status_labels  # reportlab: only when exporting

        words = status_labels(self._language)
        english = self._language == "en"
        stmt = (
            select(ServiceRequest, Service.code, Service.name, Service.name_en, Person.phone)
            .join(Service, ServiceRequest.service_id == Service.id)
            .join(Person, ServiceRequest.person_id == Person.id)
            .order_by(ServiceRequest.created_at, ServiceRequest.id)
        )
        counting = select(func.count(ServiceRequest.id))
        if self._day is not None:
            stmt = stmt.where(ServiceRequest.queue_day == self._day)
            counting = counting.where(ServiceRequest.queue_day == self._day)
        with self._ws.reading() as session:
            self.total = session.execute(counting).scalar_one()
            for request, code, name, name_en, phone in session.execute(stmt):
                yield {
                    "tracking_code": request.tracking_code,
                    "queue_number": request.queue_number,
                    "service": code,
                    "service_name": (name_en or name) if english else name,
                    "status": words.get(request.status, request.status),
                    "created_at": request.created_at.astimezone(self._tz).replace(tzinfo=None),
                    "queue_day": request.queue_day,
                    "expected_date": request.expected_date,
                    "nik": request.nik,
                    "name": request.name,
                    "phone": phone or "",
                }
                self.written += 1


_PROGRESS_STEP = 500


def _report(progress: Progress | None, rows: _Rows, force: bool = False) -> None:
    if progress is not None and (force or rows.written % _PROGRESS_STEP == 0):
        progress(rows.written, rows.total)


def _csv(
    head: Sequence[str], rows: _Rows, delimiter: str, progress: Progress | None, out: IO[bytes]
) -> None:
    buffer = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(head)
    for row in rows:
        writer.writerow(
            [
                row[key].strftime(CSV_DATETIME_FORMAT)
                if isinstance(row[key], dt.datetime)
                else row[key].isoformat()
                if isinstance(row[key], dt.date)
                else row[key]
                for key, *_ in COLUMNS
            ]
        )
        _report(progress, rows)
    buffer.flush()
    buffer.detach()  # the caller's file stays open
    _report(progress, rows, force=True)


def _xlsx(
    head: Sequence[str], rows: _Rows, title: str, progress: Progress | None, target: AtomicFile
) -> None:
    from openpyxl import Workbook  # heavy: only when an export runs
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, (_key, *_words, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for text in head:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    _stream_sheet_to(sheet, target.extra_path(".xml"))  # after the sheet's layout is set
    sheet.append(header_cells)
    for row in rows:
        cells: list[Any] = []
        for key, *_ in COLUMNS:
            value = row[key]
            if key in TEXT_COLUMNS:
                cell = WriteOnlyCell(sheet, value=str(value))
                cell.number_format = "@"  # stays text when the clerk edits it
                cells.append(cell)
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATETIME_FORMAT
                cells.append(cell)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
        _report(progress, rows)
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{rows.written + 1}"
    book.properties.title = title
    book.properties.creator = "Sewaka"
    book.save(target.file)
    _report(progress, rows, force=True)


def _stream_sheet_to(sheet: Any, path: Path) -> None:
    """Make openpyxl stream the sheet's rows to ``path`` (one of the export's own temporary
    files) instead of an ``openpyxl.*`` file in the system's temp folder, which a killed
    export would leave there for good, full of NIKs. openpyxl 3.1 has no option for this:
    the sheet's writer is made here the way ``WriteOnlyWorksheet._get_writer`` makes it."""
    from openpyxl.worksheet import _writer

    name = str(path)
    writer = _writer.WorksheetWriter(sheet, out=name)
    _writer.ALL_TEMP_FILES.append(name)  # openpyxl's clean-up removes it from that list
    writer.write_top()
    sheet._writer = writer
